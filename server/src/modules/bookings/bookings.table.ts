import { sql } from 'drizzle-orm';
import { index, integer, pgEnum, pgTable, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { BOOKING_STATUSES } from '@union/shared';
import { accounts } from '../auth';
import { serviceSlots, services } from '../services';

export const bookingStatus = pgEnum('booking_status', BOOKING_STATUSES);

/**
 * One member's place (or place in the queue) for one slot. The database allows one active booking
 * per member per slot (partial unique index); places themselves are counted on the slot row.
 */
export const bookings = pgTable(
  'bookings',
  {
    id: uuid().primaryKey().defaultRandom(),
    slotId: uuid()
      .notNull()
      .references(() => serviceSlots.id),
    serviceId: uuid()
      .notNull()
      .references(() => services.id),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    status: bookingStatus().notNull(),
    /** Queue number on the slot's waitlist (from the slot's sequence); the position is its rank among those still waiting. */
    queueNo: integer(),
    offerExpiresAt: timestamp({ withTimezone: true }),
    checkedInAt: timestamp({ withTimezone: true }),
    checkedInBy: uuid(),
    cancelledAt: timestamp({ withTimezone: true }),
    promotedAt: timestamp({ withTimezone: true }),
    remindedAt: timestamp({ withTimezone: true }),
    /** When the member held the place for the slot's start (for no-show and limit counts). */
    slotStartsAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('bookings_one_active_per_member_slot')
      .on(t.slotId, t.accountId)
      .where(sql`status in ('booked', 'waitlisted', 'offered', 'checked_in', 'no_show')`),
    index('bookings_waitlist_idx')
      .on(t.slotId, t.queueNo)
      .where(sql`status = 'waitlisted'`),
    index('bookings_offers_due_idx')
      .on(t.offerExpiresAt)
      .where(sql`status = 'offered'`),
    // A member's bookings (their list), and of one service in a period (the per-member limit book_batch counts): with
    // the service in the key that count is an exact lookup, whatever the statistics say.
    index().on(t.accountId, t.serviceId, t.slotStartsAt),
    // A member's no-shows, read with every booking (the no-show rule): few rows, so a small index that answers the
    // lookup exactly whatever the table's statistics say (a fresh table's made the planner walk a whole index per row).
    index('bookings_no_shows_idx')
      .on(t.accountId, t.slotStartsAt)
      .where(sql`status = 'no_show'`),
    index().on(t.slotId, t.status),
  ],
);

export type BookingRow = typeof bookings.$inferSelect;
