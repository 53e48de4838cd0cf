import { AppError } from '../../lib/errors';

export const eventErrors = {
  notFound: () => new AppError('events.not_found'),
  ended: () => new AppError('events.ended'),
  orgNotFound: () => new AppError('orgs.not_found', { field: 'orgId' }),
};
