import type { ErrorCode } from '@union/shared';
import { AppError } from '../../lib/errors';

export const memberErrors = {
  notMember: () => new AppError('members.not_member'),
  serviceCardExists: () => new AppError('members.service_card_exists'),
  codeRefused: (code: ErrorCode) => new AppError(code, { field: 'token' }),
  codeMemberNotFound: () => new AppError('codes.member_not_found', { field: 'token' }),
};
