import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { BENEFIT_KINDS, BENEFIT_PERIODS } from '@union/shared';
import { accounts } from '../auth';
import { memberships } from '../members';
import { orgs } from '../orgs';
import { placeKind } from '../places';

export const benefitKind = pgEnum('benefit_kind', BENEFIT_KINDS);
export const benefitPeriod = pgEnum('benefit_period', BENEFIT_PERIODS);

/**
 * A benefit campaign. `claimed` is the one counter of successful claims; the group-commit writer moves it in the
 * same transaction as the claims it inserts, under the row lock, and the check makes an over-claim impossible.
 */
export const benefitCampaigns = pgTable(
  'benefit_campaigns',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id),
    title: text().notNull(),
    description: text(),
    kind: benefitKind().notNull(),
    quota: integer().notNull(),
    claimed: integer().notNull().default(0),
    period: benefitPeriod().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    eligibleOrgId: uuid()
      .notNull()
      .references(() => orgs.id),
    /** Copied from the eligible union when created: claims match member unions by this path prefix. */
    eligiblePath: text().notNull(),
    requiresRotatingCode: boolean().notNull(),
    maxDistanceMeters: integer(),
    createdBy: uuid()
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('benefit_campaigns_quota_check', sql`${t.quota} > 0 and ${t.claimed} >= 0 and ${t.claimed} <= ${t.quota}`),
    check('benefit_campaigns_window_check', sql`${t.endsAt} > ${t.startsAt}`),
    index().on(t.orgId, t.endsAt),
  ],
);

/** Where a campaign can be claimed; name and location resolved from the place's module when it was created. */
export const benefitCampaignPlaces = pgTable(
  'benefit_campaign_places',
  {
    campaignId: uuid()
      .notNull()
      .references(() => benefitCampaigns.id),
    kind: placeKind().notNull(),
    placeId: uuid().notNull(),
    name: text().notNull(),
    lat: doublePrecision(),
    lng: doublePrecision(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.kind, t.placeId] }), index().on(t.kind, t.placeId)],
);

/**
 * One row per successful claim; a voucher campaign's claim is the member's voucher (redeemed once).
 * The unique index is the per-member-per-period rule: `period_key` is `o`, `d:2026-07-01` or `w:2026-06-29` (Monday).
 */
export const benefitClaims = pgTable(
  'benefit_claims',
  {
    id: uuid().primaryKey(),
    campaignId: uuid()
      .notNull()
      .references(() => benefitCampaigns.id),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    membershipId: uuid()
      .notNull()
      .references(() => memberships.id),
    periodKey: text().notNull(),
    placeKind: placeKind().notNull(),
    placeId: uuid().notNull(),
    /** The request that made it: the same key and body replay this claim; another body with the key is refused. */
    idempotencyKey: text().notNull(),
    requestHash: text().notNull(),
    claimedAt: timestamp({ withTimezone: true }).notNull(),
    redeemedAt: timestamp({ withTimezone: true }),
    redeemedBy: uuid(),
  },
  (t) => [
    uniqueIndex('benefit_claims_once_per_period').on(t.campaignId, t.accountId, t.periodKey),
    index().on(t.accountId, t.claimedAt),
    index().on(t.placeKind, t.placeId, t.claimedAt),
  ],
);
