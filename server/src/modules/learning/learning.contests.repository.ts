import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { queryPrepared } from '../../db/prepared';
import { atOrAbove, inScope, type StaffScope } from '../../lib/scope';
import { orgs } from '../orgs';
import { contestAttempts, contestEntries, contestOrgStats, contestPrizes, contests } from './learning.contests.table';
import { learningTests, testAttempts } from './learning.table';

const rows = <T>(result: unknown) => (result as { rows: T[] }).rows;
const contestColumns = { contest: contests, test: learningTests, orgName: orgs.name };

export async function insertContest(db: Database, values: typeof contests.$inferInsert) {
  await db.insert(contests).values(values);
}

/** Whether a test is a contest's: its attempts start only through the contest, which counts tries per day. */
export async function isContest(db: Database, testId: string): Promise<boolean> {
  const [row] = await db.select({ id: contests.testId }).from(contests).where(eq(contests.testId, testId));
  return row !== undefined;
}

export async function findContest(db: Database, id: string) {
  const [row] = await db
    .select(contestColumns)
    .from(contests)
    .innerJoin(learningTests, eq(learningTests.id, contests.testId))
    .innerJoin(orgs, eq(orgs.id, learningTests.orgId))
    .where(eq(contests.testId, id));
  return row;
}
export type ContestWithTest = NonNullable<Awaited<ReturnType<typeof findContest>>>;

/** Contests a member of the union at `memberPath` may enter: set by it or a union above it, not closed before `closedAfter`. */
export async function listContestsForMember(db: Database, memberPath: string, closedAfter: Date) {
  return db
    .select(contestColumns)
    .from(contests)
    .innerJoin(learningTests, eq(learningTests.id, contests.testId))
    .innerJoin(orgs, eq(orgs.id, learningTests.orgId))
    .where(and(atOrAbove(learningTests.orgPath, memberPath), gte(learningTests.closesAt, closedAfter)))
    .orderBy(asc(learningTests.closesAt))
    .limit(20);
}

export async function listContestsInScope(db: Database, scope: StaffScope, closedAfter: Date) {
  return db
    .select(contestColumns)
    .from(contests)
    .innerJoin(learningTests, eq(learningTests.id, contests.testId))
    .innerJoin(orgs, eq(orgs.id, learningTests.orgId))
    .where(and(inScope(scope, learningTests.orgPath), gte(learningTests.closesAt, closedAfter)))
    .orderBy(desc(learningTests.opensAt))
    .limit(50);
}

/** Attempts the member started on the contest since `since` (the start of the Beijing day), and the one still open. */
export async function triesSince(db: Database, testId: string, accountId: string, since: Date) {
  const [row] = await db
    .select({
      n: sql<number>`(count(*) filter (where ${testAttempts.startedAt} >= ${since.toISOString()}::timestamptz))::int`,
      open: sql<string | null>`(array_agg(${testAttempts.id}) filter (where ${testAttempts.gradedAt} is null))[1]`,
      openDeadline: sql<string | null>`(array_agg(${testAttempts.deadlineAt}) filter (where ${testAttempts.gradedAt} is null))[1]`,
      last: sql<string | null>`(array_agg(${testAttempts.id} order by ${testAttempts.gradedAt} desc) filter (where ${testAttempts.gradedAt} is not null))[1]`,
    })
    .from(testAttempts)
    .where(and(eq(testAttempts.testId, testId), eq(testAttempts.accountId, accountId)));
  return {
    tries: row?.n ?? 0,
    open: row?.open ? { id: row.open, deadlineAt: new Date(row.openDeadline!) } : null,
    lastGradedId: row?.last ?? null,
  };
}

export async function entriesOf(db: Database, accountId: string, contestIds: string[]) {
  if (contestIds.length === 0) return [];
  return db
    .select()
    .from(contestEntries)
    .where(and(eq(contestEntries.accountId, accountId), inArray(contestEntries.contestId, contestIds)));
}

/**
 * A place from a rank key: 1 + the ranked entries in the slices before the key's (contest_rank_buckets, a few hundred
 * rows at most) + those before it in its own slice (a short range of the ranking index). $1 contest, $2 the key.
 */
const PLACE_SQL = `1
  + coalesce((select sum(b.n) from contest_rank_buckets b where b.contest_id = $1::uuid and b.bucket < $2::bigint / 10000), 0)::int
  + (select count(*) from contest_entries x
     where x.contest_id = $1::uuid and x.rank_key >= ($2::bigint / 10000) * 10000 and x.rank_key < $2::bigint)::int`;

