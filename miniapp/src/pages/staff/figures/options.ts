import { DURATION_BUCKETS, FIGURE_PLACE_KIND_LABELS, PENDING_AGE_BUCKETS, WORKER_CATEGORIES, type FigureDuration, type FiguresOverview } from '@union/shared';
import type { ChartOption } from './chart';

/** The app's red first, then colours told apart by people with red-green colour blindness. */
const PALETTE = ['#c8102e', '#1d4ed8', '#b45309', '#17663a', '#6b7280'];

const base: ChartOption = {
  animation: false,
  color: PALETTE,
  textStyle: { fontSize: 11 },
  grid: { left: 4, right: 16, top: 24, bottom: 4, containLabel: true },
  tooltip: { trigger: 'axis', confine: true },
};

/** 03-05 from 2026-03-05. */
const shortDay = (day: string) => day.slice(5);

function line(labels: string[], values: number[], name: string): ChartOption {
  return {
    ...base,
    xAxis: { type: 'category', data: labels, boundaryGap: false, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'line', name, data: values, showSymbol: values.length <= 31, areaStyle: { opacity: 0.12 } }],
  };
}

/** Bars across (long names: unions, events, services) or up (short labels: days, buckets). */
function bars(labels: string[], series: { name: string; values: number[] }[], across = false): ChartOption {
  const category = { type: 'category' as const, data: labels, inverse: across, axisLabel: { width: 96, overflow: 'truncate' as const, hideOverlap: !across } };
  const value = { type: 'value' as const, minInterval: 1 };
  return {
    ...base,
    legend: series.length > 1 ? { top: 0, itemWidth: 12, itemHeight: 8 } : undefined,
    xAxis: across ? value : category,
    yAxis: across ? category : value,
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values, stack: series.length > 1 ? 'all' : undefined, barMaxWidth: 24 })),
  };
}

/** Height for `rows` bars across. */
export const acrossHeight = (rows: number) => Math.max(120, 40 + rows * 26);

/** The buckets from the first to the last with a count (a histogram of a duration). */
function durationBars(d: FigureDuration, name: string): ChartOption {
  const used = d.buckets.map((n, i) => (n ? i : -1)).filter((i) => i >= 0);
  const from = used[0] ?? 0;
  const to = used.at(-1) ?? 0;
  const idx = Array.from({ length: to - from + 1 }, (_, k) => from + k);
  return bars(
    idx.map((i) => DURATION_BUCKETS[i]!.label),
    [{ name, values: idx.map((i) => d.buckets[i] ?? 0) }],
  );
}

const TOP_IN_CHART = 10;

/** The chart of each figure (null when it has nothing to draw). */
export function chartOf(o: FiguresOverview) {
  return {
    joins: line(
      o.joinsByDay.map((d) => shortDay(d.day)),
      o.joinsByDay.map((d) => d.n),
      '入会人数',
    ),
    weeks: bars(
      o.joinsByWeek.map((w) => shortDay(w.week)),
      [{ name: '入会人数', values: o.joinsByWeek.map((w) => w.n) }],
    ),
    categories: bars(
      o.joinsByCategory.map((c) => WORKER_CATEGORIES[c.category]),
      [{ name: '入会人数', values: o.joinsByCategory.map((c) => c.n) }],
      true,
    ),
    unions: bars(
      o.byUnion.slice(0, TOP_IN_CHART).map((u) => (u.own ? `${u.name}（本级）` : u.name)),
      [{ name: '入会人数', values: o.byUnion.slice(0, TOP_IN_CHART).map((u) => u.joins) }],
      true,
    ),
    events: bars(
      o.joinsByEvent.slice(0, TOP_IN_CHART).map((e) => e.title),
      [{ name: '入会人数', values: o.joinsByEvent.slice(0, TOP_IN_CHART).map((e) => e.n) }],
      true,
    ),
    approval: durationBars(o.approvalTime, '人数'),
    card: durationBars(o.cardTime, '人数'),
    pending: bars(
      PENDING_AGE_BUCKETS.map((b) => b.label),
      [{ name: '份数', values: PENDING_AGE_BUCKETS.map((b) => o.pendingByAge.find((p) => p.bucket === b.key)?.n ?? 0) }],
    ),
    services: bars(
      o.bookingsByService.slice(0, TOP_IN_CHART).map((s) => s.title),
      [
        { name: '签到', values: o.bookingsByService.slice(0, TOP_IN_CHART).map((s) => s.checkedIn) },
        { name: '未到场', values: o.bookingsByService.slice(0, TOP_IN_CHART).map((s) => s.noShows) },
        { name: '待签到', values: o.bookingsByService.slice(0, TOP_IN_CHART).map((s) => s.bookings - s.checkedIn - s.noShows) },
      ],
      true,
    ),
    campaigns: bars(
      o.claimsByCampaign.slice(0, TOP_IN_CHART).map((c) => c.title),
      [{ name: '领取次数', values: o.claimsByCampaign.slice(0, TOP_IN_CHART).map((c) => c.n) }],
      true,
    ),
    places: bars(
      o.claimsByPlace.slice(0, TOP_IN_CHART).map((p) => (p.kind === 'mall' ? p.name : `${p.name}（${FIGURE_PLACE_KIND_LABELS[p.kind]}）`)),
      [{ name: '领取次数', values: o.claimsByPlace.slice(0, TOP_IN_CHART).map((p) => p.n) }],
      true,
    ),
    searches: line(
      o.stationSearchesByDay.map((d) => shortDay(d.day)),
      o.stationSearchesByDay.map((d) => d.n),
      '搜索次数',
    ),
  };
}

export const inChart = (rows: number) => Math.min(rows, TOP_IN_CHART);
