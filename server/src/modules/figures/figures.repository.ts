import { sql, type SQL } from 'drizzle-orm';
import { FIGURE_PLACE_KIND_LABELS, type FigurePlaceKind } from '@union/shared';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client';
import { inScope, type StaffScope } from '../../lib/scope';
import { orgs } from '../orgs';
import { NO_SUB, type FigureGrain, type FigureMetric } from './figures.table';

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

/** One grain's periods within a range: the first days of the first and the last period, both read. */
export interface Piece {
  grain: FigureGrain;
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const msOf = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Days since Monday (0 on a Monday). */
const weekday = (ms: number) => (new Date(ms).getUTCDay() + 6) % 7;

/** Whole weeks (from Monday) of [a, b] (epoch ms of days, inclusive), and the days before and after them. */
function weeksAndDays(a: number, b: number, out: Piece[]) {
  if (a > b) return;
  const firstWeek = weekday(a) === 0 ? a : a + (7 - weekday(a)) * DAY_MS;
  const afterWeeks = b + DAY_MS - weekday(b + DAY_MS) * DAY_MS;
  if (firstWeek >= afterWeeks) {
    out.push({ grain: 'day', from: dayOf(a), to: dayOf(b) });
    return;
  }
  if (a < firstWeek) out.push({ grain: 'day', from: dayOf(a), to: dayOf(firstWeek - DAY_MS) });
  out.push({ grain: 'week', from: dayOf(firstWeek), to: dayOf(afterWeeks - 7 * DAY_MS) });
  if (afterWeeks <= b) out.push({ grain: 'day', from: dayOf(afterWeeks), to: dayOf(b) });
}

/**
 * A range of days as the fewest rollup periods: the whole calendar months in it, then the whole weeks in what is left
 * on either side, then the days at the edges (30 days: about 4 weeks and 2 days; a year: 11 months and a few weeks
 * and days). Each day of the range is in exactly one piece.
 */
export function piecesOf(range: Range): Piece[] {
  const a = msOf(range.from);
  const b = msOf(range.to);
  const out: Piece[] = [];
  const first = new Date(a);
  const firstMonth = first.getUTCDate() === 1 ? a : Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1);
  const next = new Date(b + DAY_MS);
  const afterMonths = Date.UTC(next.getUTCFullYear(), next.getUTCMonth(), 1);
  if (firstMonth >= afterMonths) {
    weeksAndDays(a, b, out);
    return out;
  }
  const lastMonth = new Date(afterMonths - DAY_MS);
  weeksAndDays(a, firstMonth - DAY_MS, out);
  out.push({ grain: 'month', from: dayOf(firstMonth), to: dayOf(Date.UTC(lastMonth.getUTCFullYear(), lastMonth.getUTCMonth(), 1)) });
  weeksAndDays(afterMonths, b, out);
  return out;
}

/** `select` over each piece of the range, as one union all (each an index range of one grain). */
function overPieces(range: Range, select: (grain: FigureGrain, from: string, to: string) => SQL): SQL {
  return sql.join(
    piecesOf(range).map((p) => select(p.grain, p.from, p.to)),
    sql` union all `,
  );
}

const idsOf = (ids: string[]) => `{${ids.join(',')}}`;

/**
 * The selection's counts of the range from the per-union rollup (its own rows: they count their subtrees; months,
 * weeks and edge days) plus the deltas not yet folded of the unions inside it, in one statement (one snapshot): totals
 * per metric and dim, and per day (daily rows) for the daily series (joins and station searches).
 */
export async function orgCounts(db: Database, sel: Selection, range: Range) {
  const ids = idsOf(sel.ids);
  const deltas = (metrics: SQL) => sql`
    select d.metric, d.dim, d.day, d.n from figure_deltas d join orgs on orgs.id = d.org_id
    where ${inScope(sel.scope, orgs.path)} and d.day between ${range.from}::date and ${range.to}::date and ${metrics}`;
  const rows = rowsOf<{ metric: FigureMetric; dim: string | null; day: string | null; n: string }>(
    await db.execute(sql`
      select metric, dim, null as day, sum(n)::bigint as n from (
        ${overPieces(
          range,
          (grain, from, to) => sql`select metric, dim, null::date as day, n from figure_org_days
            where org_id = any(${ids}::uuid[]) and grain = ${grain} and day between ${from}::date and ${to}::date and metric <> 'pending'`,
        )}
        union all ${deltas(sql`d.metric <> 'pending'`)}
      ) x group by metric, dim
      union all
      select metric, null, day::text, sum(n)::bigint from (
        select metric, dim, day, n from figure_org_days
        where org_id = any(${ids}::uuid[]) and grain = 'day' and day between ${range.from}::date and ${range.to}::date and metric in ${SERIES}
        union all ${deltas(sql`d.metric in ${SERIES}`)}
      ) y group by metric, day`),
  );
  return rows.map((r) => ({ metric: r.metric, dim: r.dim, day: r.day, n: num(r.n) }));
}

