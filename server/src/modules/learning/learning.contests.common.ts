import type { Contest } from '@union/shared';
import type { Database } from '../../db/client';
import { inServiceTz } from '../../lib/dates';
import type { ContestWithTest } from './learning.contests.repository';
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
