import { z } from 'zod';
import { WORKER_CATEGORIES } from './applications';
import { ORG_KIND_LABELS } from './orgs';
import { orgKindSchema, PLACE_KINDS, STAFF_ROLES, WORKER_CATEGORY_CODES, workerCategorySchema, type StaffRole } from './enums';

/** Every staffer sees the figures of the unions they hold a role in, and of every union below them. */
export const FIGURE_ROLES: readonly StaffRole[] = STAFF_ROLES;

/** The longest range one overview covers (a year, leap day included). */
export const FIGURES_MAX_DAYS = 366;
/** The range when none is asked for: the last 30 days, today included (Beijing calendar). */
export const FIGURES_DEFAULT_DAYS = 30;
/** Rows of a ranked list (events, services, campaigns, places) on the page; the export has them all. */
export const FIGURES_LIST_LIMIT = 20;
/** Rows of one exported figure at most. */
export const FIGURES_EXPORT_MAX_ROWS = 10_000;

/**
 * Time from submitting an application to its approval, and to the bank card's issue, counted in these buckets: a
 * bucket holds the durations up to its bound in seconds (the last, null, everything longer). Percentiles are read
 * from the buckets, so "p50 = 5 分钟内" means half took at most 5 minutes. Append bounds at the end only: the stored
 * figures name buckets by position.
 */
export const DURATION_BUCKETS: readonly { upTo: number | null; label: string }[] = [
  { upTo: 10, label: '10秒内' },
  { upTo: 60, label: '1分钟内' },
  { upTo: 300, label: '5分钟内' },
  { upTo: 900, label: '15分钟内' },
  { upTo: 1_800, label: '30分钟内' },
  { upTo: 3_600, label: '1小时内' },
  { upTo: 7_200, label: '2小时内' },
  { upTo: 14_400, label: '4小时内' },
  { upTo: 28_800, label: '8小时内' },
  { upTo: 86_400, label: '1天内' },
  { upTo: 172_800, label: '2天内' },
  { upTo: 259_200, label: '3天内' },
  { upTo: 604_800, label: '7天内' },
  { upTo: 1_209_600, label: '14天内' },
  { upTo: 2_592_000, label: '30天内' },
  { upTo: null, label: '30天以上' },
];

/**
 * How long the applications still waiting for a decision have waited, now, in Beijing calendar days since they were
 * submitted: `upTo` days at most (null: any longer).
 */
export const PENDING_AGE_BUCKETS = [
  { key: 'today', upTo: 0, label: '今天提交' },
  { key: 'days2', upTo: 2, label: '1-2天' },
  { key: 'week', upTo: 6, label: '3-6天' },
  { key: 'month', upTo: 29, label: '7-29天' },
  { key: 'older', upTo: null, label: '30天以上' },
] as const;
export type PendingAgeBucket = (typeof PENDING_AGE_BUCKETS)[number]['key'];
const pendingAgeBucketSchema = z.enum(PENDING_AGE_BUCKETS.map((b) => b.key) as [PendingAgeBucket, ...PendingAgeBucket[]]);

/**
 * Where a claim was counted in 福利领取（按地点）: a place of the campaign, or 积分商城 for a points-priced voucher
 * exchanged in the app (at no place; one row for all of them, with the nil uuid as id).
 */
export const FIGURE_PLACE_KINDS = [...PLACE_KINDS, 'mall'] as const;
export type FigurePlaceKind = (typeof FIGURE_PLACE_KINDS)[number];
export const FIGURE_PLACE_KIND_LABELS: Record<FigurePlaceKind, string> = { station: '驿站', event: '活动', merchant: '商户', mall: '积分商城' };

const day = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });

/** The filter every figure takes: one union of the caller's (default: all of theirs) and a range of Beijing days. */
const figuresFilterShape = {
  orgId: z.uuid({ error: '工会编号格式不正确' }).optional(),
  from: day.optional(),
  to: day.optional(),
};

