import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { LIMIT_PERIODS, PROMOTION_MODES, SERVICE_KINDS } from '@union/shared';
import { accounts } from '../auth';
import { orgs } from '../orgs';
import { stations } from '../stations';

export const serviceKind = pgEnum('service_kind', SERVICE_KINDS);
export const promotionMode = pgEnum('promotion_mode', PROMOTION_MODES);
export const limitPeriod = pgEnum('limit_period', LIMIT_PERIODS);

/** Something a union offers by appointment: legal aid, counselling, a course, an event, childcare, a sanatorium trip. */
export const services = pgTable(
  'services',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: serviceKind().notNull(),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id),
    title: text().notNull(),
    description: text().notNull(),
    /** A rest station, when the place is one; `address` keeps its address for display. */
    stationId: uuid().references(() => stations.id),
    address: text().notNull(),
    /** Members of this union and every union below it may book. */
    eligibleOrgId: uuid()
      .notNull()
      .references(() => orgs.id),
    limitCount: integer(),
    limitPeriod: limitPeriod(),
    allowOverlap: boolean().notNull().default(false),
    cancelCutoffMinutes: integer().notNull().default(120),
    promotion: promotionMode().notNull().default('direct'),
    offerHoldMinutes: integer().notNull().default(30),
    noShowLimit: integer().default(3),
    active: boolean().notNull().default(true),
    createdBy: uuid().references(() => accounts.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.orgId), index().on(t.eligibleOrgId), index().on(t.stationId)],
);

/**
 * A bookable time with a capacity. `taken` counts held places (booked, offered, checked in,
 * no-show); the database refuses `taken > capacity`, whatever the code does. `waitlistSeq` hands out
 * queue numbers; `waitlisted` counts who is waiting now.
 */
export const serviceSlots = pgTable(
  'service_slots',
  {
    id: uuid().primaryKey().defaultRandom(),
    serviceId: uuid()
      .notNull()
      .references(() => services.id),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    capacity: integer().notNull(),
    taken: integer().notNull().default(0),
    waitlisted: integer().notNull().default(0),
    waitlistSeq: integer().notNull().default(0),
    /** Cancelled by the union (reason told to everyone on it): closed to new bookings from then on. */
    cancelledAt: timestamp({ withTimezone: true }),
    cancelReason: text(),
    cancelledBy: uuid().references(() => accounts.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.serviceId, t.startsAt),
    index().on(t.endsAt),
    check('service_slots_capacity_positive', sql`${t.capacity} > 0`),
    check('service_slots_taken_within_capacity', sql`${t.taken} >= 0 and ${t.taken} <= ${t.capacity}`),
    check('service_slots_waitlisted_not_negative', sql`${t.waitlisted} >= 0`),
    check('service_slots_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

export type ServiceRow = typeof services.$inferSelect;
export type SlotRow = typeof serviceSlots.$inferSelect;
