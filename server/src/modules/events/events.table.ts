import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../auth';
import { orgs } from '../orgs';

/** A stall (职工沟通会) where staff sign workers up on the spot; its code is in the QR. */
export const stallEvents = pgTable(
  'stall_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull().unique(),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id),
    title: text().notNull(),
    place: text().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    createdBy: uuid()
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.orgId, t.startsAt)],
);

export type StallEventRow = typeof stallEvents.$inferSelect;
