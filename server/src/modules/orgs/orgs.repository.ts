import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { orgs, type OrgRow } from './orgs.table';

const JOINABLE_KINDS = ['street', 'community', 'enterprise', 'industry'] as const;

export interface OrgListParams {
  q?: string;
  near?: { lat: number; lng: number };
  limit: number;
}

/** Unions an applicant can join, nearest first when a location is given. */
export async function listJoinableOrgs(db: Database, params: OrgListParams): Promise<OrgRow[]> {
  const filters: SQL[] = [inArray(orgs.kind, [...JOINABLE_KINDS])];
  if (params.q) {
    const pattern = `%${params.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(or(ilike(orgs.name, pattern), ilike(orgs.address, pattern))!);
  }
  const query = db.select().from(orgs).where(and(...filters)).limit(params.limit);
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

/** True when `path` is `scopePath` itself or lies below it. */
export function isWithin(path: string, scopePath: string): boolean {
  return path === scopePath || path.startsWith(`${scopePath}.`);
}
