import { z } from 'zod';
import { bookingStatusSchema, serviceKindSchema, type BookingStatus } from './enums';
import { pagingSchema } from './services';

export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  booked: '已预约',
  waitlisted: '候补中',
  offered: '待确认',
  checked_in: '已签到',
  cancelled: '已取消',
  no_show: '未到场',
  expired: '已过期',
};

export const bookingInputSchema = z.strictObject({ slotId: z.uuid({ error: '时段编号不正确' }) });

export const bookingSchema = z.object({
  id: z.string(),
  status: bookingStatusSchema,
  /** 1-based place on the waitlist while waitlisted; null otherwise. */
  position: z.number().int().nullable(),
  /** An offered place must be accepted before this time. */
  offerExpiresAt: z.string().nullable(),
  /** Cancel until this time. */
  cancelBefore: z.string(),
  /**
   * The code staff scan at the door (booked or checked in only): a signed code (`b.<kid>.<id>.<step>.<mac>`,
   * server/src/lib/signed-codes.ts) accepted until qrExpiresAt; every fetch of the booking makes a fresh one.
   */
  qrToken: z.string().nullable(),
  qrExpiresAt: z.string().nullable(),
  /** The short code printed under the QR (`K7QM-3XPA`), typed at the door when the QR cannot be scanned; in the member's list. */
  qrShortCode: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  createdAt: z.string(),
  slot: z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string() }),
  service: z.object({ id: z.string(), kind: serviceKindSchema, title: z.string(), address: z.string(), orgName: z.string() }),
});
export type Booking = z.infer<typeof bookingSchema>;
export const bookingListSchema = z.object({ items: z.array(bookingSchema) });
export const bookingListQuerySchema = z.strictObject({ ...pagingSchema });

export const checkInInputSchema = z.strictObject({ token: z.string().min(10, { error: '预约码格式不正确' }).max(200, { error: '预约码格式不正确' }) });
/** The same answer however often one booking's code is scanned. */
export const checkInResultSchema = z.object({
  bookingId: z.string(),
  status: z.literal('checked_in'),
  checkedInAt: z.string(),
  /** Masked (maskName): 王*国 */
  memberName: z.string(),
  serviceTitle: z.string(),
  slotStartsAt: z.string(),
  slotEndsAt: z.string(),
});
export type CheckInResult = z.infer<typeof checkInResultSchema>;