function checkRange(q: { from?: string; to?: string }, ctx: z.RefinementCtx) {
  if (q.from && q.to) {
    if (q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' });
    else if ((Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1 > FIGURES_MAX_DAYS)
      ctx.addIssue({ code: 'custom', path: ['from'], message: `一次最多查看 ${FIGURES_MAX_DAYS} 天` });
  }
}

export const figuresQuerySchema = z.strictObject(figuresFilterShape).superRefine(checkRange);
export type FiguresQuery = z.infer<typeof figuresQuerySchema>;

/** One figure, the table beside its chart: the export's `figure`. */
export const FIGURE_KEYS = [
  'joins_by_day',
  'joins_by_week',
  'joins_by_category',
  'by_union',
  'joins_by_event',
  'approval_time',
  'card_time',
  'pending_by_age',
  'bookings_by_service',
  'claims_by_campaign',
  'claims_by_place',
  'station_searches_by_day',
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];
export const figureKeySchema = z.enum(FIGURE_KEYS, { error: '请选择要导出的图表' });

export const figuresExportQuerySchema = z.strictObject({ ...figuresFilterShape, figure: figureKeySchema }).superRefine(checkRange);
export type FiguresExportQuery = z.infer<typeof figuresExportQuerySchema>;

/** Unions of the caller's scope by name, to pick one for the filter. */
export const figuresUnionQuerySchema = z.strictObject({ q: z.string().trim().min(1, { error: '请输入工会名称' }).max(40) });

export const figureUnionSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: orgKindSchema,
  closed: z.boolean(),
  /** Unions below it (the filter can go one level further down). */
  hasChildren: z.boolean(),
});
export type FigureUnion = z.infer<typeof figureUnionSchema>;
export const figuresUnionListSchema = z.object({ items: z.array(figureUnionSchema) });

const count = z.number().int();
const dayCount = z.object({ day: z.string(), n: count });
const durationSchema = z.object({
  /** How many durations were counted. */
  n: count,
  /** Index in DURATION_BUCKETS of the bucket holding the median and the 90th percentile; null with nothing counted. */
  p50: z.number().int().nullable(),
  p90: z.number().int().nullable(),
  /** Counts per DURATION_BUCKETS bucket, in its order. */
  buckets: z.array(count),
});
export type FigureDuration = z.infer<typeof durationSchema>;

export const figuresOverviewSchema = z.object({
  range: z.object({ from: z.string(), to: z.string(), days: count }),
  /** The union the figures are for (null: every union of the caller's), and the way down to it from the caller's own. */
  selection: z.object({ id: z.string().nullable(), name: z.string(), trail: z.array(figureUnionSchema) }),
  /** The filter's choices one level down: the unions below the selection (or the caller's own unions). */
  unions: z.array(figureUnionSchema),
  totals: z.object({
    joins: count,
    /** Applications waiting for a decision now (whatever the range). */
    pending: count,
    /** Places held in slots of the range: booked, offered, checked in or not come. */
    bookings: count,
    checkedIn: count,
    noShows: count,
    /** Not come / (checked in + not come); null when neither happened. */
    noShowRate: z.number().nullable(),
    claims: count,
    stationSearches: count,
  }),
  joinsByDay: z.array(dayCount),
  /** Weeks from Monday; the first and last may be cut by the range. */
  joinsByWeek: z.array(z.object({ week: z.string(), n: count })),
  joinsByCategory: z.array(z.object({ category: workerCategorySchema, n: count })),
  /** The unions one level down, and the selection's own figures (`own`) when it has any of its own. */
  byUnion: z.array(z.object({ id: z.string(), name: z.string(), own: z.boolean(), joins: count, bookings: count, claims: count, stationSearches: count })),
  joinsByEvent: z.array(z.object({ id: z.string(), title: z.string(), orgName: z.string(), startsAt: z.string(), n: count })),
  approvalTime: durationSchema,
  cardTime: durationSchema,
  pendingByAge: z.array(z.object({ bucket: pendingAgeBucketSchema, n: count })),
  bookingsByService: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      orgName: z.string(),
      bookings: count,
      checkedIn: count,
      noShows: count,
      cancelled: count,
      noShowRate: z.number().nullable(),
    }),
  ),
  claimsByCampaign: z.array(z.object({ id: z.string(), title: z.string(), orgName: z.string(), n: count })),
  claimsByPlace: z.array(z.object({ kind: z.enum(FIGURE_PLACE_KINDS), id: z.string(), name: z.string(), n: count })),
  stationSearchesByDay: z.array(dayCount),
  /** When these figures were read. */
  asOf: z.string(),
});
export type FiguresOverview = z.infer<typeof figuresOverviewSchema>;

