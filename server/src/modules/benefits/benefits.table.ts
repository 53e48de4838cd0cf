import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { BENEFIT_KINDS, BENEFIT_PERIODS } from '@union/shared';
import { accounts } from '../auth';
import { memberships } from '../members';
import { orgs } from '../orgs';
import { placeKind } from '../places';

export const benefitKind = pgEnum('benefit_kind', BENEFIT_KINDS);
export const benefitPeriod = pgEnum('benefit_period', BENEFIT_PERIODS);

/** A benefit campaign; its quota is counted in `benefit_campaign_shards`. */
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
    period: benefitPeriod().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    /** Ended early by an operator (提前结束): claims stop here, endsAt keeps the planned end. */
    closedAt: timestamp({ withTimezone: true }),
    /** A voucher campaign's vouchers are valid this many days after their claim; null: until the campaign's end. */
    voucherValidDays: integer(),
    /** Set when an operator closed it early and chose to void the unused vouchers too (已领的券同时作废). */
    vouchersVoidedAt: timestamp({ withTimezone: true }),
    /** A voucher's value per use in 元 (null: not stated); fixed once created. */
    voucherValue: integer(),
    /** Uses per voucher (4×40元: 4 uses of 40 元, one per purchase); copied to each claim when it is made. */
    voucherUses: integer().notNull().default(1),
    /** 积分商城: the points a claim costs, spent in the claim's transaction (vouchers only, fixed once created); null: claimed by scan. */
    pointsPrice: integer(),
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
    check('benefit_campaigns_quota_check', sql`${t.quota} > 0`),
    check('benefit_campaigns_window_check', sql`${t.endsAt} > ${t.startsAt}`),
    check('benefit_campaigns_voucher_valid_days_check', sql`${t.voucherValidDays} between 1 and 366`),
    check('benefit_campaigns_voucher_value_check', sql`${t.voucherValue} between 1 and 10000`),
    check('benefit_campaigns_voucher_uses_check', sql`${t.voucherUses} between 1 and 20`),
    check('benefit_campaigns_points_price_check', sql`${t.pointsPrice} is null or (${t.pointsPrice} between 1 and 100000 and ${t.kind} = 'voucher')`),
    index().on(t.orgId, t.endsAt),
  ],
);

/**
 * The quota split over a few counter rows (at most 16; the shard quotas add up to the campaign's). A batch of claims
 * locks one shard until it commits, so several batches commit at once and share PostgreSQL's WAL flushes instead of
 * queueing behind one row. The check makes an over-claim impossible whatever the code above it does.
 */
export const benefitCampaignShards = pgTable(
  'benefit_campaign_shards',
  {
    campaignId: uuid()
      .notNull()
      .references(() => benefitCampaigns.id),
    shard: integer().notNull(),
    quota: integer().notNull(),
    claimed: integer().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.shard] }),
    check('benefit_campaign_shards_claimed_check', sql`${t.claimed} >= 0 and ${t.claimed} <= ${t.quota}`),
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
 * One row per successful claim; a voucher campaign's claim is the member's voucher, used up to `voucherUses` times
 * (`usesRedeemed` counts them; `redeemedAt` is set by the last use). The check makes a use beyond them impossible.
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
    /** A voucher's own end, fixed at its claim from the campaign (its end, or N days after the claim); null for other claims. */
    validUntil: timestamp({ withTimezone: true }),
    /** When the last use was made (the voucher is used up); redeemedBy: who made it. */
    redeemedAt: timestamp({ withTimezone: true }),
    redeemedBy: uuid(),
    /** Uses this voucher has, copied from its campaign when claimed, and uses made so far. */
    voucherUses: integer().notNull().default(1),
    usesRedeemed: integer().notNull().default(0),
    /** When the holder read the claim in 消息 (the claim is its own notice); null while unread. */
    noticeReadAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    check('benefit_claims_uses_check', sql`${t.usesRedeemed} >= 0 and ${t.usesRedeemed} <= ${t.voucherUses}`),
    uniqueIndex('benefit_claims_once_per_period').on(t.campaignId, t.accountId, t.periodKey),
    index().on(t.accountId, t.claimedAt),
    index().on(t.placeKind, t.placeId, t.claimedAt),
  ],
);
