import type { RoleGrant, StaffRole } from '@union/shared';
import type { Database } from '../../db/client';
import { accessErrors } from './access.errors';
import { scopeOf, type ScopeFor, type StaffScope } from '../../lib/scope';
import { listGrants as readGrants } from './access.repository';

/** Roles that may see and decide applications. */
export const REVIEW_ROLES: readonly StaffRole[] = ['reviewer', 'admin', 'operator'];

type Grants = Awaited<ReturnType<typeof readGrants>>;

/**
 * Staff grants and what they allow: the one place that answers "may this account act on that union?".
 *
 * Grants are read on every staff request (the staff gate, then the scope), so each instance keeps them in
 * memory for `cacheTtlMs` (10 s). A change of grants must be announced with `notifyGrantsChanged` (live
 * module), which reaches every instance on commit and calls `invalidateGrants`; the TTL bounds the damage of
 * a missed notification.
 */
export function createAccessService(deps: { db: Database; cacheTtlMs?: number }) {
  const { db } = deps;
  const ttl = deps.cacheTtlMs ?? 10_000;
  const cache = new Map<string, { until: number; grants: Promise<Grants> }>();
  const MAX_CACHED = 20_000;

  function listGrants(accountId: string): Promise<Grants> {
    if (ttl <= 0) return readGrants(db, accountId);
    const t = Date.now();
    const hit = cache.get(accountId);
    if (hit && hit.until > t) return hit.grants;
    if (cache.size >= MAX_CACHED) cache.clear();
    const grants = readGrants(db, accountId);
    cache.set(accountId, { until: t + ttl, grants });
    grants.catch(() => cache.delete(accountId));
    return grants;
  }

  const scopeFor: ScopeFor = async (accountId, roles) => {
    const grants = await listGrants(accountId);
    const paths = grants.filter((g) => roles.includes(g.role)).map((g) => g.orgPath);
    if (paths.length === 0) throw accessErrors.forbidden();
    return scopeOf(accountId, paths);
  };

  return {
    scopeFor,

    /** Forget what this instance knows of the account's grants (their change was announced). */
    invalidateGrants(accountId: string): void {
      cache.delete(accountId);
    },

    /** Forget every account's grants (changes may have gone unannounced while the grants feed was down). */
    invalidateAllGrants(): void {
      cache.clear();
    },

    /** The scope for `roles`, or null when the account holds none of them (no error thrown). */
    async scopeOrNull(accountId: string, roles: readonly StaffRole[]): Promise<StaffScope | null> {
      const paths = (await listGrants(accountId)).filter((g) => roles.includes(g.role)).map((g) => g.orgPath);
      return paths.length ? scopeOf(accountId, paths) : null;
    },

    /** Whose live events a subscriber may see beyond their own: the reviewer scope, or null for a non-reviewer. */
    async liveScope(accountId: string): Promise<StaffScope | null> {
      const grants = await listGrants(accountId);
      const paths = grants.filter((g) => REVIEW_ROLES.includes(g.role)).map((g) => g.orgPath);
      return paths.length ? scopeOf(accountId, paths) : null;
    },

    async grantsOf(accountId: string): Promise<RoleGrant[]> {
      return (await listGrants(accountId)).map(({ role, orgId, orgName, orgCode }) => ({ role, orgId, orgName, orgCode }));
    },

    /** Holds one of `roles` in some union: the staff routes' gate (config.staffRoles), before any input is read. */
    async holdsRole(accountId: string, roles: readonly StaffRole[]): Promise<boolean> {
      return (await listGrants(accountId)).some((g) => roles.includes(g.role));
    },

    /** Holds any staff or operator role anywhere. */
    async isStaff(accountId: string): Promise<boolean> {
      return (await listGrants(accountId)).length > 0;
    },
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
