import { AppError } from '../../lib/errors';

export const accessErrors = {
  /** The account holds none of the roles the request needs (in any union, or over this one). */
  forbidden: () => new AppError('auth.forbidden'),
};
