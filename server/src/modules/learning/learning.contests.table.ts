import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CONTEST_FLAGS } from '@union/shared';
import { accounts } from '../auth';
import { orgs } from '../orgs';
import { learningTests, testAttempts } from './learning.table';

export const contestFlag = pgEnum('contest_flag', CONTEST_FLAGS);

/**
 * A contest (知识竞赛) is a test (its bank, window, time limit, union) plus these rules. Its id is the test's id, so
 * its attempts are the test's attempts: drawn, timed, graded and reviewed as any test's.
 */
export const contests = pgTable(
  'contests',
  {
    testId: uuid()
      .primaryKey()
      .references(() => learningTests.id),
    triesPerDay: integer().notNull(),
    prizePlaces: integer().notNull().default(0),
    /** A voucher campaign of the benefits module (its foreign key is in the `contests_sql` migration: no module cycle). */
    prizeCampaignId: uuid(),
    settledAt: timestamp({ withTimezone: true }),
    settledBy: uuid().references(() => accounts.id),
    createdBy: uuid()
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('contests_tries', sql`${t.triesPerDay} between 1 and 10`),
    check('contests_places', sql`${t.prizePlaces} between 0 and 100`),
    check('contests_settled_whole', sql`(${t.settledAt} is null) = (${t.settledBy} is null)`),
  ],
);

/**
 * One row per graded attempt of a contest, written by the grading trigger (migration `contests_sql`): its score, the
 * time it took and the least time the fast-answer rule allows for its questions. `flag` is 'pending' for an attempt
 * faster than that (with at least one right answer) until staff approve or reject it; null for the rest.
 */
export const contestAttempts = pgTable(
  'contest_attempts',
  {
    attemptId: uuid()
      .primaryKey()
      .references(() => testAttempts.id),
    contestId: uuid()
      .notNull()
      .references(() => contests.testId),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    score: integer().notNull(),
    takenMs: integer().notNull(),
    minMs: integer().notNull(),
    flag: contestFlag(),
    reviewedBy: uuid().references(() => accounts.id),
    reviewedAt: timestamp({ withTimezone: true }),
    gradedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index().on(t.contestId, t.accountId),
    index('contest_attempts_flagged')
      .on(t.contestId, t.gradedAt)
      .where(sql`flag is not null`),
  ],
);

/**
 * The best-score table: one row per contest and member, kept by the grading trigger. `rankKey` orders the ranking in
 * one bigint, (100 - best score) × 10^8 + its milliseconds (null while no attempt counts), so the top 100 is an index
 * read and a member's rank is one index-only count of the keys below theirs. `orgId` is the member's union when they
 * first took part: they stay counted there for the whole contest.
 */
export const contestEntries = pgTable(
  'contest_entries',
  {
    contestId: uuid()
      .notNull()
      .references(() => contests.testId),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id),
    attempts: integer().notNull().default(0),
    pending: integer().notNull().default(0),
    bestScore: integer(),
    bestMs: integer(),
    bestAt: timestamp({ withTimezone: true }),
    rankKey: bigint({ mode: 'number' }),
  },
  (t) => [
    primaryKey({ columns: [t.contestId, t.accountId] }),
    index('contest_entries_ranking')
      .on(t.contestId, t.rankKey, t.bestAt, t.accountId)
      .where(sql`rank_key is not null`),
    check('contest_entries_best_whole', sql`(${t.rankKey} is null) = (${t.bestScore} is null)`),
  ],
);

/**
 * Per contest and union, the members of that union itself (not below it) who took part, how many are ranked and
 * the sum of their best scores: the ranking by unit adds these up over each unit's subtree (a few hundred rows at
 * most, whatever the participants). Kept by the grading trigger; touched only when an entry's figures change.
 */
export const contestOrgStats = pgTable(
  'contest_org_stats',
  {
    contestId: uuid()
      .notNull()
      .references(() => contests.testId),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id),
    participants: integer().notNull().default(0),
    ranked: integer().notNull().default(0),
    scoreSum: bigint({ mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.contestId, t.orgId] })],
);

/**
 * How many ranked entries fall in each slice of the ranking: `bucket` is the rank key divided by 10^4 (one score, ten
 * seconds), kept by the grading trigger as entries move. A member's place is the sum of the slices before theirs (a
 * few hundred rows) plus a count inside their own slice (a short range of the ranking index), whatever the number
 * of participants.
 */
export const contestRankBuckets = pgTable(
  'contest_rank_buckets',
  {
    contestId: uuid()
      .notNull()
      .references(() => contests.testId),
    bucket: bigint({ mode: 'number' }).notNull(),
    n: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.contestId, t.bucket] })],
);

/** The places paid when a contest was settled: frozen once, with the points paid and the voucher granted (or why not). */
export const contestPrizes = pgTable(
  'contest_prizes',
  {
    contestId: uuid()
      .notNull()
      .references(() => contests.testId),
    place: integer().notNull(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id),
    score: integer().notNull(),
    takenMs: integer().notNull(),
    pointsPaid: integer().notNull(),
    voucherClaimId: uuid(),
    voucherNote: text(),
  },
  (t) => [primaryKey({ columns: [t.contestId, t.place] }), uniqueIndex().on(t.contestId, t.accountId)],
);

export type ContestRow = typeof contests.$inferSelect;
