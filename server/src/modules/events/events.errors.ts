import { AppError } from '../../lib/errors';
import { orgErrors } from '../orgs';

export const eventErrors = {
  notFound: () => new AppError('events.not_found'),
  ended: () => new AppError('events.ended'),
  orgNotFound: () => orgErrors.notFound(),
};
