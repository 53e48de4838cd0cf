import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { queryPrepared } from '../../db/prepared';
import { inScope, type StaffScope } from '../../lib/scope';
import { createTurns } from '../../lib/turns';
import { orgs } from '../orgs';
import { stations, type NewStation } from './stations.table';

/** A station as the API shows it, with its union's name, whether it is open now and, near a point, its distance. */
export interface StationView {
  id: string;
  code: string;
  name: string;
  hostKind: NewStation['hostKind'];
  address: string;
  district: string | null;
  lat: number;
  lng: number;
  facilityIds: number[];
  hours: string;
  is24h: boolean;
  openNow: boolean;
  orgId: string;
  orgName: string;
  distance: number | null;
}

export interface StationFilter {
  /** Every one of these facilities must be there. */
  facilityIds: number[];
  /** Minute of the Beijing week (Monday 00:00 = 0) the station must be open at; undefined for any. */
  openAt?: number;
  /** Owned by this union. */
  orgId?: string;
}

/** Sent on commit by every write to `stations`: each instance reloads its in-memory copy (stations.memory.ts). */
export const STATIONS_CHANGED_CHANNEL = 'stations_changed';

const rows = <T>(result: unknown) => (result as { rows: T[] }).rows;

function filterSql(filter: StationFilter): SQL {
  const parts: SQL[] = [sql`true`];
  if (filter.facilityIds.length) parts.push(sql`s.facility_ids @> ${`{${filter.facilityIds.join(',')}}`}::smallint[]`);
  if (filter.openAt !== undefined) parts.push(sql`s.open_week @> ${filter.openAt}::int`);
  if (filter.orgId) parts.push(sql`s.org_id = ${filter.orgId}::uuid`);
  return sql.join(parts, sql` and `);
}

type RawView = Omit<StationView, 'lat' | 'lng' | 'distance'> & { lat: number | string; lng: number | string; distance: number | string | null };

const view = (r: RawView): StationView => ({
  ...r,
  lat: Number(r.lat),
  lng: Number(r.lng),
  distance: r.distance === null ? null : Math.round(Number(r.distance)),
});

/** Rows the nearest-first walk reads: offset + limit rounded up, so a handful of statements cover every page. */
const NEAREST_READS = [25, 50, 100, 200, 500, 1000, 2101];

/**
 * Nearest first: the KNN walk of the GiST index on ll_to_earth(lat, lng) (ORDER BY `<->` with a
 * literal LIMIT), filters applied as rows come off the index, then the page is cut and joined to
 * its union. Distances are great-circle metres on earthdistance's sphere.
 *
 * Planning this query (ll_to_earth and earth() inline into cube arithmetic) costs PostgreSQL
 * several times what running it does, so on a server it is a named prepared statement, planned once
 * per connection. The inner LIMIT is a literal from NEAREST_READS because a generic plan with
 * `LIMIT $n` assumes a tenth of the table and sorts every station instead (measured: 60 ms, not 1).
 */
export async function listNearest(
  db: Database,
  at: { lat: number; lng: number },
  filter: StationFilter,
  page: { limit: number; offset: number },
  minute: number,
): Promise<StationView[]> {
  const reads = NEAREST_READS.find((n) => n >= page.offset + page.limit) ?? NEAREST_READS.at(-1)!;
  const values: unknown[] = [at.lat, at.lng, minute, page.limit, page.offset];
  const where: string[] = ['true'];
  if (filter.facilityIds.length) {
    values.push(`{${filter.facilityIds.join(',')}}`);
    where.push(`s.facility_ids @> $${values.length}::smallint[]`);
  }
  if (filter.openAt !== undefined) {
    values.push(filter.openAt);
    where.push(`s.open_week @> $${values.length}::int`);
  }
  if (filter.orgId) {
    values.push(filter.orgId);
    where.push(`s.org_id = $${values.length}::uuid`);
  }
  const origin = 'll_to_earth($1::float8, $2::float8)';
  const text = `
    select s.id, s.code, s.name, s.host_kind as "hostKind", s.address, s.district, s.lat, s.lng,
           s.facility_ids as "facilityIds", s.hours, s.is24h as "is24h", s.open_week @> $3::int as "openNow",
           s.org_id as "orgId", o.name as "orgName", earth_distance(ll_to_earth(s.lat, s.lng), ${origin}) as distance
    from (
      select * from stations s where ${where.join(' and ')}
      order by ll_to_earth(s.lat, s.lng) <-> ${origin}
      limit ${reads}
    ) s
    join orgs o on o.id = s.org_id
    order by ll_to_earth(s.lat, s.lng) <-> ${origin}
    limit $4::int offset $5::int`;
  const name = `stations_nearest_${reads}_${filter.facilityIds.length ? 'f' : ''}${filter.openAt !== undefined ? 'o' : ''}${filter.orgId ? 'g' : ''}`;
  const found = await queryPrepared<RawView>(db, name, text, values);
  return found.map(view);
}

