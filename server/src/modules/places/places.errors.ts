import type { SignedCodeFailure } from '../../lib/signed-codes';
import { AppError } from '../../lib/errors';

export const placeErrors = {
  /** No such place; `field` names the campaign's place that is meant. */
  notFound: (field?: string) => new AppError('places.not_found', field ? { field } : {}),
  notInCampaign: () => new AppError('places.not_in_campaign'),
  rotatingRequired: () => new AppError('places.rotating_required'),
  locationRequired: () => new AppError('places.location_required'),
  tooFar: () => new AppError('places.too_far'),
  noLocation: (field: string) => new AppError('places.no_location', { field }),
  revoked: () => new AppError('places.code_revoked'),
  /** Expired means "ask for a fresh one"; everything else (tampered, unknown key, another purpose, future) is invalid. */
  fromCode: (reason: SignedCodeFailure) =>
    new AppError(reason === 'expired' ? 'places.code_expired' : reason === 'static_not_allowed' ? 'places.rotating_required' : 'places.code_invalid'),
};
