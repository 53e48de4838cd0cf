import type { ErrorCode } from '@union/shared';
import { AppError } from '../../lib/errors';

export const memberErrors = {
  notMember: () => new AppError('members.not_member'),
  serviceCardExists: () => new AppError('members.service_card_exists'),
  codeRefused: (code: ErrorCode) => new AppError(code, { field: 'token' }),
  codeMemberNotFound: () => new AppError('codes.member_not_found', { field: 'token' }),
  notFound: () => new AppError('members.not_found'),
  transferPending: () => new AppError('members.transfer_pending'),
  notRetained: () => new AppError('members.not_retained'),
  phoneSame: () => new AppError('members.phone_same', { field: 'phone' }),
  phoneTaken: () => new AppError('members.phone_taken', { field: 'phone' }),
  transferNotFound: () => new AppError('transfers.not_found'),
  sameUnion: () => new AppError('transfers.same_union', { field: 'orgId' }),
  transferDecided: (status: string) => new AppError('transfers.already_decided', { extra: { status } }),
  objectionOpen: (until: Date) => new AppError('transfers.objection_open', { extra: { until: until.toISOString() } }),
  objectionClosed: () => new AppError('transfers.objection_closed'),
  ownTransfer: () => new AppError('transfers.own'),
  ownMembership: () => new AppError('members.own_membership'),
};
