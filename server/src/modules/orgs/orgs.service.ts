import type { OrgSettings, StaffRole } from '@union/shared';
import type { Database } from '../../db/client';
import { covers, type ScopeFor } from '../../lib/scope';
import { orgErrors } from './orgs.errors';
import { findFallbackUnion, findOrgById, isJoinable, listOrgsInScope, setAutoApprove } from './orgs.repository';
import type { OrgRow } from './orgs.table';
import type { AuditPort } from '../audit';

const settingsDto = (o: OrgRow): OrgSettings => ({ id: o.id, name: o.name, kind: o.kind, autoApprove: o.autoApprove });

export interface OrgsServiceDeps {
  db: Database;
  scopeFor: ScopeFor;
  audit: AuditPort;
}

/**
 * Where an application goes: the union chosen (or the stall's), which must take members directly;
 * else 兜底入会, the street union of the work district, or the industry union for the trade.
 * Undefined when no union takes the worker in.
 */
export async function resolveJoinable(db: Database, chosenOrgId: string | undefined, workDistrict: string, category: string): Promise<OrgRow | undefined> {
  if (chosenOrgId) return requireJoinable(db, chosenOrgId);
  return findFallbackUnion(db, workDistrict, category);
}

/** The union by id, if it takes members directly. */
export async function requireJoinable(db: Database, orgId: string): Promise<OrgRow> {
  const org = await findOrgById(db, orgId);
  if (!org) throw orgErrors.notFound();
  if (!isJoinable(org)) throw orgErrors.notJoinable();
  return org;
}

/** Who sees the unions they cover, and who sets them (the route gate and the scope use the same lists). */
export const ORG_VIEW_ROLES: readonly StaffRole[] = ['reviewer', 'admin', 'operator'];
export const ORG_ADMIN_ROLES: readonly StaffRole[] = ['admin', 'operator'];

/** The unions a staffer covers, and the union admin's switch for automatic approval. */
export function createOrgsService(deps: OrgsServiceDeps) {
  const { db } = deps;
  return {
    async listForStaff(accountId: string): Promise<OrgSettings[]> {
      const scope = await deps.scopeFor(accountId, ORG_VIEW_ROLES);
      return (await listOrgsInScope(db, scope)).map(settingsDto);
    },

    async setAutoApprove(accountId: string, orgId: string, autoApprove: boolean): Promise<OrgSettings> {
      const scope = await deps.scopeFor(accountId, ORG_ADMIN_ROLES);
      const org = await findOrgById(db, orgId);
      // Another union's settings look the same as a missing union.
      if (!org || !covers(scope, org.path)) throw orgErrors.notFound();
      const updated = await db.transaction(async (tx) => {
        const row = await setAutoApprove(tx, org.id, autoApprove);
        await deps.audit.record(tx, {
          actorAccountId: accountId,
          action: 'org.settings',
          targetType: 'org',
          targetId: org.id,
          orgId: org.id,
          detail: { autoApprove: { from: org.autoApprove, to: autoApprove } },
        });
        return row;
      });
      return settingsDto(updated);
    },
  };
}

export type OrgsService = ReturnType<typeof createOrgsService>;
