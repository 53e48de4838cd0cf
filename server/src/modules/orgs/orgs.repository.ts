import { and, asc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { orgs, type OrgRow } from './orgs.table';
import { inScope, movedPath, type StaffScope } from '../../lib/scope';

export const JOINABLE_KINDS = ['street', 'community', 'enterprise', 'industry', 'park'] as const;

/** Takes applications directly: a kind that has members, open, and not paused by its admins. */
export function isJoinable(org: Pick<OrgRow, 'kind' | 'takesJoins' | 'closedAt'>): boolean {
  return (JOINABLE_KINDS as readonly string[]).includes(org.kind) && org.takesJoins && org.closedAt === null;
}

/** SQL twin of isJoinable for lists. */
const joinableNow = () => and(inArray(orgs.kind, [...JOINABLE_KINDS]), eq(orgs.takesJoins, true), isNull(orgs.closedAt))!;

/**
 * 兜底入会: with no union of their own employer, a worker goes to the street union of the district
 * they work in that takes such workers, else to the industry union for their trade in that city.
 */
export async function findFallbackUnion(db: Database, workDistrict: string, category: string): Promise<OrgRow | undefined> {
  const [street] = await db
    .select()
    .from(orgs)
    .where(and(joinableNow(), eq(orgs.kind, 'street'), eq(orgs.acceptsUnaffiliated, true), eq(orgs.regionCode, workDistrict)))
    .orderBy(asc(orgs.path))
    .limit(1);
  if (street) return street;
  const [industry] = await db
    .select()
    .from(orgs)
    .where(
      and(
        joinableNow(),
        eq(orgs.kind, 'industry'),
        eq(orgs.acceptsUnaffiliated, true),
        sql`${category} = any(${orgs.servesCategories})`,
        sql`left(${orgs.regionCode}, 2) = ${workDistrict.slice(0, 2)}`,
      ),
    )
    .orderBy(asc(orgs.path))
    .limit(1);
  return industry;
}

export interface OrgListParams {
  q?: string;
  near?: { lat: number; lng: number };
  limit: number;
}

/** Unions an applicant can join, nearest first when a location is given. */
export async function listJoinableOrgs(db: Database, params: OrgListParams): Promise<OrgRow[]> {
  const filters: SQL[] = [joinableNow()];
  if (params.q) {
    const pattern = `%${params.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(or(ilike(orgs.name, pattern), ilike(orgs.address, pattern))!);
  }
  const query = db
    .select()
    .from(orgs)
    .where(and(...filters))
    .limit(params.limit);
  if (params.near) {
    // Equirectangular distance is plenty to order unions within a city.
    const { lat, lng } = params.near;
    return query.orderBy(
      sql`case when ${orgs.lat} is null then 1 else 0 end`,
      sql`power(${orgs.lat} - ${lat}, 2) + power((${orgs.lng} - ${lng}) * cos(radians(${lat})), 2)`,
      asc(orgs.name),
    );
  }
  return query.orderBy(asc(orgs.path));
}

export async function findOrgById(db: Database, id: string) {
  const [row] = await db.select().from(orgs).where(eq(orgs.id, id));
  return row;
}

/** Unions inside a staffer's scope, in tree order. */
export async function listOrgsInScope(db: Database, scope: StaffScope, limit = 500): Promise<OrgRow[]> {
  return db
    .select()
    .from(orgs)
    .where(and(inScope(scope, orgs.path), isNull(orgs.closedAt)))
    .orderBy(asc(orgs.path))
    .limit(limit);
}

/** Every union in the scope, closed ones too (the tree page shows them as 已撤销). */
export async function listOrgTreeInScope(db: Database, scope: StaffScope, limit = 5000): Promise<OrgRow[]> {
  return db.select().from(orgs).where(inScope(scope, orgs.path)).orderBy(asc(orgs.path)).limit(limit);
}

/**
 * Serialises writes to the tree's shape (create, move, close, import) for the rest of the transaction: row locks
 * alone let two crossing moves (or a move and a create below it) each pass their checks on rows the other changes.
 */
export async function lockTree(db: Database): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('union-org-tree'))`);
}

/** Locks the unions' rows (in id order, so two moves never wait on each other crosswise) and reads them fresh. */
export async function lockOrgs(db: Database, ids: string[]): Promise<OrgRow[]> {
  const sorted = [...new Set(ids)].sort();
  return db.select().from(orgs).where(inArray(orgs.id, sorted)).orderBy(asc(orgs.id)).for('update');
}

export async function findOrgByCode(db: Database, code: string) {
  const [row] = await db.select().from(orgs).where(eq(orgs.code, code));
  return row;
}

export async function updateOrg(db: Database, id: string, values: Partial<typeof orgs.$inferInsert>): Promise<OrgRow> {
  const [row] = await db.update(orgs).set(values).where(eq(orgs.id, id)).returning();
  return row!;
}

/** Moves a union and everything below it: the paths are rewritten by prefix (codes are unique, so paths stay unique). */
export async function moveSubtree(db: Database, id: string, parentId: string, oldPath: string, newPath: string): Promise<void> {
  const moved = movedPath(orgs.path, oldPath, newPath);
  await db.update(orgs).set({ path: moved.value }).where(moved.within);
  await db.update(orgs).set({ parentId }).where(eq(orgs.id, id));
}

/** Levels of a path (the city federation is 1). */
export const depthOf = (path: string) => path.split('.').length;

/** How many levels the union at `path` and those below it span (1 for a union with none below). */
export async function subtreeLevels(db: Database, path: string): Promise<number> {
  const [row] = await db
    .select({ deepest: sql<number>`max(array_length(string_to_array(${orgs.path}, '.'), 1))::int` })
    .from(orgs)
    .where(inScope({ accountId: '', paths: [path] }, orgs.path));
  return (row?.deepest ?? depthOf(path)) - depthOf(path) + 1;
}

export async function countOpenChildren(db: Database, id: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(orgs)
    .where(and(eq(orgs.parentId, id), isNull(orgs.closedAt)));
  return row?.n ?? 0;
}

export async function insertOrg(db: Database, values: typeof orgs.$inferInsert) {
  const [row] = await db.insert(orgs).values(values).returning();
  return row!;
}

export async function countOrgs(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(orgs);
  return row?.n ?? 0;
}

export async function setAutoApprove(db: Database, id: string, autoApprove: boolean): Promise<OrgRow> {
  const [row] = await db.update(orgs).set({ autoApprove }).where(eq(orgs.id, id)).returning();
  return row!;
}

/** Finds a union by id (in the caller's transaction): what modules that attach things to a union take. */
export type OrgLookup = typeof findOrgById;

/** Every union (codes are unique across the city): what an import checks its codes and parents against. */
export async function listAllOrgs(db: Database): Promise<OrgRow[]> {
  return db.select().from(orgs);
}

export async function insertOrgs(db: Database, values: (typeof orgs.$inferInsert)[]) {
  await db.insert(orgs).values(values);
}
