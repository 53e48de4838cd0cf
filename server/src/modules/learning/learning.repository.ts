import { and, asc, count, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { atOrAbove, inScope, movedPath, type StaffScope } from '../../lib/scope';
import { orgs } from '../orgs';
import { courses, learningTests, pointsBalances, pointsLedger, pointsRules, questionBanks, questions, testAttempts } from './learning.table';

const bankColumns = {
  id: questionBanks.id,
  orgId: questionBanks.orgId,
  orgName: orgs.name,
  orgPath: orgs.path,
  title: questionBanks.title,
  createdAt: questionBanks.createdAt,
  questions: sql<number>`(select count(*)::int from questions q where q.bank_id = ${questionBanks.id})`,
};

export async function insertBank(db: Database, values: typeof questionBanks.$inferInsert) {
  const [row] = await db.insert(questionBanks).values(values).returning({ id: questionBanks.id });
  return row!;
}

export async function insertQuestions(db: Database, values: (typeof questions.$inferInsert)[]) {
  for (let i = 0; i < values.length; i += 500) await db.insert(questions).values(values.slice(i, i + 500));
}

export async function findBank(db: Database, id: string) {
  const [row] = await db.select(bankColumns).from(questionBanks).innerJoin(orgs, eq(orgs.id, questionBanks.orgId)).where(eq(questionBanks.id, id));
  return row;
}

export async function listBanksInScope(db: Database, scope: StaffScope) {
  return db
    .select(bankColumns)
    .from(questionBanks)
    .innerJoin(orgs, eq(orgs.id, questionBanks.orgId))
    .where(inScope(scope, orgs.path))
    .orderBy(desc(questionBanks.createdAt))
    .limit(100);
}

/** The bank's questions in their stored order, as the draw needs them. */
export async function bankQuestions(db: Database, bankId: string) {
  return db
    .select({ id: questions.id, kind: questions.kind, options: questions.options })
    .from(questions)
    .where(eq(questions.bankId, bankId))
    .orderBy(asc(questions.position));
}

export async function questionsByIds(db: Database, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select().from(questions).where(inArray(questions.id, ids));
}

const testColumns = { test: learningTests, orgName: orgs.name };
/** A contest's test is listed with the contests (learning.contests.ts), not with the tests. */
const notContest = sql`not exists (select 1 from contests c where c.test_id = ${learningTests.id})`;

export async function insertTest(db: Database, values: typeof learningTests.$inferInsert) {
  const [row] = await db.insert(learningTests).values(values).returning({ id: learningTests.id });
  return row!;
}

export async function findTest(db: Database, id: string) {
  const [row] = await db.select(testColumns).from(learningTests).innerJoin(orgs, eq(orgs.id, learningTests.orgId)).where(eq(learningTests.id, id));
  return row;
}

export async function listTestsInScope(db: Database, scope: StaffScope, closedAfter: Date) {
  return db
    .select(testColumns)
    .from(learningTests)
    .innerJoin(orgs, eq(orgs.id, learningTests.orgId))
    .where(and(inScope(scope, learningTests.orgPath), gte(learningTests.closesAt, closedAfter), notContest))
    .orderBy(desc(learningTests.opensAt))
    .limit(100);
}

/** Tests for a member of the union at `memberPath`: set by that union or one above it, not closed before `closedAfter`. */
export async function listTestsForMember(db: Database, memberPath: string, closedAfter: Date) {
  return db
    .select(testColumns)
    .from(learningTests)
    .innerJoin(orgs, eq(orgs.id, learningTests.orgId))
    .where(and(atOrAbove(learningTests.orgPath, memberPath), gte(learningTests.closesAt, closedAfter), notContest))
    .orderBy(asc(learningTests.closesAt))
    .limit(50);
}

/** Per test, the member's attempts, best score, whether one passed, and the open attempt. */
export async function attemptSummaries(db: Database, accountId: string, testIds: string[]) {
  if (testIds.length === 0) return [];
  return db
    .select({
      testId: testAttempts.testId,
      attempts: count(),
      bestScore: sql<number | null>`max(${testAttempts.score})`,
      passed: sql<boolean>`coalesce(bool_or(${testAttempts.passed}), false)`,
      openAttemptId: sql<string | null>`(array_agg(${testAttempts.id}) filter (where ${testAttempts.gradedAt} is null))[1]`,
    })
    .from(testAttempts)
    .where(and(eq(testAttempts.accountId, accountId), inArray(testAttempts.testId, testIds)))
    .groupBy(testAttempts.testId);
}

export async function countAttempts(db: Database, testId: string, accountId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(testAttempts)
    .where(and(eq(testAttempts.testId, testId), eq(testAttempts.accountId, accountId)));
  return row?.n ?? 0;
}

export async function findOpenAttempt(db: Database, testId: string, accountId: string) {
  const [row] = await db
    .select()
    .from(testAttempts)
    .where(and(eq(testAttempts.testId, testId), eq(testAttempts.accountId, accountId), isNull(testAttempts.gradedAt)));
  return row;
}

/** A new open attempt, or nothing when the member already has one open (a parallel start won). */
export async function insertAttempt(db: Database, values: typeof testAttempts.$inferInsert) {
  const [row] = await db
    .insert(testAttempts)
    .values(values)
    .onConflictDoNothing({ target: [testAttempts.testId, testAttempts.accountId], where: sql`graded_at is null` })
    .returning();
  return row;
}

export async function findAttempt(db: Database, id: string) {
  const [row] = await db.select().from(testAttempts).where(eq(testAttempts.id, id));
  return row;
}

export async function findRule(db: Database, rule: (typeof pointsRules.$inferSelect)['rule']) {
  const [row] = await db.select().from(pointsRules).where(eq(pointsRules.rule, rule));
  return row;
}

/** The member's balance row, locked until the transaction ends: awards and spends of one member queue here. */
export async function lockBalance(db: Database, accountId: string) {
  await db.insert(pointsBalances).values({ accountId }).onConflictDoNothing();
  const [row] = await db.select({ balance: pointsBalances.balance }).from(pointsBalances).where(eq(pointsBalances.accountId, accountId)).for('update');
  return row!.balance;
}

export async function ruleTotals(db: Database, accountId: string, rule: (typeof pointsRules.$inferSelect)['rule'], day: string) {
  const [row] = await db
    .select({
      today: sql<number>`coalesce(sum(${pointsLedger.delta}) filter (where ${pointsLedger.day} = ${day}), 0)::int`,
      total: sql<number>`coalesce(sum(${pointsLedger.delta}), 0)::int`,
    })
    .from(pointsLedger)
    .where(and(eq(pointsLedger.accountId, accountId), eq(pointsLedger.rule, rule)));
  return row!;
}

export async function insertLedgerEntry(db: Database, values: typeof pointsLedger.$inferInsert) {
  const [row] = await db.insert(pointsLedger).values(values).onConflictDoNothing().returning();
  return row;
}

/** Adds `delta` (negative to spend); a spend finds no row when the balance is short, and the check is the backstop. */
export async function addToBalance(db: Database, accountId: string, delta: number, at: Date) {
  const [row] = await db
    .update(pointsBalances)
    .set({ balance: sql`${pointsBalances.balance} + ${delta}`, updatedAt: at })
    .where(and(eq(pointsBalances.accountId, accountId), gte(pointsBalances.balance, -delta)))
    .returning({ balance: pointsBalances.balance });
  return row?.balance;
}

export async function balanceOf(db: Database, accountId: string) {
  const [row] = await db.select({ balance: pointsBalances.balance }).from(pointsBalances).where(eq(pointsBalances.accountId, accountId));
  return row?.balance ?? 0;
}

export async function pointsHistory(db: Database, accountId: string, day: string) {
  const items = await db
    .select()
    .from(pointsLedger)
    .where(eq(pointsLedger.accountId, accountId))
    .orderBy(desc(pointsLedger.at), desc(pointsLedger.id))
    .limit(50);
  const [today] = await db
    .select({ n: sql<number>`coalesce(sum(${pointsLedger.delta}) filter (where ${pointsLedger.delta} > 0), 0)::int` })
    .from(pointsLedger)
    .where(and(eq(pointsLedger.accountId, accountId), eq(pointsLedger.day, day)));
  return { items, today: today?.n ?? 0 };
}

/** A union moved in the tree: tests and courses set by it or a union below it follow (in the caller's transaction). */
export async function rewriteLearningPaths(db: Database, oldPath: string, newPath: string): Promise<void> {
  const tests = movedPath(learningTests.orgPath, oldPath, newPath);
  await db.update(learningTests).set({ orgPath: tests.value }).where(tests.within);
  const taught = movedPath(courses.orgPath, oldPath, newPath);
  await db.update(courses).set({ orgPath: taught.value }).where(taught.within);
}
