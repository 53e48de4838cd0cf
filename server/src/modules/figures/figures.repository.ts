import { sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client';
import { inScope, type StaffScope } from '../../lib/scope';
import { orgs } from '../orgs';
import type { FigureMetric } from './figures.table';

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;
/** bigint sums arrive as strings from pg and as bigint from PGlite. */
const num = (v: unknown) => Number(v ?? 0);

/** The unions the figures are for: disjoint subtrees (their ids, and as a scope of their paths). */
export interface Selection {
  ids: string[];
  scope: StaffScope;
}

export interface Range {
  from: string;
  to: string;
}

/** Booking statuses that hold a place in the slot (the bookings figure). */
export const HELD_STATUSES = ['booked', 'offered', 'checked_in', 'no_show'];

/** A union of the tree as the filter lists it. */
export interface UnionRow {
  id: string;
  name: string;
  kind: string;
  path: string;
  parentId: string | null;
  closed: boolean;
  hasChildren: boolean;
}

const UNION_COLUMNS = sql`o.id, o.name, o.kind, o.path, o.parent_id as "parentId", o.closed_at is not null as closed,
  exists (select 1 from orgs c where c.parent_id = o.id) as "hasChildren"`;

export async function unionsByIds(db: Database, ids: string[]): Promise<UnionRow[]> {
  if (!ids.length) return [];
  return rowsOf<UnionRow>(await db.execute(sql`select ${UNION_COLUMNS} from orgs o where o.id = any(${`{${ids.join(',')}}`}::uuid[]) order by o.path`));
}

export async function unionsByPaths(db: Database, paths: string[]): Promise<UnionRow[]> {
  if (!paths.length) return [];
  return rowsOf<UnionRow>(
    await db.execute(
      sql`select ${UNION_COLUMNS} from orgs o where o.path in (select jsonb_array_elements_text(${JSON.stringify(paths)}::jsonb)) order by o.path`,
    ),
  );
}

/** The unions one level below `parentId`: open ones first, by name. */
export async function childUnions(db: Database, parentId: string, limit: number): Promise<UnionRow[]> {
  return rowsOf<UnionRow>(
    await db.execute(sql`select ${UNION_COLUMNS} from orgs o where o.parent_id = ${parentId} order by o.closed_at is not null, o.name limit ${limit}`),
  );
}

/** Unions of the scope whose name has `q` in it, the highest first. */
export async function searchUnions(db: Database, scope: StaffScope, q: string, limit: number): Promise<UnionRow[]> {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const o = alias(orgs, 'o');
  return rowsOf<UnionRow>(
    await db.execute(
      sql`select ${UNION_COLUMNS} from orgs o where ${inScope(scope, o.path)} and o.name like ${pattern} order by length(o.path), o.name limit ${limit}`,
    ),
  );
}

/**
 * The selection's counts of the range from the per-union rollup (its own rows: they count their subtrees) plus the
 * deltas not yet folded of the unions inside it, in one statement (one snapshot): totals per metric and dim, and
 * per metric and day.
 */
export async function orgCounts(db: Database, sel: Selection, range: Range) {
  const rows = rowsOf<{ metric: FigureMetric; dim: string | null; day: string | null; n: string }>(
    await db.execute(sql`
      select metric, dim, day::text as day, sum(n)::bigint as n from (
        select metric, dim, day, n from figure_org_days
        where org_id = any(${`{${sel.ids.join(',')}}`}::uuid[]) and day between ${range.from}::date and ${range.to}::date
        union all
        select d.metric, d.dim, d.day, d.n from figure_deltas d join orgs on orgs.id = d.org_id
        where ${inScope(sel.scope, orgs.path)} and d.day between ${range.from}::date and ${range.to}::date
      ) x
      group by grouping sets ((metric, dim), (metric, day))`),
  );
  return rows.map((r) => ({ metric: r.metric, dim: r.dim, day: r.day, n: num(r.n) }));
}

/** Per union one level down (`units`, each counting its subtree): joins, places held, claims and searches of the range. */
export async function unitCounts(db: Database, units: { id: string; path: string }[], range: Range) {
  if (!units.length) return [];
  const ids = `{${units.map((u) => u.id).join(',')}}`;
  const unit = alias(orgs, 'unit');
  const counted = sql`(metric in ('join', 'claim', 'station_search') or (metric = 'booking' and dim in ('booked', 'offered', 'checked_in', 'no_show')))`;
  const rows = rowsOf<{ id: string; metric: FigureMetric; n: string }>(
    await db.execute(sql`
      select id, metric, sum(n)::bigint as n from (
        select org_id as id, metric, n from figure_org_days
        where org_id = any(${ids}::uuid[]) and day between ${range.from}::date and ${range.to}::date and ${counted}
        union all
        select ${unit.id} as id, d.metric, d.n from figure_deltas d
        join orgs on orgs.id = d.org_id
        join orgs as unit on ${unit.id} = any(${ids}::uuid[]) and (${orgs.path} = ${unit.path} or starts_with(${orgs.path}, ${unit.path} || '.'))
        where d.day between ${range.from}::date and ${range.to}::date and ${counted}
      ) x group by id, metric`),
  );
  return rows.map((r) => ({ id: r.id, metric: r.metric, n: num(r.n) }));
}

/** The item rollup plus the deltas not yet folded, for one metric and the range: item_id, dim, sub_id, n. */
function itemRows(metric: FigureMetric, range: Range): SQL {
  return sql`(
    select item_id, dim, sub_id, n from figure_item_days where metric = ${metric} and day between ${range.from}::date and ${range.to}::date
    union all
    select item_id, dim, coalesce(sub_id, '00000000-0000-0000-0000-000000000000'), n from figure_deltas
    where metric = ${metric} and item_id is not null and day between ${range.from}::date and ${range.to}::date
  )`;
}

/** Joins per stall event of the selection's unions, counting only joins into the selection's unions. */
export async function joinsByEvent(db: Database, sel: Selection, range: Range, limit: number) {
  const into = alias(orgs, 'into_org');
  const rows = rowsOf<{ id: string; title: string; orgName: string; startsAt: string; n: string }>(
    await db.execute(sql`
      select e.id, e.title, orgs.name as "orgName", e.starts_at as "startsAt", sum(x.n)::bigint as n
      from ${itemRows('join', range)} x
      join stall_events e on e.id = x.item_id
      join orgs on orgs.id = e.org_id
      join orgs as into_org on ${into.id} = x.sub_id
      where ${inScope(sel.scope, orgs.path)} and ${inScope(sel.scope, into.path)}
      group by e.id, e.title, orgs.name, e.starts_at
      having sum(x.n) <> 0
      order by n desc, e.starts_at desc, e.id
      limit ${limit}`),
  );
  return rows.map((r) => ({ ...r, startsAt: new Date(r.startsAt).toISOString(), n: num(r.n) }));
}

/** Places per service of the selection's unions, by status. */
export async function bookingsByService(db: Database, sel: Selection, range: Range, limit: number) {
  const rows = rowsOf<{ id: string; title: string; orgName: string; held: string; checkedIn: string; noShows: string; cancelled: string }>(
    await db.execute(sql`
      select s.id, s.title, orgs.name as "orgName",
        sum(x.n) filter (where x.dim in ('booked', 'offered', 'checked_in', 'no_show'))::bigint as held,
        sum(x.n) filter (where x.dim = 'checked_in')::bigint as "checkedIn",
        sum(x.n) filter (where x.dim = 'no_show')::bigint as "noShows",
        sum(x.n) filter (where x.dim = 'cancelled')::bigint as cancelled
      from ${itemRows('booking', range)} x
      join services s on s.id = x.item_id
      join orgs on orgs.id = s.org_id
      where ${inScope(sel.scope, orgs.path)}
      group by s.id, s.title, orgs.name
      having sum(x.n) filter (where x.dim in ('booked', 'offered', 'checked_in', 'no_show', 'cancelled')) <> 0
      order by held desc nulls last, s.title, s.id
      limit ${limit}`),
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    orgName: r.orgName,
    bookings: num(r.held),
    checkedIn: num(r.checkedIn),
    noShows: num(r.noShows),
    cancelled: num(r.cancelled),
  }));
}

