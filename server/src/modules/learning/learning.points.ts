import type { PointsRule, Points } from '@union/shared';
import type { Database } from '../../db/client';
import { serviceDate } from '../../lib/dates';
import { learningErrors } from './learning.errors';
import * as repo from './learning.repository';

/** What earned or spent the points: a test, a lesson, a class, a redemption. Unique per rule and member. */
export interface PointsSource {
  accountId: string;
  rule: PointsRule;
  sourceType: string;
  sourceId: string;
  /** Shown in the member's history (the test's title). */
  label: string;
}

/** The Beijing calendar day of an entry (daily caps). */
export const serviceDay = serviceDate;

/**
 * Awards the rule's points for an event the server saw, inside the caller's transaction. The amount comes from the
 * rule alone, cut to what its daily and total caps leave; the same (rule, source, member) pays once. The member's
 * balance row is locked first, so parallel awards and spends of one member see each other's entries.
 */
export async function awardPoints(tx: Database, source: PointsSource, at: Date): Promise<number> {
  const rule = await repo.findRule(tx, source.rule);
  if (!rule || rule.points <= 0) return 0;
  await repo.lockBalance(tx, source.accountId);
  const day = serviceDay(at);
  const totals = await repo.ruleTotals(tx, source.accountId, source.rule, day);
  const amount = Math.min(
    rule.points,
    rule.dailyCap === null ? Infinity : rule.dailyCap - totals.today,
    rule.totalCap === null ? Infinity : rule.totalCap - totals.total,
  );
  if (amount <= 0) return 0;
  const balance = await repo.balanceOf(tx, source.accountId);
  const entry = await repo.insertLedgerEntry(tx, { ...source, delta: amount, balanceAfter: balance + amount, day, at });
  if (!entry) return 0;
  await repo.addToBalance(tx, source.accountId, amount, at);
  return amount;
}

/**
 * Spends `cost` points for a redemption the server priced (a 积分商城 campaign's claim), inside the caller's
 * transaction: all or nothing, never below zero. One guarded update takes the points only if the balance covers them;
 * it locks the member's balance row as awards do (so they see each other) and, when it had to wait for that lock,
 * checks the balance again on the newest row: of many parallel spends against a balance enough for one, one goes
 * through and the rest find it short (`learning.insufficient_points`, with the points still missing). The table's
 * check stands behind it. The entry's source is what was bought (the claim), unique per member like every entry.
 */
export async function spendPoints(tx: Database, source: Omit<PointsSource, 'rule'>, cost: number, at: Date): Promise<{ balance: number }> {
  const balance = await repo.addToBalance(tx, source.accountId, -cost, at);
  if (balance === undefined) throw learningErrors.insufficientPoints(cost - (await repo.balanceOf(tx, source.accountId)));
  const entry = await repo.insertLedgerEntry(tx, { ...source, rule: 'spend', delta: -cost, balanceAfter: balance, day: serviceDay(at), at });
  // The same purchase paid twice cannot be: its source is unique per member (rolled back with the caller's transaction).
  if (!entry) throw learningErrors.insufficientPoints(cost);
  return { balance };
}

/** The member's balance now (0 before any entry). */
export const pointsBalanceOf = (db: Database, accountId: string) => repo.balanceOf(db, accountId);

export function createPoints(deps: { db: Database; now: () => Date }) {
  const { db, now } = deps;
  return {
    /** spendPoints in a transaction of its own. */
    async spend(source: Omit<PointsSource, 'rule'>, cost: number) {
      const at = now();
      return db.transaction((tx) => spendPoints(tx, source, cost, at));
    },

    async mine(accountId: string): Promise<Points> {
      const [balance, history] = await Promise.all([repo.balanceOf(db, accountId), repo.pointsHistory(db, accountId, serviceDay(now()))]);
      return {
        balance,
        today: history.today,
        items: history.items.map((e) => ({ id: e.id, rule: e.rule, label: e.label, delta: e.delta, balanceAfter: e.balanceAfter, at: e.at.toISOString() })),
      };
    },
  };
}

export type PointsService = ReturnType<typeof createPoints>;
