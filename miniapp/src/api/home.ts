import { bookingListSchema, messageListReadSchema, voucherListSchema, type Booking, type Message, type Voucher } from '@union/shared';
import { ApiError } from './errors';
import { request } from './http';

/** What is current for the member, for 首页: the next booking, unused vouchers, unread messages. */
export interface HomeNow {
  nextBooking: Booking | null;
  vouchers: Voucher[];
  unread: number;
  /** The newest unread message, for its heading. */
  latestUnread: Message | null;
}

const notMember = (error: unknown) => error instanceof ApiError && error.code === 'members.not_member';

/**
 * Three existing endpoints in parallel (no waterfall), each a background read: a stale session does not pull
 * 首页 into the login page, and someone who is not a member simply has no bookings or vouchers.
 */
export async function fetchHomeNow(now: number = Date.now()): Promise<HomeNow> {
  const quiet = { loginOnAuthFailure: false } as const;
  const [bookings, vouchers, messages] = await Promise.all([
    request({ path: '/bookings/mine', query: { limit: 20 }, schema: bookingListSchema, ...quiet }).then(
      (r) => r.items,
      (error: unknown) => (notMember(error) ? [] : Promise.reject(error)),
    ),
    request({ path: '/vouchers/mine', schema: voucherListSchema, ...quiet }).then(
      (r) => r.items,
      (error: unknown) => (notMember(error) ? [] : Promise.reject(error)),
    ),
    request({ path: '/messages', query: { limit: 10 }, schema: messageListReadSchema, ...quiet }),
  ]);
  const upcoming = bookings
    .filter((b) => (b.status === 'booked' || b.status === 'offered') && Date.parse(b.slot.endsAt) > now)
    .sort((a, b) => Date.parse(a.slot.startsAt) - Date.parse(b.slot.startsAt));
  return {
    nextBooking: upcoming[0] ?? null,
    vouchers: vouchers.filter((v) => v.status === 'valid'),
    unread: messages.unread,
    latestUnread: messages.items.find((m) => m.readAt === null) ?? null,
  };
}
