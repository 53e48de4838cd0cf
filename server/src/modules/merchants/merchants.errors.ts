import { AppError } from '../../lib/errors';
import { orgErrors } from '../orgs';

export const merchantErrors = {
  notFound: () => new AppError('merchants.not_found'),
  notClerk: () => new AppError('merchants.not_clerk'),
  invitationNotFound: () => new AppError('merchants.invitation_not_found'),
  invitationExpired: () => new AppError('merchants.invitation_expired'),
  clerkNotFound: () => new AppError('merchants.clerk_not_found'),
  orgNotFound: () => orgErrors.notFound(),
};
