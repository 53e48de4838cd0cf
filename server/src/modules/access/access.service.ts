import type { RoleGrant, StaffRole } from '@union/shared';
import type { Database } from '../../db/client';
import { AppError } from '../../lib/errors';
import { scopeOf, type StaffScope } from '../../lib/scope';
import { listGrants } from './access.repository';

/** Roles that may see and decide applications. */
export const REVIEW_ROLES: readonly StaffRole[] = ['reviewer', 'admin', 'operator'];

/** Staff grants and what they allow: the one place that answers "may this account act on that union?". */
export function createAccessService(deps: { db: Database }) {
  const { db } = deps;

  async function scopeFor(accountId: string, roles: readonly StaffRole[]): Promise<StaffScope> {
    const grants = await listGrants(db, accountId);
    const paths = grants.filter((g) => roles.includes(g.role)).map((g) => g.orgPath);
    if (paths.length === 0) throw new AppError('auth.forbidden');
    return scopeOf(accountId, paths);
  }

  return {
    scopeFor,

    /** Whose live events a subscriber may see beyond their own: the reviewer scope, or null for a non-reviewer. */
    async liveScope(accountId: string): Promise<StaffScope | null> {
      const grants = await listGrants(db, accountId);
      const paths = grants.filter((g) => REVIEW_ROLES.includes(g.role)).map((g) => g.orgPath);
      return paths.length ? scopeOf(accountId, paths) : null;
    },

    async grantsOf(accountId: string): Promise<RoleGrant[]> {
      return (await listGrants(db, accountId)).map(({ role, orgId, orgName, orgCode }) => ({ role, orgId, orgName, orgCode }));
    },

    /** Holds any staff or operator role anywhere. */
    async isStaff(accountId: string): Promise<boolean> {
      return (await listGrants(db, accountId)).length > 0;
    },
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
