import { AppError } from '../../lib/errors';
import { memberErrors } from '../members';
import { serviceErrors } from '../services';

export const bookingErrors = {
  notFound: () => new AppError('bookings.not_found'),
  notMember: memberErrors.notMember,
  slotNotFound: () => serviceErrors.slotNotFound('slotId'),
  notEligible: () => new AppError('bookings.not_eligible', { field: 'slotId' }),
  slotClosed: () => new AppError('bookings.slot_closed', { field: 'slotId' }),
  slotCancelled: () => new AppError('bookings.slot_cancelled', { field: 'slotId' }),
  slotEnded: () => new AppError('bookings.slot_ended'),
  limitReached: () => new AppError('bookings.limit_reached'),
  blocked: (until: Date) => new AppError('bookings.blocked_no_show', { extra: { until: until.toISOString() } }),
  cutoffPassed: () => new AppError('bookings.cutoff_passed'),
  notCancellable: () => new AppError('bookings.not_cancellable'),
  noOffer: () => new AppError('bookings.no_offer'),
  offerExpired: () => new AppError('bookings.offer_expired'),
  tokenInvalid: () => new AppError('bookings.token_invalid', { field: 'token' }),
  tokenExpired: () => new AppError('bookings.token_expired', { field: 'token' }),
  notCheckable: () => new AppError('bookings.not_checkable'),
  /** Names the member (masked) and the slot, so staff can tell them when to come back. */
  checkInClosed: (memberName: string, slot: string, ended: boolean) =>
    new AppError('bookings.check_in_closed', {
      message: ended ? `${memberName} 预约的是 ${slot}，时段已结束，不能再签到` : `${memberName} 预约的是 ${slot}，开始前 1 小时起可签到`,
    }),
  busy: () => new AppError('bookings.busy', { extra: { retryAfter: 1 } }),
};