/** Claims per campaign of the selection's unions. */
export async function claimsByCampaign(db: Database, sel: Selection, range: Range, limit: number) {
  const rows = rowsOf<{ id: string; title: string; orgName: string; n: string }>(
    await db.execute(sql`
      select c.id, c.title, orgs.name as "orgName", sum(x.n)::bigint as n
      from ${itemRows('claim', range)} x
      join benefit_campaigns c on c.id = x.item_id
      join orgs on orgs.id = c.org_id
      where ${inScope(sel.scope, orgs.path)}
      group by c.id, c.title, orgs.name
      having sum(x.n) <> 0
      order by n desc, c.title, c.id
      limit ${limit}`),
  );
  return rows.map((r) => ({ ...r, n: num(r.n) }));
}

/** Claims per place, of the selection's unions' campaigns; a place's name as the campaigns list it. */
export async function claimsByPlace(db: Database, sel: Selection, range: Range, limit: number) {
  const rows = rowsOf<{ kind: string; id: string; name: string; n: string }>(
    await db.execute(sql`
      select x.dim as kind, x.sub_id as id, max(p.name) as name, sum(x.n)::bigint as n
      from ${itemRows('claim', range)} x
      join benefit_campaigns c on c.id = x.item_id
      join orgs on orgs.id = c.org_id
      left join benefit_campaign_places p on p.campaign_id = c.id and p.kind::text = x.dim and p.place_id = x.sub_id
      where ${inScope(sel.scope, orgs.path)}
      group by x.dim, x.sub_id
      having sum(x.n) <> 0
      order by n desc, name, x.sub_id
      limit ${limit}`),
  );
  return rows.map((r) => ({ ...r, n: num(r.n) }));
}

