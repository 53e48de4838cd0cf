import { AppError } from '../../lib/errors';

export const memberErrors = {
  notMember: () => new AppError('members.not_member'),
  serviceCardExists: () => new AppError('members.service_card_exists'),
};
