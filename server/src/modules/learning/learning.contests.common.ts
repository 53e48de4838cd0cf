import type { Contest } from '@union/shared';
import type { Database } from '../../db/client';
import { inServiceTz } from '../../lib/dates';
import { findContest, type ContestWithTest } from './learning.contests.repository';
import { findRule } from './learning.repository';

/** The start of the Beijing day `at` falls in: tries per day count from here. */
export const dayStart = (at: Date) => inServiceTz(at).startOf('day').toDate();

/** What the `contest_place` rule pays a place. */
export async function placePoints(db: Database) {
  return (await findRule(db, 'contest_place'))?.points ?? 0;
}

export function contestDto(c: ContestWithTest, prizePoints: number, prizeVoucher: string | null, extra: Partial<Contest> = {}): Contest {
  return {
    id: c.test.id,
    orgId: c.test.orgId,
    orgName: c.orgName,
    title: c.test.title,
    questionCount: c.test.questionCount,
    timeLimitMinutes: Math.round(c.test.timeLimitSeconds / 60),
    triesPerDay: c.contest.triesPerDay,
    prizePlaces: c.contest.prizePlaces,
    prizePoints,
    prizeVoucher,
    opensAt: c.test.opensAt.toISOString(),
    closesAt: c.test.closesAt.toISOString(),
    settledAt: c.contest.settledAt?.toISOString() ?? null,
    ...extra,
  };
}

/** How long an instance reuses a contest's definition for reads (rankings): only settling changes it, and reads it fresh. */
const CONTEST_TTL_MS = 5_000;

/** Contest definitions for the hot reads, kept a few seconds per instance. */
export function createContestCache(db: Database) {
  const cache = new Map<string, { until: number; row: Promise<ContestWithTest | undefined> }>();
  return {
    get(id: string): Promise<ContestWithTest | undefined> {
      const hit = cache.get(id);
      if (hit && hit.until > Date.now()) return hit.row;
      if (cache.size > 1_000) cache.clear();
      const row = findContest(db, id);
      cache.set(id, { until: Date.now() + CONTEST_TTL_MS, row });
      row.catch(() => cache.delete(id));
      return row;
    },
    forget(id: string) {
      cache.delete(id);
    },
  };
}
export type ContestCache = ReturnType<typeof createContestCache>;
