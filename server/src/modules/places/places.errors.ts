import type { SignedCodeFailure } from '../../lib/signed-codes';
import { AppError } from '../../lib/errors';

export const placeErrors = {
  notFound: () => new AppError('places.not_found'),
  revoked: () => new AppError('places.code_revoked'),
  /** Expired means "ask for a fresh one"; everything else (tampered, unknown key, another purpose, future) is invalid. */
  fromCode: (reason: SignedCodeFailure) =>
    new AppError(reason === 'expired' ? 'places.code_expired' : reason === 'static_not_allowed' ? 'places.rotating_required' : 'places.code_invalid'),
};
