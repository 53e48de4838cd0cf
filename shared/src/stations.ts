import { z } from 'zod';
import { STATION_FACILITIES, stationFacilitySchema, stationHostKindSchema, type StationFacility, type StationHostKind } from './enums';
import { codedIssue, limitParam, offsetParam } from './paging';

export const STATION_HOST_KIND_LABELS: Record<StationHostKind, string> = {
  bank: '银行网点',
  estate_agency: '房屋中介',
  petrol_station: '加油站',
  shop: '商铺',
  supermarket: '连锁商超',
  union_office: '工会服务站',
  community_centre: '社区服务中心',
  courier_site: '快递站点',
  other: '其他',
};

export const STATION_FACILITY_LABELS: Record<StationFacility, string> = {
  water: '饮水',
  microwave: '微波炉',
  phone_charging: '手机充电',
  toilet: '卫生间',
  ebike_charging: '电动车充电',
  first_aid: '医药箱',
  wifi: '无线网络',
  seats: '休息座椅',
  air_conditioning: '空调',
  sewing_kit: '针线包',
  tyre_pump: '打气筒',
  massage_chair: '按摩椅',
  car_charging: '汽车充电',
  fridge: '冰箱',
};

/** Facilities as their positions in STATION_FACILITIES, sorted and distinct: the stored form. */
export function facilityIds(facilities: readonly StationFacility[]): number[] {
  return [...new Set(facilities.map((f) => STATION_FACILITIES.indexOf(f)))].filter((i) => i >= 0).sort((a, b) => a - b);
}

export function facilitiesOfIds(ids: readonly number[]): StationFacility[] {
  return STATION_FACILITIES.filter((_f, i) => ids.includes(i));
}

// ---- opening hours ------------------------------------------------------------------------

export const MINUTES_PER_DAY = 1440;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** One rule: on these weekdays (1 = Monday … 7 = Sunday), open from `open` to `close` minutes after that day's midnight; `close` past 1440 runs into the next day. */
export interface HoursRule {
  days: number[];
  open: number;
  close: number;
}
export type OpeningHours = { allDay: true } | { allDay: false; rules: HoursRule[] };

const DAY_CHARS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7 };
const DAY_NAMES = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const ALL_DAY = /^(24\s*(小时|h|H|hours?)|全天|全天候)(营业|开放)?$/;
const TIME = /^([01]?\d|2[0-4])[:：]([0-5]\d)$/;

function parseDays(raw: string): number[] | undefined {
  const text = raw.replace(/星期|礼拜/g, '周').replace(/\s+/g, '');
  if (text === '' || text === '每天' || text === '每日' || text === '周一至周日' || text === '周一-周日') return [1, 2, 3, 4, 5, 6, 7];
  const days = new Set<number>();
  for (const part of text.split(/[、,，/]/)) {
    const range = /^周?([一二三四五六日天1-7])(?:[至到~\-—]周?([一二三四五六日天1-7]))?$/.exec(part);
    if (!range) return undefined;
    const from = DAY_CHARS[range[1]!]!;
    const to = range[2] ? DAY_CHARS[range[2]]! : from;
    if (to < from) return undefined;
    for (let d = from; d <= to; d++) days.add(d);
  }
  return [...days].sort();
}

function parseTime(raw: string): number | undefined {
  const m = TIME.exec(raw.trim());
  if (!m) return undefined;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes > MINUTES_PER_DAY ? undefined : minutes;
}

/**
 * Opening hours as people write them: `24小时`, `08:00-20:00` (every day), `22:00-06:00` (past
 * midnight), `周一至周五 09:00-17:00；周六、周日 10:00-16:00`, `1-5 09:00-17:00`. Undefined when unreadable.
 */
