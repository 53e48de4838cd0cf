import { AppError } from '../../lib/errors';

export const eventErrors = {
  notFound: () => new AppError('events.not_found', 404),
  ended: () => new AppError('events.ended', 409),
  orgNotFound: () => new AppError('orgs.not_found', 404, { field: 'orgId' }),
};