/** Without a point: by name, for browsing. */
export async function listByName(db: Database, filter: StationFilter, page: { limit: number; offset: number }, minute: number): Promise<StationView[]> {
  const result = await db.execute(sql`
    select s.id, s.code, s.name, s.host_kind as "hostKind", s.address, s.district, s.lat, s.lng,
           s.facility_ids as "facilityIds", s.hours, s.is24h as "is24h", s.open_week @> ${minute}::int as "openNow",
           s.org_id as "orgId", o.name as "orgName", null::float8 as distance
    from stations s join orgs o on o.id = s.org_id
    where ${filterSql(filter)}
    order by s.name, s.id
    limit ${page.limit}::int offset ${page.offset}::int`);
  return rows<RawView>(result).map(view);
}

export async function findStationView(db: Database, id: string, minute: number): Promise<StationView | undefined> {
  const result = await db.execute(sql`
    select s.id, s.code, s.name, s.host_kind as "hostKind", s.address, s.district, s.lat, s.lng,
           s.facility_ids as "facilityIds", s.hours, s.is24h as "is24h", s.open_week @> ${minute}::int as "openNow",
           s.org_id as "orgId", o.name as "orgName", null::float8 as distance
    from stations s join orgs o on o.id = s.org_id
    where s.id = ${id}::uuid`);
  const [row] = rows<RawView>(result);
  return row ? view(row) : undefined;
}

export interface Box {
  south: number;
  west: number;
  north: number;
  east: number;
}

/**
 * Stations inside a map viewport. The box is first widened to a sphere cap around its centre
 * (earth_box on the same GiST index), then cut to the exact box; a bounded sample is enough for a map.
 */
export async function stationsInBox(
  db: Database,
  box: Box,
  filter: StationFilter,
  max: number,
): Promise<{ id: string; name: string; lat: number; lng: number }[]> {
  const centreLat = (box.south + box.north) / 2;
  const centreLng = (box.west + box.east) / 2;
  const radius = sql`earth_distance(ll_to_earth(${box.south}::float8, ${box.west}::float8), ll_to_earth(${box.north}::float8, ${box.east}::float8)) / 2 + 1`;
  const result = await db.execute(sql`
    select s.id, s.name, s.lat, s.lng from stations s
    where earth_box(ll_to_earth(${centreLat}::float8, ${centreLng}::float8), ${radius}) @> ll_to_earth(s.lat, s.lng)
      and s.lat between ${box.south}::float8 and ${box.north}::float8
      and s.lng between ${box.west}::float8 and ${box.east}::float8
      and ${filterSql(filter)}
    limit ${max}::int`);
  return rows<{ id: string; name: string; lat: number | string; lng: number | string }>(result).map((r) => ({ ...r, lat: Number(r.lat), lng: Number(r.lng) }));
}

/**
 * Existing stations by code, with the union path that owns each (for the importer's scope check). A few hundred codes a
 * query, with a turn of the event loop between (on PGlite each query runs on the server's own event loop).
 */
export async function ownersOfCodes(db: Database, codes: string[]): Promise<Map<string, { orgId: string; orgPath: string }>> {
  const found = new Map<string, { orgId: string; orgPath: string }>();
  const turns = createTurns(1);
  for (let i = 0; i < codes.length; i += 500) {
    if (i > 0 && turns.due()) await turns.take();
    const chunk = codes.slice(i, i + 500);
    const list = await db
      .select({ code: stations.code, orgId: stations.orgId, orgPath: orgs.path })
      .from(stations)
      .innerJoin(orgs, eq(orgs.id, stations.orgId))
      .where(inArray(stations.code, chunk));
    for (const r of list) found.set(r.code, { orgId: r.orgId, orgPath: r.orgPath });
  }
  return found;
}

