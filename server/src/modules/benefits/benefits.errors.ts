import { AppError } from '../../lib/errors';
import { memberErrors } from '../members';
import { orgErrors } from '../orgs';
import { placeErrors } from '../places';

export const benefitErrors = {
  notFound: () => new AppError('benefits.not_found'),
  notOpen: () => new AppError('benefits.not_open'),
  quotaExhausted: () => new AppError('benefits.quota_exhausted'),
  alreadyClaimed: () => new AppError('benefits.already_claimed'),
  notEligible: () => new AppError('benefits.not_eligible'),
  notMember: memberErrors.notMember,
  busy: () => new AppError('benefits.busy', { extra: { retryAfter: 1 } }),
  windowInvalid: () => new AppError('benefits.window_invalid', { field: 'endsAt' }),
  endsInPast: () => new AppError('benefits.ends_in_past', { field: 'endsAt' }),
  quotaBelowClaimed: (claimed: number) =>
    new AppError('benefits.quota_below_claimed', { field: 'quota', message: `已领取 ${claimed} 份，总数量不能少于 ${claimed}`, extra: { claimed } }),
  closed: () => new AppError('benefits.closed'),
  keyRequired: () => new AppError('benefits.idempotency_key_required'),
  keyInvalid: () => new AppError('benefits.idempotency_key_invalid'),
  keyReused: () => new AppError('benefits.idempotency_key_reused'),
  notInCampaign: placeErrors.notInCampaign,
  rotatingRequired: placeErrors.rotatingRequired,
  locationRequired: placeErrors.locationRequired,
  tooFar: placeErrors.tooFar,
  placeNotFound: (index?: number) => placeErrors.notFound(index === undefined ? undefined : `places.${index}`),
  noLocation: (index: number) => placeErrors.noLocation(`places.${index}`),
  orgNotFound: (field: string) => orgErrors.notFound(field),
  voucherInvalid: () => new AppError('vouchers.code_invalid'),
  voucherExpired: () => new AppError('vouchers.code_expired'),
  voucherNotFound: () => new AppError('vouchers.not_found'),
  alreadyRedeemed: () => new AppError('vouchers.already_redeemed'),
  notClerk: () => new AppError('vouchers.not_clerk'),
  ownVoucher: () => new AppError('vouchers.own_voucher'),
  notForMerchant: () => new AppError('vouchers.not_for_merchant'),
  voucherPastEnd: () => new AppError('vouchers.expired'),
  voucherVoid: () => new AppError('vouchers.void'),
  holderNotMember: () => new AppError('vouchers.holder_not_member'),
  validityNotVoucher: () => new AppError('benefits.validity_not_voucher', { field: 'voucherValidDays' }),
  voucherTermsNotVoucher: () => new AppError('benefits.voucher_terms_not_voucher', { field: 'voucherValue' }),
};
