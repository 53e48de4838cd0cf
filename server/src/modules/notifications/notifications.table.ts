import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
    /** When the member read it in the message centre (消息); null while unread. */
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('notifications_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`state = 'pending'`),
    index().on(t.accountId, t.createdAt),
    // The unread badge counts these on every home page and 我的.
    index('notifications_unread_idx')
      .on(t.accountId)
      .where(sql`read_at is null`),
  ],
);

/**
 * A member's choice about notices by SMS. SMS is the channel where no WeChat subscription reaches them (the H5
 * app); it is used only after they turned it on in 我的, and when they did is kept.
 */
export const notificationSettings = pgTable('notification_settings', {
  accountId: uuid()
    .primaryKey()
    .references(() => accounts.id),
  smsConsent: boolean().notNull().default(false),
  /** When SMS was last turned on; null if never. */
  consentAt: timestamp({ withTimezone: true }),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type NotificationRow = typeof notifications.$inferSelect;