/** Unions by code, for an import's `union` column. */
export async function orgsByCodes(db: Database, codes: string[]): Promise<Map<string, { id: string; path: string }>> {
  if (!codes.length) return new Map();
  const list = await db.select({ id: orgs.id, code: orgs.code, path: orgs.path }).from(orgs).where(inArray(orgs.code, codes));
  return new Map(list.map((o) => [o.code, { id: o.id, path: o.path }]));
}

const multirange = (ranges: [number, number][]) => `{${ranges.map(([from, to]) => `[${from},${to})`).join(',')}}`;

/**
 * Rows per insert statement. On PGlite the statement runs on the server's own event loop (about 60 µs a row with the
 * GiST index), so a chunk is what holds other requests up; on PostgreSQL it is a round trip, which costs little.
 */
const UPSERT_CHUNK = 250;

/**
 * Inserts or, for a code already there, updates: counts of each. The rows travel as one JSON
 * parameter per chunk (json_to_recordset): a few thousand rows as bound parameters each cost
 * several times more to send and plan, most of all on PGlite. Other requests get a turn of the
 * event loop between chunks (the caller's transaction stays open meanwhile).
 */
export async function upsertStations(db: Database, values: NewStation[]): Promise<{ created: number; updated: number }> {
  let created = 0;
  let updated = 0;
  const turns = createTurns(1);
  for (let i = 0; i < values.length; i += UPSERT_CHUNK) {
    if (i > 0 && turns.due()) await turns.take();
    const chunk = values.slice(i, i + UPSERT_CHUNK).map((v) => ({
      code: v.code,
      name: v.name,
      host_kind: v.hostKind,
      address: v.address,
      district: v.district ?? null,
      lat: v.lat,
      lng: v.lng,
      facility_ids: v.facilityIds ?? [],
      hours: v.hours,
      is24h: v.is24h ?? false,
      open_week: multirange(v.openWeek),
      org_id: v.orgId,
    }));
    const result = await db.execute(sql`
      insert into stations (code, name, host_kind, address, district, lat, lng, facility_ids, hours, is24h, open_week, org_id)
      select code, name, host_kind, address, district, lat, lng, facility_ids, hours, is24h, open_week, org_id
      from json_to_recordset(${JSON.stringify(chunk)}::json) as r(
        code text, name text, host_kind station_host_kind, address text, district text, lat float8, lng float8,
        facility_ids smallint[], hours text, is24h boolean, open_week int4multirange, org_id uuid)
      on conflict (code) do update set
        name = excluded.name, host_kind = excluded.host_kind, address = excluded.address, district = excluded.district,
        lat = excluded.lat, lng = excluded.lng, facility_ids = excluded.facility_ids, hours = excluded.hours,
        is24h = excluded.is24h, open_week = excluded.open_week, org_id = excluded.org_id, updated_at = now()
      -- xmax is 0 on a freshly inserted row version and set on one an ON CONFLICT update wrote.
      returning (xmax = 0) as inserted`);
    for (const r of rows<{ inserted: boolean }>(result)) {
      if (r.inserted) created++;
      else updated++;
    }
  }
  if (values.length) await db.execute(sql`select pg_notify(${STATIONS_CHANGED_CHANNEL}, 'upsert')`);
  return { created, updated };
}

export async function countStations(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(stations);
  return Number(row?.n ?? 0);
}

/** A station as a place where benefits are claimed: its name, owning union and position. */
export async function findStationPlace(db: Database, id: string) {
  const [row] = await db
    .select({ name: stations.name, orgId: stations.orgId, orgPath: orgs.path, lat: stations.lat, lng: stations.lng })
    .from(stations)
    .innerJoin(orgs, eq(orgs.id, stations.orgId))
    .where(eq(stations.id, id));
  return row;
}

/**
 * Stations of the staffer's unions as places a campaign or a service can name, by name or address, a page at a time
 * (ordered by name, then id, so pages neither repeat nor skip a station).
 */
export async function stationPlacesInScope(db: Database, scope: StaffScope, q: { text?: string; limit: number; offset: number }) {
  const like = q.text ? `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return db
    .select({ id: stations.id, name: stations.name, address: stations.address, orgName: orgs.name })
    .from(stations)
    .innerJoin(orgs, eq(orgs.id, stations.orgId))
    .where(and(inScope(scope, orgs.path), like ? or(ilike(stations.name, like), ilike(stations.address, like)) : undefined))
    .orderBy(asc(stations.name), asc(stations.id))
    .limit(q.limit)
    .offset(q.offset);
}