export function parseOpeningHours(raw: string): OpeningHours | undefined {
  const text = raw.trim();
  if (ALL_DAY.test(text)) return { allDay: true };
  const rules: HoursRule[] = [];
  for (const segment of text
    .split(/[;；\n]/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(.*?)\s*(\d{1,2}[:：]\d{2})\s*[-~～—–至到]\s*(\d{1,2}[:：]\d{2})$/.exec(segment);
    if (!m) return undefined;
    const days = parseDays(m[1]!);
    const open = parseTime(m[2]!);
    let close = parseTime(m[3]!);
    if (!days || open === undefined || close === undefined || open === MINUTES_PER_DAY) return undefined;
    if (close <= open) close += MINUTES_PER_DAY;
    if (close - open >= MINUTES_PER_DAY && days.length === 7) return { allDay: true };
    rules.push({ days, open, close });
  }
  return rules.length ? { allDay: false, rules } : undefined;
}

const hhmm = (m: number) => `${String(Math.floor((m % MINUTES_PER_DAY) / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

function daysLabel(days: number[]): string {
  if (days.length === 7) return '每天';
  const contiguous = days.every((d, i) => i === 0 || d === days[i - 1]! + 1);
  if (contiguous && days.length > 2) return `${DAY_NAMES[days[0]!]}至${DAY_NAMES[days.at(-1)!]}`;
  return days.map((d) => DAY_NAMES[d]).join('、');
}

/** The canonical text of parsed hours: what is stored and shown (`每天 08:00-20:00`, `24小时`). */
export function formatOpeningHours(hours: OpeningHours): string {
  if (hours.allDay) return '24小时';
  return hours.rules.map((r) => `${daysLabel(r.days)} ${hhmm(r.open)}-${r.close === MINUTES_PER_DAY ? '24:00' : hhmm(r.close)}`).join('；');
}

/**
 * The week as half-open minute ranges [from, to) counted from Monday 00:00, hours past midnight
 * carried into the next day and Sunday night into Monday morning. The server stores these and asks
 * "is minute m of the Beijing week inside?" for 营业中.
 */
export function weekRanges(hours: OpeningHours): [number, number][] {
  if (hours.allDay) return [[0, MINUTES_PER_WEEK]];
  const raw: [number, number][] = [];
  for (const rule of hours.rules) {
    for (const day of rule.days) {
      const from = (day - 1) * MINUTES_PER_DAY + rule.open;
      const to = (day - 1) * MINUTES_PER_DAY + rule.close;
      if (to <= MINUTES_PER_WEEK) raw.push([from, to]);
      else raw.push([from, MINUTES_PER_WEEK], [0, to - MINUTES_PER_WEEK]);
    }
  }
  raw.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of raw) {
    const last = merged.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** Minute of the week (Monday 00:00 = 0) for a Beijing weekday (1-7), hour and minute. */
export const minuteOfWeek = (isoWeekday: number, hour: number, minute: number) => (isoWeekday - 1) * MINUTES_PER_DAY + hour * 60 + minute;

export function isOpenAt(hours: OpeningHours, minute: number): boolean {
  return weekRanges(hours).some(([from, to]) => minute >= from && minute < to);
}

// ---- wire contracts -----------------------------------------------------------------------

export const stationSchema = z.object({
  id: z.string(),
  /** The operator's station number: the natural key a re-import updates. */
  code: z.string(),
  name: z.string(),
  hostKind: stationHostKindSchema,
  address: z.string(),
  district: z.string().nullable(),
  /** GCJ-02, as Chinese map apps and WeChat use. */
  lat: z.number(),
  lng: z.number(),
  facilities: z.array(stationFacilitySchema),
  /** Canonical opening hours text (`24小时`, `每天 08:00-20:00`). */
  hours: z.string(),
  is24h: z.boolean(),
  /** Open at this minute on the Beijing clock. */
  openNow: z.boolean(),
  orgId: z.string(),
  orgName: z.string(),
  /** Metres from the point asked about; null without one. */
  distance: z.number().int().nullable(),
});
export type Station = z.infer<typeof stationSchema>;

function parseLatLng(raw: string, ctx: z.RefinementCtx): { lat: number; lng: number } | typeof z.NEVER {
  const m = /^\s*(-?\d{1,3}(?:\.\d{1,12})?)\s*,\s*(-?\d{1,3}(?:\.\d{1,12})?)\s*$/.exec(raw);
  if (!m) {
    ctx.addIssue(codedIssue('stations.near_malformed'));
    return z.NEVER;
  }
  const lat = Number(m[1]);
  const lng = Number(m[2]);
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180) {
    ctx.addIssue(codedIssue('stations.near_out_of_range'));
    return z.NEVER;
  }
  return { lat, lng };
}

const facilityListParam = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    if (!raw) return [] as StationFacility[];
    const list = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = list.find((f) => !(STATION_FACILITIES as readonly string[]).includes(f));
    if (bad !== undefined || list.length > STATION_FACILITIES.length) {
      ctx.addIssue(codedIssue('stations.facility_unknown', `不支持的设施筛选条件：${(bad ?? '').slice(0, 20)}`));
      return z.NEVER;
    }
    return [...new Set(list)] as StationFacility[];
  })
  .meta({ description: `comma-separated: ${STATION_FACILITIES.join(', ')}` });

const booleanParam = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => v === 'true' || v === '1');

export const stationListQuerySchema = z.strictObject({
  /** `lat,lng` in GCJ-02; nearest first when given. */
  near: z
    .string()
    .optional()
    .transform((raw, ctx) => (raw === undefined ? undefined : parseLatLng(raw, ctx)))
    .meta({ description: 'lat,lng (GCJ-02), e.g. 39.9087,116.3975' }),
  facility: facilityListParam,
  openNow: booleanParam,
  /** Only the stations this union owns (a staffer picking a service's place). */
  orgId: z.uuid({ error: '工会组织编号不正确' }).optional(),
  limit: limitParam(100, 20),
  offset: offsetParam(2000),
});
export type StationListQuery = z.input<typeof stationListQuerySchema>;

export const stationListResponseSchema = z.object({
  items: z.array(stationSchema),
  /** Offset of the next page, null on the last one. */
  nextOffset: z.number().int().nullable(),
});
export type StationList = z.infer<typeof stationListResponseSchema>;

/** A map viewport: `south,west,north,east`. */
export const stationMapQuerySchema = z.strictObject({
  bbox: z
    .string()
    .transform((raw, ctx) => {
      const parts = raw.split(',').map((s) => s.trim());
      const nums = parts.map(Number);
      const ok = parts.length === 4 && parts.every((p) => /^-?\d{1,3}(\.\d{1,12})?$/.test(p));
      const [s, w, n, e] = nums as [number, number, number, number];
      if (!ok || s >= n || w >= e || Math.abs(s) > 90 || Math.abs(n) > 90 || Math.abs(w) > 180 || Math.abs(e) > 180) {
        ctx.addIssue(codedIssue('stations.bbox_invalid'));
        return z.NEVER;
      }
      return { south: s, west: w, north: n, east: e };
    })
    .meta({ description: 'south,west,north,east (GCJ-02)' }),
  facility: facilityListParam,
  openNow: booleanParam,
});

/** A station on the map, or a cluster of `count` stations around its centre (id null). */
export const stationMapPointSchema = z.object({
  lat: z.number(),
  lng: z.number(),
  count: z.number().int(),
  id: z.string().nullable(),
  name: z.string().nullable(),
});
export type StationMapPoint = z.infer<typeof stationMapPointSchema>;
export const stationMapResponseSchema = z.object({ points: z.array(stationMapPointSchema), total: z.number().int(), clustered: z.boolean() });
export type StationMap = z.infer<typeof stationMapResponseSchema>;

/**
 * The map tiles the operator configured for H5 (weapp draws its own native map): an AMap or Tianditu tile URL with
 * {x} {y} {z} (and {s} for a subdomain), and the coordinate system of those tiles. Stored positions are GCJ-02 (the
 * system of AMap and of WeChat's map); on WGS-84 tiles (Tianditu) the app converts. Null: no tiles, and the app draws
 * its diagram of the stations around you instead.
 */
export const mapTilesSchema = z.object({
  url: z.string(),
  subdomains: z.array(z.string()),
  attribution: z.string(),
  coords: z.enum(['gcj02', 'wgs84']),
  maxZoom: z.number().int(),
});
export type MapTiles = z.infer<typeof mapTilesSchema>;
export const stationMapConfigSchema = z.object({ tiles: mapTilesSchema.nullable() });
export type StationMapConfig = z.infer<typeof stationMapConfigSchema>;

// ---- CSV import ----------------------------------------------------------------------------

/** Import columns: English keys, with the Chinese headers an operator's spreadsheet may use. */
export const STATION_CSV_COLUMNS = {
  code: ['code', '编号', '驿站编号'],
  name: ['name', '名称', '驿站名称'],
  hostKind: ['host_kind', 'hostKind', '类型', '依托单位类型'],
  address: ['address', '地址'],
  district: ['district', '区', '所在区'],
  lat: ['lat', '纬度'],
  lng: ['lng', '经度'],
  facilities: ['facilities', '设施'],
  hours: ['hours', '开放时间', '营业时间'],
  union: ['union', 'org', '工会编码', '所属工会编码'],
} as const;
export type StationCsvColumn = keyof typeof STATION_CSV_COLUMNS;
export const STATION_CSV_REQUIRED: StationCsvColumn[] = ['code', 'name', 'hostKind', 'address', 'lat', 'lng', 'hours'];
export const STATION_IMPORT_MAX_ROWS = 20_000;
/** Bytes: 20,000 rows of about 200 bytes. */
export const STATION_IMPORT_MAX_BYTES = 5 * 1024 * 1024;

export const stationImportInputSchema = z
  .strictObject({
    /** The union that owns the rows without a `union` column. */
    orgId: z.uuid({ error: '请选择所属工会' }),
    /** The CSV text, header row first (UTF-8). */
    csv: z.string().min(1, { error: '请上传 CSV 文件' }).max(STATION_IMPORT_MAX_BYTES, { error: 'CSV 文件过大，请分批导入' }).optional(),
    /** Or the file's bytes, base64 (what a page uploads): UTF-8, or GBK from Excel on a Chinese Windows. */
    file: z
      .base64({ error: '文件内容应为 base64 编码' })
      .min(1, { error: '请上传 CSV 文件' })
      .max(Math.ceil(STATION_IMPORT_MAX_BYTES / 3) * 4, { error: 'CSV 文件过大，请分批导入' })
      .optional(),
    /** Check every row and report, without saving. */
    dryRun: z.boolean().optional(),
  })
  .refine((v) => (v.csv === undefined) !== (v.file === undefined), { error: '请上传 CSV 文件', path: ['file'] });
export type StationImportInput = z.infer<typeof stationImportInputSchema>;
export const stationImportQuerySchema = z.strictObject({
  orgId: z.uuid().optional().meta({ description: 'for a text/csv body: the owning union' }),
  dryRun: booleanParam,
});

export const stationImportErrorSchema = z.object({
  /** Line in the file, the header being line 1. */
  row: z.number().int(),
  field: z.string(),
  /** For some kinds: stations.import_encoding (bytes neither UTF-8 nor GBK/GB18030), stations.import_formula (a cell starting with = + - @). */
  code: z.string().optional(),
  message: z.string(),
});
export type StationImportError = z.infer<typeof stationImportErrorSchema>;
export const stationImportReportSchema = z.object({
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  failed: z.number().int(),
  dryRun: z.boolean(),
  /** At most 1,000, in row order. */
  errors: z.array(stationImportErrorSchema),
});
export type StationImportReport = z.infer<typeof stationImportReportSchema>;