/** The metrics drawn per day (orgCounts' rows with a day). */
const SERIES = sql`('join', 'station_search')`;

/** Per union one level down (`units`, each counting its subtree): joins, places held, claims and searches of the range. */
export async function unitCounts(db: Database, units: { id: string; path: string }[], range: Range) {
  if (!units.length) return [];
  const ids = idsOf(units.map((u) => u.id));
  const unit = alias(orgs, 'unit');
  const counted = sql`(metric in ('join', 'claim', 'station_search') or (metric = 'booking' and dim in ('booked', 'offered', 'checked_in', 'no_show')))`;
  const rows = rowsOf<{ id: string; metric: FigureMetric; n: string }>(
    await db.execute(sql`
      select id, metric, sum(n)::bigint as n from (
        ${overPieces(
          range,
          (grain, from, to) => sql`select org_id as id, metric, n from figure_org_days
            where org_id = any(${ids}::uuid[]) and grain = ${grain} and day between ${from}::date and ${to}::date and ${counted}`,
        )}
        union all
        select ${unit.id} as id, d.metric, d.n from figure_deltas d
        join orgs on orgs.id = d.org_id
        join orgs as unit on ${unit.id} = any(${ids}::uuid[]) and (${orgs.path} = ${unit.path} or starts_with(${orgs.path}, ${unit.path} || '.'))
        where d.day between ${range.from}::date and ${range.to}::date and ${counted}
      ) x group by id, metric`),
  );
  return rows.map((r) => ({ id: r.id, metric: r.metric, n: num(r.n) }));
}

/**
 * The item rollup of the selection's unions (their own rows count the items of their subtrees; months, weeks and edge
 * days) plus the deltas not yet folded, for one metric and the range, summed per `keys` first (narrow rows, no join
 * yet): the names are joined to the items left, not to every period's row.
 */
function itemSums(metric: FigureMetric, sel: Selection, range: Range, keys: SQL, sums: SQL): SQL {
  const ids = idsOf(sel.ids);
  return sql`(
    select ${keys}, ${sums} from (
      ${overPieces(
        range,
        (grain, from, to) => sql`select item_id, dim, sub_id, n from figure_item_days
          where org_id = any(${ids}::uuid[]) and metric = ${metric} and grain = ${grain} and day between ${from}::date and ${to}::date`,
      )}
      union all
      select d.item_id, d.dim, coalesce(d.sub_id, ${NO_SUB}::uuid), d.n from figure_deltas d join orgs on orgs.id = d.org_id
      where ${inScope(sel.scope, orgs.path)} and d.metric = ${metric} and d.item_id is not null and d.day between ${range.from}::date and ${range.to}::date
    ) r group by ${keys}
  )`;
}

/**
 * Joins per stall event of the selection's unions, counting only joins into the selection's unions (the rows read are
 * the approving unions'; the event's union must be in the selection too).
 */
export async function joinsByEvent(db: Database, sel: Selection, range: Range, limit: number) {
  const rows = rowsOf<{ id: string; title: string; orgName: string; startsAt: string; n: string }>(
    await db.execute(sql`
      select e.id, e.title, orgs.name as "orgName", e.starts_at as "startsAt", x.n
      from ${itemSums('join', sel, range, sql`item_id`, sql`sum(n)::bigint as n`)} x
      join stall_events e on e.id = x.item_id
      join orgs on orgs.id = e.org_id
      where ${inScope(sel.scope, orgs.path)} and x.n <> 0
      order by x.n desc, e.starts_at desc, e.id
      limit ${limit}`),
  );
  return rows.map((r) => ({ ...r, startsAt: new Date(r.startsAt).toISOString(), n: num(r.n) }));
}

