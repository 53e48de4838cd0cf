import { AppError } from '../../lib/errors';

export const messageErrors = {
  notFound: () => new AppError('messages.not_found'),
};
