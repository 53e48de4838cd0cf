import { eq, like, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { StaffRole } from '@union/shared';

/** The union subtrees a staffer may act on with some set of roles: dotted paths such as `bj.xc`. */
export interface StaffScope {
  accountId: string;
  paths: string[];
}

/**
 * The port every scoped service takes (provided by the access module): the account's scope for some roles, or
 * `auth.forbidden` when it holds none of them.
 */
export type ScopeFor = (accountId: string, roles: readonly StaffRole[]) => Promise<StaffScope>;

/** True when `path` is `scopePath` itself or lies below it. */
export function isWithin(path: string, scopePath: string): boolean {
  return path === scopePath || path.startsWith(`${scopePath}.`);
}

export function covers(scope: StaffScope, orgPath: string): boolean {
  return scope.paths.some((p) => isWithin(orgPath, p));
}

/** A scope from granted paths; a path inside another granted path adds nothing. */
export function scopeOf(accountId: string, paths: string[]): StaffScope {
  return { accountId, paths: [...new Set(paths)].filter((p) => !paths.some((q) => q !== p && isWithin(p, q))) };
}

/** SQL condition: the org path column lies in the scope. */
export function inScope(scope: StaffScope, pathColumn: AnyPgColumn): SQL {
  const parts = scope.paths.map((p) => or(eq(pathColumn, p), like(pathColumn, `${p.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`))!);
  if (parts.length === 0) return sql`false`;
  return parts.length === 1 ? parts[0]! : or(...parts)!;
}

/** SQL condition: the union at the path column is the one at `path` or above it (a member there is in its audience). */
export function atOrAbove(pathColumn: AnyPgColumn, path: string): SQL {
  return sql`(${pathColumn} = ${path} or ${path} like ${pathColumn} || '.%')`;
}

/**
 * A union moved from `oldPath` to `newPath`: which rows of a path column lie at or below the old path, and the
 * value that column takes (the new path with the rest kept), for an update in the mover's transaction.
 */
export function movedPath(pathColumn: AnyPgColumn, oldPath: string, newPath: string): { within: SQL; value: SQL } {
  return { within: inScope({ accountId: '', paths: [oldPath] }, pathColumn), value: sql`${newPath} || substr(${pathColumn}, ${oldPath.length + 1})` };
}