/** 12.5% */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** 一半在 5分钟内 */
export function durationLabel(bucket: number | null): string {
  return bucket === null ? '—' : (DURATION_BUCKETS[bucket]?.label ?? '—');
}

export interface FigureTable {
  title: string;
  columns: string[];
  rows: (string | number)[][];
}

/**
 * Each figure as a table: what the page shows beside its chart and what its export holds, from one definition.
 * The overview's ranked lists hold the first FIGURES_LIST_LIMIT rows; an export's hold all of them.
 */
export function figureTable(o: FiguresOverview, figure: FigureKey): FigureTable {
  const durations = (d: FigureDuration) =>
    DURATION_BUCKETS.map((b, i) => [b.label, d.buckets[i] ?? 0, d.n ? `${(Math.round(((d.buckets[i] ?? 0) / d.n) * 1000) / 10).toFixed(1)}%` : '—']);
  switch (figure) {
    case 'joins_by_day':
      return { title: '每日入会', columns: ['日期', '入会人数'], rows: o.joinsByDay.map((r) => [r.day, r.n]) };
    case 'joins_by_week':
      return { title: '每周入会', columns: ['周（周一）', '入会人数'], rows: o.joinsByWeek.map((r) => [r.week, r.n]) };
    case 'joins_by_category':
      return { title: '按职业类别', columns: ['职业类别', '入会人数'], rows: o.joinsByCategory.map((r) => [WORKER_CATEGORIES[r.category], r.n]) };
    case 'by_union':
      return {
        title: '按工会',
        columns: ['工会', '入会人数', '预约', '领取福利', '驿站搜索'],
        rows: o.byUnion.map((r) => [r.own ? `${r.name}（本级）` : r.name, r.joins, r.bookings, r.claims, r.stationSearches]),
      };
    case 'joins_by_event':
      return {
        title: '按入会活动',
        columns: ['活动', '主办工会', '开始时间', '入会人数'],
        rows: o.joinsByEvent.map((r) => [r.title, r.orgName, r.startsAt, r.n]),
      };
    case 'approval_time':
      return { title: '提交到审核通过用时', columns: ['用时', '人数', '占比'], rows: durations(o.approvalTime) };
    case 'card_time':
      return { title: '提交到服务卡办结用时', columns: ['用时', '人数', '占比'], rows: durations(o.cardTime) };
    case 'pending_by_age':
      return {
        title: '待审核申请（按已等待天数）',
        columns: ['已等待', '份数'],
        rows: PENDING_AGE_BUCKETS.map((b) => [b.label, o.pendingByAge.find((r) => r.bucket === b.key)?.n ?? 0]),
      };
    case 'bookings_by_service':
      return {
        title: '按服务的预约与签到',
        columns: ['服务', '工会', '预约', '签到', '未到场', '取消', '未到场率'],
        rows: o.bookingsByService.map((r) => [r.title, r.orgName, r.bookings, r.checkedIn, r.noShows, r.cancelled, formatRate(r.noShowRate)]),
      };
    case 'claims_by_campaign':
      return { title: '按福利活动的领取', columns: ['福利活动', '工会', '领取次数'], rows: o.claimsByCampaign.map((r) => [r.title, r.orgName, r.n]) };
    case 'claims_by_place':
      return {
        title: '按领取地点',
        columns: ['地点', '类型', '领取次数'],
        rows: o.claimsByPlace.map((r) => [r.name, FIGURE_PLACE_KIND_LABELS[r.kind], r.n]),
      };
    case 'station_searches_by_day':
      return { title: '每日驿站搜索', columns: ['日期', '搜索次数'], rows: o.stationSearchesByDay.map((r) => [r.day, r.n]) };
  }
}

/** The kind of a union as its label, for option lists. */
export const figureUnionKindLabel = (u: Pick<FigureUnion, 'kind'>) => ORG_KIND_LABELS[u.kind];

/** Every worker category, in their order (the figure lists each, zeros included). */
export const FIGURE_CATEGORIES = WORKER_CATEGORY_CODES;