/** Places per service of the selection's unions, by status. */
export async function bookingsByService(db: Database, sel: Selection, range: Range, limit: number) {
  const sums = sql`sum(n) filter (where dim in ('booked', 'offered', 'checked_in', 'no_show')) as held,
    sum(n) filter (where dim = 'checked_in') as checked_in, sum(n) filter (where dim = 'no_show') as no_shows,
    sum(n) filter (where dim = 'cancelled') as cancelled`;
  const rows = rowsOf<{ id: string; title: string; orgName: string; held: string; checkedIn: string; noShows: string; cancelled: string }>(
    await db.execute(sql`
      select s.id, s.title, orgs.name as "orgName", x.held, x.checked_in as "checkedIn", x.no_shows as "noShows", x.cancelled
      from ${itemSums('booking', sel, range, sql`item_id`, sums)} x
      join services s on s.id = x.item_id
      join orgs on orgs.id = s.org_id
      where ${inScope(sel.scope, orgs.path)} and (coalesce(x.held, 0) <> 0 or coalesce(x.cancelled, 0) <> 0)
      order by x.held desc nulls last, s.title, s.id
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

/**
 * Claims of the selection's unions' campaigns, per campaign and per place: one pass over the range's rows, summed per
 * campaign and place, then ranked both ways here (a place's name as its campaigns list it). 积分商城 exchanges (dim
 * 'mall') are one pseudo place, 积分商城.
 */
export async function claims(db: Database, sel: Selection, range: Range, limits: { campaigns: number; places: number }) {
  const rows = rowsOf<{ id: string; title: string; orgName: string; kind: FigurePlaceKind; placeId: string; placeName: string | null; n: string }>(
    await db.execute(sql`
      select c.id, c.title, orgs.name as "orgName", x.dim as kind, x.sub_id as "placeId", p.name as "placeName", x.n
      from ${itemSums('claim', sel, range, sql`item_id, dim, sub_id`, sql`sum(n) as n`)} x
      join benefit_campaigns c on c.id = x.item_id
      join orgs on orgs.id = c.org_id
      left join benefit_campaign_places p on p.campaign_id = c.id and p.kind::text = x.dim and p.place_id = x.sub_id
      where ${inScope(sel.scope, orgs.path)} and x.n <> 0`),
  );
  const campaigns = new Map<string, { id: string; title: string; orgName: string; n: number }>();
  const places = new Map<string, { kind: FigurePlaceKind; id: string; name: string; n: number }>();
  for (const r of rows) {
    const c = campaigns.get(r.id) ?? campaigns.set(r.id, { id: r.id, title: r.title, orgName: r.orgName, n: 0 }).get(r.id)!;
    c.n += num(r.n);
    const key = `${r.kind}:${r.placeId}`;
    const name = r.kind === 'mall' ? FIGURE_PLACE_KIND_LABELS.mall : (r.placeName ?? '');
    const p = places.get(key) ?? places.set(key, { kind: r.kind, id: r.placeId, name, n: 0 }).get(key)!;
    p.n += num(r.n);
    if (!p.name && name) p.name = name;
  }
  const byCount =
    <T extends { n: number; id: string }>(name: (x: T) => string) =>
    (a: T, b: T) =>
      b.n - a.n || name(a).localeCompare(name(b), 'zh-CN') || a.id.localeCompare(b.id);
  return {
    byCampaign: [...campaigns.values()]
      .filter((c) => c.n !== 0)
      .sort(byCount((c) => c.title))
      .slice(0, limits.campaigns),
    byPlace: [...places.values()]
      .filter((p) => p.n !== 0)
      .sort(byCount((p) => p.name))
      .slice(0, limits.places),
  };
}

/** Applications of the selection's unions waiting for a decision now, per Beijing day they were submitted. */
export async function pendingByDay(db: Database, sel: Selection) {
  const rows = rowsOf<{ day: string; n: string }>(
    await db.execute(sql`
      select day::text as day, sum(n)::bigint as n from (
        select day, n from figure_org_days where org_id = any(${idsOf(sel.ids)}::uuid[]) and grain = 'day' and metric = 'pending'
        union all
        select d.day, d.n from figure_deltas d join orgs on orgs.id = d.org_id where d.metric = 'pending' and ${inScope(sel.scope, orgs.path)}
      ) x group by day having sum(n) <> 0`),
  );
  return rows.map((r) => ({ day: r.day, n: num(r.n) }));
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
