import {
  attemptSchema,
  contestListSchema,
  contestRankingSchema,
  contestSchema,
  flaggedAttemptSchema,
  flaggedListSchema,
  settlementSchema,
  unitRankingSchema,
  type Attempt,
  type Contest,
  type ContestInput,
  type ContestRanking,
  type FlaggedAttempt,
  type Settlement,
  type UnitRanking,
} from '@union/shared';
import { API_BASE, request } from './http';

/** Contests of the member's union (and the unions above it), with their tries left today and their own best. */
export async function listContests(): Promise<Contest[]> {
  return (await request({ path: '/learning/contests', schema: contestListSchema })).items;
}

export function getContest(id: string): Promise<Contest> {
  return request({ path: `/learning/contests/${id}`, schema: contestSchema });
}

/** Starts a try (or resumes the open one): questions and options only, never the answers. */
export function startContestAttempt(id: string): Promise<Attempt> {
  return request({ method: 'POST', path: `/learning/contests/${id}/attempts`, schema: attemptSchema });
}

/** After the close: the top places and the member's own. */
export function contestRanking(id: string): Promise<ContestRanking> {
  return request({ path: `/learning/contests/${id}/ranking`, query: { limit: 50 }, schema: contestRankingSchema });
}

export function contestUnits(id: string): Promise<UnitRanking> {
  return request({ path: `/learning/contests/${id}/units`, schema: unitRankingSchema });
}

export async function listManagedContests(): Promise<Contest[]> {
  return (await request({ path: '/staff/learning/contests', schema: contestListSchema })).items;
}

export function createContest(input: ContestInput): Promise<Contest> {
  return request({ method: 'POST', path: '/staff/learning/contests', body: input, schema: contestSchema });
}

export function staffRanking(id: string): Promise<ContestRanking> {
  return request({ path: `/staff/learning/contests/${id}/ranking`, query: { limit: 100 }, schema: contestRankingSchema });
}

export function staffUnits(id: string, under?: string): Promise<UnitRanking> {
  return request({ path: `/staff/learning/contests/${id}/units`, query: under ? { under } : {}, schema: unitRankingSchema });
}

export async function flaggedAttempts(id: string): Promise<FlaggedAttempt[]> {
  return (await request({ path: `/staff/learning/contests/${id}/flagged`, schema: flaggedListSchema })).items;
}

export function reviewFlag(attemptId: string, decision: 'approve' | 'reject'): Promise<FlaggedAttempt> {
  return request({ method: 'POST', path: `/staff/learning/contest-attempts/${attemptId}/review`, body: { decision }, schema: flaggedAttemptSchema });
}

export function settleContest(id: string): Promise<Settlement> {
  return request({ method: 'POST', path: `/staff/learning/contests/${id}/settle`, schema: settlementSchema });
}

/** The CSV export's URL (H5 downloads it with the access token, as the audit export does). */
export function contestExportUrl(id: string, by: 'unit' | 'person', under?: string): string {
  return `${API_BASE}/staff/learning/contests/${id}/export?by=${by}${under ? `&under=${encodeURIComponent(under)}` : ''}`;
}
