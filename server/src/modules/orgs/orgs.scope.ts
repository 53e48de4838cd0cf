import { eq, like, or, sql, type SQL } from 'drizzle-orm';
import type { StaffRole } from '@union/shared';
import type { Database } from '../../db/client';
import { AppError } from '../../lib/errors';
import { listGrants } from '../auth/auth.repository';
import { orgs } from './orgs.table';

/** True when `path` is `scopePath` itself or lies below it. */
export function isWithin(path: string, scopePath: string): boolean {
  return path === scopePath || path.startsWith(`${scopePath}.`);
}

/** The org subtrees a staffer may act on with the given roles. */
export interface StaffScope {
  accountId: string;
  paths: string[];
}

export const REVIEW_ROLES: StaffRole[] = ['reviewer', 'admin', 'operator'];

export async function loadScope(db: Database, accountId: string, roles: StaffRole[]): Promise<StaffScope> {
  const grants = await listGrants(db, accountId);
  const paths = grants.filter((g) => roles.includes(g.role)).map((g) => g.orgPath);
  if (paths.length === 0) throw new AppError('auth.forbidden', 403);
  // A path inside another granted path adds nothing.
  return { accountId, paths: paths.filter((p) => !paths.some((q) => q !== p && isWithin(p, q))) };
}

export function covers(scope: StaffScope, orgPath: string): boolean {
  return scope.paths.some((p) => isWithin(orgPath, p));
}

/** SQL condition: orgs.path lies in the scope. */
export function inScope(scope: StaffScope): SQL {
  const parts = scope.paths.map((p) => or(eq(orgs.path, p), like(orgs.path, `${p.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`))!);
  return parts.length === 1 ? parts[0]! : (or(...parts) ?? sql`false`);
}
