import { AppError } from '../../lib/errors';

export const shortCodeErrors = {
  notFound: () => new AppError('short_codes.not_found', { field: 'code' }),
  tooManyTries: (retryAfter: number) => new AppError('short_codes.too_many_tries', { extra: { retryAfter } }),
};
