import {
  DURATION_BUCKETS,
  FIGURE_ROLES,
  FIGURES_DEFAULT_DAYS,
  FIGURES_EXPORT_MAX_ROWS,
  FIGURES_LIST_LIMIT,
  FIGURES_MAX_DAYS,
  figureTable,
  PENDING_AGE_BUCKETS,
  WORKER_CATEGORY_CODES,
  type FigureDuration,
  type FigureKey,
  type FigureUnion,
  type FiguresExportQuery,
  type FiguresOverview,
  type FiguresQuery,
  type OrgKind,
  type PendingAgeBucket,
  type WorkerCategory,
} from '@union/shared';
import type { Database } from '../../db/client';
import { csvDocument } from '../../lib/csv';
import { dayjs, inServiceTz } from '../../lib/dates';
import { covers, scopeOf, type ScopeFor, type StaffScope } from '../../lib/scope';
import { orgErrors } from '../orgs';
import * as repo from './figures.repository';
import type { FigureMetric } from './figures.table';

export interface FiguresDeps {
  db: Database;
  scopeFor: ScopeFor;
  now?: () => Date;
}

/** Unions listed one level down at most (a street's communities; a city's districts). */
const UNITS_MAX = 500;

const unionDto = (u: repo.UnionRow): FigureUnion => ({ id: u.id, name: u.name, kind: u.kind as OrgKind, closed: u.closed, hasChildren: u.hasChildren });

/** Each path of `path` and of the unions above it: bj.xc.xjk -> bj, bj.xc, bj.xc.xjk. */
const prefixesOf = (path: string) => path.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'));

/** p50 and p90 as DURATION_BUCKETS positions: the first bucket whose running count reaches the share. */
function duration(buckets: number[]): FigureDuration {
  const n = buckets.reduce((a, b) => a + b, 0);
  const at = (share: number) => {
    if (n === 0) return null;
    let seen = 0;
    for (let i = 0; i < buckets.length; i++) {
      seen += buckets[i]!;
      if (seen >= share * n) return i;
    }
    return buckets.length - 1;
  };
  return { n, p50: at(0.5), p90: at(0.9), buckets };
}

const rate = (noShows: number, checkedIn: number) => (noShows + checkedIn > 0 ? noShows / (noShows + checkedIn) : null);

/**
 * Figures for staff: every number counts only the unions the caller holds a role in and those below them (or one of
 * those, chosen), read from the daily rollups the database keeps (see figures.table.ts and the figures_* SQL).
 */
