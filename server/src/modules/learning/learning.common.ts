import type { StaffRole, Test } from '@union/shared';
import type { Database } from '../../db/client';
import type { ScopeFor } from '../../lib/scope';
import type { AuditPort } from '../audit';
import type { MemberStanding } from '../members';
import type { OrgLookup } from '../orgs';
import * as repo from './learning.repository';
import type { LearningTestRow } from './learning.table';

export const LEARNING_ROLES: readonly StaffRole[] = ['admin', 'operator'];
/** A submit this long after the deadline still counts (a slow network on the last second). */
export const SUBMIT_GRACE_MS = 15_000;
/** Closed tests stay on the member's list this long, so results and reviews can be found. */
export const CLOSED_VISIBLE_MS = 7 * 86_400_000;

export interface LearningServiceDeps {
  db: Database;
  now?: () => Date;
  scopeFor: ScopeFor;
  findOrg: OrgLookup;
  memberStanding: MemberStanding;
  audit: AuditPort;
}

export type TestWithOrg = { test: LearningTestRow; orgName: string };

/** What passing a test pays (the `test_passed` rule). */
export async function testPoints(db: Database) {
  return (await repo.findRule(db, 'test_passed'))?.points ?? 0;
}

export function testDto({ test, orgName }: TestWithOrg, points: number, mine?: Test['mine']): Test {
  return {
    id: test.id,
    orgId: test.orgId,
    orgName,
    title: test.title,
    questionCount: test.questionCount,
    timeLimitMinutes: Math.round(test.timeLimitSeconds / 60),
    passPercent: test.passPercent,
    maxAttempts: test.maxAttempts,
    reviewOpens: test.reviewOpens,
    opensAt: test.opensAt.toISOString(),
    closesAt: test.closesAt.toISOString(),
    points,
    ...(mine ? { mine } : {}),
  };
}
