import { AppError } from '../../lib/errors';
import { orgErrors } from '../orgs';

export const merchantErrors = {
  notFound: () => new AppError('merchants.not_found'),
  notClerk: () => new AppError('merchants.not_clerk'),
  orgNotFound: () => orgErrors.notFound(),
};
