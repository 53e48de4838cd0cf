import { AppError } from '../../lib/errors';

export const liveErrors = {
  ticketInvalid: () => new AppError('auth.token_invalid'),
  sessionRevoked: () => new AppError('auth.session_revoked'),
  ticketUsed: () => new AppError('live.ticket_used'),
  tooManyStreams: () => new AppError('live.too_many_streams'),
};