export async function rankOf(db: Database, contestId: string, rankKey: number): Promise<number> {
  const [row] = await queryPrepared<{ n: number }>(db, 'contest_rank_of', `select ${PLACE_SQL} as n`, [contestId, rankKey]);
  return row!.n;
}

export interface RankedRow {
  account_id: string;
  score: number;
  ms: number;
  rank_key: string | number;
  name: string | null;
  org_name: string;
}

// $1 contest, $2 limit, $3 the reader (or null): the first rows of the ranking index with each one's name and union
// and how many are ranked, then the reader's own entry and place, in one round trip.
const RANKING_SQL = `
  with top as (
    select e.account_id, e.best_score, e.best_ms, e.rank_key, e.org_id, row_number() over () as ord from (
      select account_id, best_score, best_ms, rank_key, best_at, org_id from contest_entries
      where contest_id = $1::uuid and rank_key is not null
      order by rank_key, best_at, account_id limit $2::int
    ) e
  ),
  mine as (
    select account_id, best_score, best_ms, rank_key, org_id, 0::bigint as ord from contest_entries
    where contest_id = $1::uuid and account_id = $3::uuid and rank_key is not null
  ),
  rows as (select * from top union all select * from mine)
  select r.ord, r.account_id, r.best_score as score, r.best_ms as ms, r.rank_key, o.name as org_name,
    (select m.name from current_memberships m where m.account_id = r.account_id order by m.joined_at desc limit 1) as name,
    case when r.ord = 0 then ${PLACE_SQL.replaceAll('$2::bigint', 'r.rank_key')}
      else (select coalesce(sum(s.ranked), 0) from contest_org_stats s where s.contest_id = $1::uuid)::int end as n
  from rows r join orgs o on o.id = r.org_id
  order by r.ord`;

/** The first `limit` places, how many members are ranked at all, and the reader's own entry with its place. */
export async function ranking(db: Database, contestId: string, limit: number, accountId: string | null) {
  const found = await queryPrepared<RankedRow & { ord: string; n: number }>(db, 'contest_ranking', RANKING_SQL, [contestId, limit, accountId]);
  const mine = found[0] && Number(found[0].ord) === 0 ? found.shift() : undefined;
  return { rows: found, ranked: found[0]?.n ?? 0, mine: mine && { ...mine, rank: mine.n } };
}

/**
 * The unions at or below a path (closed ones too: their members' figures still count in the subtree), each with its
 * own members' figures in the contest (zero where nobody took part). $1 contest, $2 path, $3 the path's subtree pattern.
 */
export async function unitFigures(db: Database, contestId: string, path: string) {
  return queryPrepared<{
    id: string;
    name: string;
    path: string;
    parent_id: string | null;
    closed: boolean;
    participants: number;
    ranked: number;
    score_sum: string | number;
  }>(
    db,
    'contest_units',
    `select o.id, o.name, o.path, o.parent_id, o.closed_at is not null as closed,
       coalesce(s.participants, 0) as participants, coalesce(s.ranked, 0) as ranked, coalesce(s.score_sum, 0) as score_sum
     from orgs o left join contest_org_stats s on s.contest_id = $1::uuid and s.org_id = o.id
     where o.path = $2::text or o.path like $3::text`,
    [contestId, path, `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`],
  );
}

/** Members in good standing per union (the denominators of participation). */
export async function memberCountsByOrg(db: Database): Promise<Map<string, number>> {
  const result = await db.execute(sql`select org_id, count(*)::int as n from memberships where status <> 'left' group by org_id`);
  return new Map(rows<{ org_id: string; n: number }>(result).map((r) => [r.org_id, r.n]));
}

export async function participantsOf(db: Database, contestIds: string[]) {
  if (contestIds.length === 0) return [];
  return db
    .select({
      contestId: contestOrgStats.contestId,
      participants: sql<number>`sum(${contestOrgStats.participants})::int`,
    })
    .from(contestOrgStats)
    .where(inArray(contestOrgStats.contestId, contestIds))
    .groupBy(contestOrgStats.contestId);
}

export async function pendingFlags(db: Database, contestIds: string[]) {
  if (contestIds.length === 0) return [];
  return db
    .select({ contestId: contestAttempts.contestId, n: count() })
    .from(contestAttempts)
    .where(and(inArray(contestAttempts.contestId, contestIds), eq(contestAttempts.flag, 'pending')))
    .groupBy(contestAttempts.contestId);
}