/** Applications of the selection's unions waiting for a decision now, by how long they have waited. */
export async function pendingByAge(db: Database, sel: Selection, at: Date) {
  const rows = rowsOf<{ bucket: string; n: string }>(
    await db.execute(sql`
      select case
          when a.submitted_at > ${at}::timestamptz - interval '1 hour' then 'hour'
          when a.submitted_at > ${at}::timestamptz - interval '1 day' then 'day'
          when a.submitted_at > ${at}::timestamptz - interval '3 days' then 'days3'
          when a.submitted_at > ${at}::timestamptz - interval '7 days' then 'week'
          else 'older' end as bucket,
        count(*)::bigint as n
      from applications a join orgs on orgs.id = a.org_id
      where a.status = 'pending' and ${inScope(sel.scope, orgs.path)}
      group by 1`),
  );
  return rows.map((r) => ({ bucket: r.bucket, n: num(r.n) }));
}

/** Moves the deltas into the rollups; -1 when another instance is folding now. */
export async function fold(db: Database): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`select figures_fold() as n`));
  return Number(row?.n ?? 0);
}

/** Station searches counted in memory, written as deltas (org = the union of the nearest station). */
export async function addStationSearches(db: Database, counts: { orgId: string; day: string; n: number }[]): Promise<void> {
  if (!counts.length) return;
  await db.execute(sql`
    insert into figure_deltas (org_id, metric, day, dim, n)
    select c.org_id, 'station_search', c.day, '', c.n
    from jsonb_to_recordset(${JSON.stringify(counts.map((c) => ({ org_id: c.orgId, day: c.day, n: c.n })))}::jsonb) as c(org_id uuid, day date, n int)
    join orgs on orgs.id = c.org_id`);
}
