import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { NOTIFICATION_KINDS, NOTIFICATION_STATES } from '@union/shared';
import { accounts } from '../auth';

export const notificationKind = pgEnum('notification_kind', NOTIFICATION_KINDS);
export const notificationState = pgEnum('notification_state', NOTIFICATION_STATES);

/**
 * The outbox: a row is written in the same transaction as the event it tells about, so nothing is
 * told that did not happen and nothing that happened goes untold. A dispatcher sends it later.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    kind: notificationKind().notNull(),
    /** What the message says (titles, times, places): plain values, no personal numbers. */
    data: jsonb().$type<Record<string, string>>().notNull(),
    /** One notification per event (`booking_confirmed:<booking id>`), however often it is written. */
    dedupeKey: text().notNull().unique(),
    state: notificationState().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastError: text(),
    channel: text(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('notifications_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`state = 'pending'`),
    index().on(t.accountId, t.createdAt),
  ],
);

export type NotificationRow = typeof notifications.$inferSelect;
