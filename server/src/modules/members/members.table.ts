import { ne, sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgEnum, pgTable, pgView, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { MEMBERSHIP_EVENT_KINDS, MEMBERSHIP_STATUSES, SERVICE_CARD_STATES, TRANSFER_STATUSES } from '@union/shared';
import { applications, gender, workerCategory } from '../applications';
import { accounts } from '../auth';
import { orgs } from '../orgs';

export const membershipStatus = pgEnum('membership_status', MEMBERSHIP_STATUSES);
export const membershipEventKind = pgEnum('membership_event_kind', MEMBERSHIP_EVENT_KINDS);

/** One row per membership; a person holds at most one that has not ended (partial unique index). */
export const memberships = pgTable(
  'memberships',
  {
    id: uuid().primaryKey().defaultRandom(),
    memberNo: text().notNull().unique(),
    personIdHash: text().notNull(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id),
    applicationId: uuid().references(() => applications.id),
    status: membershipStatus().notNull().default('active'),
    name: text().notNull(),
    gender: gender().notNull(),
    idEnc: text().notNull(),
    phoneEnc: text().notNull(),
    /** Where and as what the member works now (from the application, then changed by the member or a transfer). */
    employer: text(),
    category: workerCategory(),
    joinedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp({ withTimezone: true }),
    /** While 保留会籍 (retained): kept until then; past it a talk is due (DOMAIN), the membership does not end by itself. */
    retainedUntil: timestamp({ withTimezone: true }),
  },
  (t) => [
    // The same rule as current_memberships below, as an index predicate (which cannot name a view).
    uniqueIndex('memberships_one_current_per_person')
      .on(t.personIdHash)
      .where(sql`status <> 'left'`),
    index().on(t.accountId),
    index().on(t.orgId, t.status),
    index().on(t.applicationId),
    // A kept membership says until when (a transfer request keeps the date, to give it back if the move is not made).
    check('memberships_retained_until', sql`${t.status} <> 'retained' or ${t.retainedUntil} is not null`),
  ],
);

/**
 * The one definition of a member in good standing: a membership that has not ended. Every query that asks "is this
 * account a member now, and of which union" reads this view: member codes, claims and vouchers, bookings
 * (book_batch), the member's own card; `isValidMembership` applies the same rule to a row already in hand.
 */
export const currentMemberships = pgView('current_memberships').as((qb) => qb.select().from(memberships).where(ne(memberships.status, 'left')));

/** Append-only membership history: joins, transfers, retention, leaving. */
export const membershipEvents = pgTable(
  'membership_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    membershipId: uuid()
      .notNull()
      .references(() => memberships.id),
    kind: membershipEventKind().notNull(),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id),
    applicationId: uuid().references(() => applications.id),
    actorAccountId: uuid(),
    note: text(),
    /** What changed, for a profile change: `{ field, from, to }` with a phone masked; the transfer a move belongs to. */
    detail: jsonb().$type<Record<string, string>>(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.membershipId, t.at)],
);

export const transferStatus = pgEnum('transfer_status', TRANSFER_STATUSES);

/**
 * 转会: a member's request to move their membership to another union. The new union decides; the old union is told
 * and may object until `objectionUntil` (or agree at once, `releasedAt`). At most one request of a membership waits at
 * a time (partial unique index), and while it waits the membership is `transferring`; approval moves the membership
 * itself (same row, member number and service card), so a person never holds two.
 */
export const membershipTransfers = pgTable(
  'membership_transfers',
  {
    id: uuid().primaryKey().defaultRandom(),
    membershipId: uuid()
      .notNull()
      .references(() => memberships.id),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    fromOrgId: uuid()
      .notNull()
      .references(() => orgs.id),
    toOrgId: uuid()
      .notNull()
      .references(() => orgs.id),
    status: transferStatus().notNull().default('pending'),
    /** The membership's status before the request (active or retained), given back when the request ends unmade. */
    fromStatus: membershipStatus().notNull(),
    /** The new job the transfer follows. */
    employer: text().notNull(),
    category: workerCategory().notNull(),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    objectionUntil: timestamp({ withTimezone: true }).notNull(),
    releasedAt: timestamp({ withTimezone: true }),
    releasedBy: uuid(),
    decidedAt: timestamp({ withTimezone: true }),
    decidedBy: uuid(),
    /** Why the new union refused, or what the old union objected. */
    reason: text(),
  },
  (t) => [
    uniqueIndex('membership_transfers_one_pending')
      .on(t.membershipId)
      .where(sql`status = 'pending'`),
    check('membership_transfers_other_union', sql`${t.fromOrgId} <> ${t.toOrgId}`),
    check('membership_transfers_from_status', sql`${t.fromStatus} in ('active', 'retained')`),
    index().on(t.toOrgId, t.status, t.requestedAt),
    index().on(t.fromOrgId, t.status, t.requestedAt),
    index().on(t.membershipId, t.requestedAt),
  ],
);

/** Member-number sequence per region and (Beijing) year, taken inside the approving transaction. */
export const memberNoCounters = pgTable(
  'member_no_counters',
  {
    regionCode: varchar({ length: 6 }).notNull(),
    year: integer().notNull(),
    last: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.year] })],
);

export const serviceCardStatus = pgEnum('service_card_status', SERVICE_CARD_STATES);

/** The bank-issued member service card (互助服务卡), applied for with separate consent. */
export const serviceCards = pgTable(
  'service_cards',
  {
    id: uuid().primaryKey().defaultRandom(),
    membershipId: uuid()
      .notNull()
      .unique()
      .references(() => memberships.id),
    status: serviceCardStatus().notNull().default('applying'),
    bankName: text().notNull(),
    bankRef: text(),
    cardNoEnc: text(),
    cardNoMasked: text(),
    failureReason: text(),
    consentVersion: text().notNull(),
    consentAt: timestamp({ withTimezone: true }).notNull(),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    issuedAt: timestamp({ withTimezone: true }),
    lastCheckedAt: timestamp({ withTimezone: true }),
    /** Background sync with the bank: how many times it was asked, and when to ask next (backoff). */
    checkAttempts: integer().notNull().default(0),
    nextCheckAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('service_cards_due_idx')
      .on(t.nextCheckAt)
      .where(sql`status = 'applying'`),
  ],
);

export type MembershipRow = typeof memberships.$inferSelect;
export type TransferRow = typeof membershipTransfers.$inferSelect;
export type ServiceCardRow = typeof serviceCards.$inferSelect;
