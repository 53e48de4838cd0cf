import { AppError } from '../../lib/errors';

export const merchantErrors = {
  notFound: () => new AppError('merchants.not_found'),
  notClerk: () => new AppError('merchants.not_clerk'),
  orgNotFound: () => new AppError('orgs.not_found', { field: 'orgId' }),
};