export async function flaggedAttempts(db: Database, contestId: string) {
  const result = await db.execute(sql`
    select a.attempt_id, a.score, a.taken_ms, a.min_ms, a.flag, a.graded_at, o.name as org_name,
      (select m.name from current_memberships m where m.account_id = a.account_id order by m.joined_at desc limit 1) as name
    from contest_attempts a
    join contest_entries e on e.contest_id = a.contest_id and e.account_id = a.account_id
    join orgs o on o.id = e.org_id
    where a.contest_id = ${contestId} and a.flag is not null
    order by (a.flag = 'pending') desc, a.graded_at desc
    limit 200`);
  return rows<{
    attempt_id: string;
    score: number;
    taken_ms: number;
    min_ms: number;
    flag: 'pending' | 'approved' | 'rejected';
    graded_at: Date | string;
    org_name: string;
    name: string | null;
  }>(result);
}

export async function findContestAttempt(db: Database, attemptId: string) {
  const [row] = await db.select().from(contestAttempts).where(eq(contestAttempts.attemptId, attemptId));
  return row;
}

/** Staff decided on a flagged attempt: the member's entry and their union's figures follow in the same transaction. */
export async function reviewFlag(db: Database, attemptId: string, flag: 'approved' | 'rejected', by: string, at: Date) {
  const [row] = await db
    .update(contestAttempts)
    .set({ flag, reviewedBy: by, reviewedAt: at })
    .where(and(eq(contestAttempts.attemptId, attemptId), isNotNull(contestAttempts.flag)))
    .returning();
  if (row) await db.execute(sql`select contest_refresh_entry(${row.contestId}, ${row.accountId})`);
  return row;
}

/** Marks the contest settled, once: of parallel settles one gets the row, the others nothing. */
export async function markSettled(db: Database, contestId: string, by: string, at: Date) {
  const [row] = await db
    .update(contests)
    .set({ settledAt: at, settledBy: by })
    .where(and(eq(contests.testId, contestId), isNull(contests.settledAt)))
    .returning({ id: contests.testId });
  return row !== undefined;
}

/** The first `places` of the ranking, as the prizes freeze them. */
export async function winners(db: Database, contestId: string, places: number) {
  if (places <= 0) return [];
  return db
    .select({ accountId: contestEntries.accountId, orgId: contestEntries.orgId, score: contestEntries.bestScore, ms: contestEntries.bestMs })
    .from(contestEntries)
    .where(and(eq(contestEntries.contestId, contestId), isNotNull(contestEntries.rankKey)))
    .orderBy(asc(contestEntries.rankKey), asc(contestEntries.bestAt), asc(contestEntries.accountId))
    .limit(places);
}

export async function insertPrizes(db: Database, values: (typeof contestPrizes.$inferInsert)[]) {
  if (values.length > 0) await db.insert(contestPrizes).values(values);
}

export async function prizesOf(db: Database, contestId: string) {
  const result = await db.execute(sql`
    select p.place, p.account_id, p.score, p.taken_ms, p.points_paid, p.voucher_claim_id, p.voucher_note, o.name as org_name,
      (select m.name from memberships m where m.account_id = p.account_id order by m.joined_at desc limit 1) as name
    from contest_prizes p join orgs o on o.id = p.org_id
    where p.contest_id = ${contestId} order by p.place`);
  return rows<{
    place: number;
    account_id: string;
    score: number;
    taken_ms: number;
    points_paid: number;
    voucher_claim_id: string | null;
    voucher_note: string | null;
    org_name: string;
    name: string | null;
  }>(result);
}

export async function setPrizeVoucher(db: Database, contestId: string, place: number, claimId: string | null, note: string | null) {
  await db
    .update(contestPrizes)
    .set({ voucherClaimId: claimId, voucherNote: note })
    .where(and(eq(contestPrizes.contestId, contestId), eq(contestPrizes.place, place), isNull(contestPrizes.voucherClaimId)));
}

export type EntryRow = typeof contestEntries.$inferSelect;

/** Locks the contest's row until the transaction ends: a review and a settle of one contest take turns. */
export async function lockContest(db: Database, contestId: string) {
  const [row] = await db.select({ settledAt: contests.settledAt }).from(contests).where(eq(contests.testId, contestId)).for('update');
  return row;
}