export function createFiguresService(deps: FiguresDeps) {
  const { db } = deps;
  const now = () => deps.now?.() ?? new Date();

  /** The range asked for, on the Beijing calendar; the last 30 days by default, at most FIGURES_MAX_DAYS. */
  function rangeOf(q: FiguresQuery): repo.Range & { days: string[] } {
    const today = inServiceTz(now()).format('YYYY-MM-DD');
    let to = q.to ?? (q.from && q.from > today ? q.from : today);
    const from =
      q.from ??
      dayjs(to)
        .subtract(FIGURES_DEFAULT_DAYS - 1, 'day')
        .format('YYYY-MM-DD');
    if (to < from) to = from;
    const span = dayjs(to).diff(dayjs(from), 'day') + 1;
    const start =
      span > FIGURES_MAX_DAYS
        ? dayjs(to)
            .subtract(FIGURES_MAX_DAYS - 1, 'day')
            .format('YYYY-MM-DD')
        : from;
    const days: string[] = [];
    for (let d = dayjs(start); !d.isAfter(dayjs(to)); d = d.add(1, 'day')) days.push(d.format('YYYY-MM-DD'));
    return { from: start, to, days };
  }

  /** Whose figures: the union asked for (404 unless the caller covers it) or all the caller's own unions. */
  async function selectionOf(accountId: string, orgId: string | undefined) {
    const scope = await deps.scopeFor(accountId, FIGURE_ROLES);
    if (orgId) {
      const [org] = await repo.unionsByIds(db, [orgId]);
      if (!org || !covers(scope, org.path)) throw orgErrors.notFound('orgId');
      return { scope, roots: [org], sel: { ids: [org.id], scope: scopeOf(accountId, [org.path]) } };
    }
    const roots = await repo.unionsByPaths(db, scope.paths);
    return { scope, roots, sel: { ids: roots.map((r) => r.id), scope } };
  }

  async function overview(accountId: string, q: FiguresQuery, limits: Partial<Record<FigureKey, number>> = {}): Promise<FiguresOverview> {
    const at = now();
    const range = rangeOf(q);
    const { scope, roots, sel } = await selectionOf(accountId, q.orgId);
    const single = roots.length === 1 ? roots[0]! : null;
    const limit = (key: FigureKey) => limits[key] ?? FIGURES_LIST_LIMIT;

    const [trail, units] = await Promise.all([
      single
        ? repo.unionsByPaths(
            db,
            prefixesOf(single.path).filter((p) => covers(scope, p)),
          )
        : Promise.resolve([]),
      single ? repo.childUnions(db, single.id, UNITS_MAX) : Promise.resolve(roots),
    ]);
    const [counts, perUnit, events, services, claims, pendingDays] = await Promise.all([
      repo.orgCounts(db, sel, range),
      repo.unitCounts(db, single ? [...units, single] : units, range),
      repo.joinsByEvent(db, sel, range, limit('joins_by_event')),
      repo.bookingsByService(db, sel, range, limit('bookings_by_service')),
      repo.claims(db, sel, range, { campaigns: limit('claims_by_campaign'), places: limit('claims_by_place') }),
      repo.pendingByDay(db, sel),
    ]);

    // Totals per metric and dim (the rows grouped without day), series per metric and day.
    const total = (metric: FigureMetric, dims?: string[]) =>
      counts.filter((c) => c.metric === metric && c.dim !== null && (!dims || dims.includes(c.dim))).reduce((a, c) => a + c.n, 0);
    const byDim = (metric: FigureMetric, dim: string) => counts.find((c) => c.metric === metric && c.dim === dim)?.n ?? 0;
    const series = (metric: FigureMetric) => {
      const perDay = new Map(counts.filter((c) => c.metric === metric && c.day !== null).map((c) => [c.day!, c.n]));
      return range.days.map((day) => ({ day, n: perDay.get(day) ?? 0 }));
    };
    const joinsByDay = series('join');
    const weeks = new Map<string, number>();
    for (const { day, n } of joinsByDay) {
      const d = dayjs(day);
      const monday = d.subtract((d.day() + 6) % 7, 'day').format('YYYY-MM-DD');
      weeks.set(monday, (weeks.get(monday) ?? 0) + n);
    }

    const unitOf = (id: string) => {
      const rows = perUnit.filter((r) => r.id === id);
      const of = (metric: FigureMetric) => rows.find((r) => r.metric === metric)?.n ?? 0;
      return { joins: of('join'), bookings: of('booking'), claims: of('claim'), stationSearches: of('station_search') };
    };
    const byUnion = units.map((u) => ({ id: u.id, name: u.name, own: false, ...unitOf(u.id) }));
    if (single) {
      // The selection's own figures: its subtree's less its units' (the same statement read both).
      const all = unitOf(single.id);
      const own = {
        joins: all.joins - byUnion.reduce((a, u) => a + u.joins, 0),
        bookings: all.bookings - byUnion.reduce((a, u) => a + u.bookings, 0),
        claims: all.claims - byUnion.reduce((a, u) => a + u.claims, 0),
        stationSearches: all.stationSearches - byUnion.reduce((a, u) => a + u.stationSearches, 0),
      };
      if (own.joins || own.bookings || own.claims || own.stationSearches) byUnion.unshift({ id: single.id, name: single.name, own: true, ...own });
    }

    const checkedIn = byDim('booking', 'checked_in');
    const noShows = byDim('booking', 'no_show');
    // Waiting since: days between the Beijing day of submission and today, into PENDING_AGE_BUCKETS.
    const today = dayjs(inServiceTz(at).format('YYYY-MM-DD'));
    const pendingBy = new Map<PendingAgeBucket, number>();
    for (const { day, n } of pendingDays) {
      const age = today.diff(dayjs(day), 'day');
      const bucket = PENDING_AGE_BUCKETS.find((b) => b.upTo === null || age <= b.upTo)!.key;
      pendingBy.set(bucket, (pendingBy.get(bucket) ?? 0) + n);
    }
    return {
      range: { from: range.from, to: range.to, days: range.days.length },
      selection: { id: single && q.orgId ? single.id : null, name: single ? single.name : roots.map((r) => r.name).join('、'), trail: trail.map(unionDto) },
      unions: units.map(unionDto),
      totals: {
        joins: total('join'),
        pending: pendingDays.reduce((a, p) => a + p.n, 0),
        bookings: total('booking', repo.HELD_STATUSES),
        checkedIn,
        noShows,
        noShowRate: rate(noShows, checkedIn),
        claims: total('claim'),
        stationSearches: total('station_search'),
      },
      joinsByDay,
      joinsByWeek: [...weeks].map(([week, n]) => ({ week, n })),
      joinsByCategory: WORKER_CATEGORY_CODES.map((category: WorkerCategory) => ({ category, n: byDim('join', category) })),
      byUnion,
      joinsByEvent: events,
      approvalTime: duration(DURATION_BUCKETS.map((_, i) => byDim('approve_time', String(i)))),
      cardTime: duration(DURATION_BUCKETS.map((_, i) => byDim('card_time', String(i)))),
      pendingByAge: PENDING_AGE_BUCKETS.map((b) => ({ bucket: b.key, n: pendingBy.get(b.key) ?? 0 })),
      bookingsByService: services.map((s) => ({ ...s, noShowRate: rate(s.noShows, s.checkedIn) })),
      claimsByCampaign: claims.byCampaign,
      claimsByPlace: claims.byPlace,
      stationSearchesByDay: series('station_search'),
      asOf: at.toISOString(),
    };
  }

  return {
    overview: (accountId: string, q: FiguresQuery) => overview(accountId, q),

    /** One figure's table as CSV for Excel; a ranked list with every row (up to FIGURES_EXPORT_MAX_ROWS). */
    async exportCsv(accountId: string, q: FiguresExportQuery): Promise<{ csv: string; filename: string }> {
      const { figure, ...filter } = q;
      const o = await overview(accountId, filter, { [figure]: FIGURES_EXPORT_MAX_ROWS });
      const table = figureTable(o, figure);
      const head = [[`${table.title}：${o.selection.name}`, `${o.range.from} 至 ${o.range.to}`], table.columns];
      return { csv: csvDocument([...head, ...table.rows]), filename: `figures-${figure}-${o.range.from}-${o.range.to}.csv` };
    },

    /** The caller's unions whose name has `q` in it, to pick for the filter. */
    async searchUnions(accountId: string, q: string): Promise<FigureUnion[]> {
      const scope: StaffScope = await deps.scopeFor(accountId, FIGURE_ROLES);
      return (await repo.searchUnions(db, scope, q, 20)).map(unionDto);
    },

    /** Moves the deltas into the rollups (the periodic job): -1 when another instance is at it. */
    fold: () => repo.fold(db),
  };
}

export type FiguresService = ReturnType<typeof createFiguresService>;
