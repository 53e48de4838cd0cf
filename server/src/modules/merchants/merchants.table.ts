import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { MERCHANT_CATEGORIES } from '@union/shared';
import { accounts } from '../auth';
import { orgs } from '../orgs';

export const merchantCategory = pgEnum('merchant_category', MERCHANT_CATEGORIES);

/** A 普惠商户: a shop that gives members a discount, signed up by a union. Location in GCJ-02. */
export const merchants = pgTable(
  'merchants',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    category: merchantCategory().notNull(),
    address: text().notNull(),
    lat: doublePrecision().notNull(),
    lng: doublePrecision().notNull(),
    discount: text().notNull(),
    discountPercent: integer(),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id),
    active: boolean().notNull().default(true),
    /** Opening hours in the canonical form of the stations' (每天 10:00-21:00); null: not given. */
    hours: text(),
    createdBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Nearest-first search prefilters on a lat/lng box; a plain btree serves the latitude range.
    index('merchants_active_lat_lng_idx')
      .on(t.lat, t.lng)
      .where(sql`active`),
    index().on(t.orgId),
    check('merchants_discount_percent_range', sql`${t.discountPercent} is null or ${t.discountPercent} between 1 and 90`),
    check('merchants_location_range', sql`${t.lat} between -90 and 90 and ${t.lng} between -180 and 180`),
  ],
);

/** Clerks who check member codes at a merchant's counter. */
export const merchantStaff = pgTable(
  'merchant_staff',
  {
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    addedBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Null while the invitation waits: the person is a clerk only once they accept it. */
    acceptedAt: timestamp({ withTimezone: true }),
    /** When a waiting invitation lapses (CLERK_INVITATION_DAYS after it was sent); null for a seeded clerk. */
    expiresAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.accountId] }), index().on(t.accountId)],
);

export type MerchantRow = typeof merchants.$inferSelect;
