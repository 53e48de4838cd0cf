import { useMemo, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Picker, View } from '@tarojs/components';
import {
  durationLabel,
  figureTable,
  figureUnionKindLabel,
  formatRate,
  type FigureKey,
  type FigureTable,
  type FigureUnion,
  type FiguresOverview,
  type FiguresQuery,
} from '@union/shared';
import { figureExportUrl, fetchFigures, searchFigureUnions } from '../../../api/figures';
import { toApiError } from '../../../api/errors';
import Chips from '../../../components/Chips';
import { pageGate } from '../../../components/PageGate';
import Screen from '../../../components/Screen';
import Sheet from '../../../components/Sheet';
import { RequestStatus } from '../../../components/StateView';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { inBeijing } from '../../../lib/dates';
import { STAFF_FIGURES_PAGE } from '../../../lib/navigation';
import { downloadFile } from '../../../lib/files';
import { acrossHeight, chartOf, inChart } from './options';
import FigureSection from './section';
import './index.scss';

type Preset = '7' | '30' | '90' | '365' | 'custom';
const PRESETS: { value: Preset; label: string }[] = [
  { value: '7', label: '近7天' },
  { value: '30', label: '近30天' },
  { value: '90', label: '近90天' },
  { value: '365', label: '近一年' },
  { value: 'custom', label: '自选' },
];

const today = () => inBeijing().format('YYYY-MM-DD');
const daysBefore = (days: number) => inBeijing().subtract(days, 'day').format('YYYY-MM-DD');

function DayPicker({ label, value, onPick }: { label: string; value: string; onPick: (day: string) => void }) {
  return (
    <Picker mode="date" value={value} end={today()} onChange={(e) => onPick(String(e.detail.value))}>
      <View className="form-field__row figures__day" hoverClass="form-field__row--pressed" ariaLabel={label}>
        <View className="form-field__value">{value}</View>
        <View className="form-field__chevron">›</View>
      </View>
    </Picker>
  );
}

/**
 * 数据概览: what the staffer's unions achieved over a range of days, each figure a chart with its table and a CSV
 * export, for all their unions or one of them (the filter offers only unions they cover: one level down from the
 * selection, the way back up, and a search).
 */
export default function StaffFiguresPage() {
  const [query, setQuery] = useState<FiguresQuery>({});
  const [preset, setPreset] = useState<Preset>('30');
  const [custom, setCustom] = useState({ from: daysBefore(29), to: today() });
  const [picking, setPicking] = useState(false);
  const [exporting, setExporting] = useState<FigureKey | null>(null);
  // The filter of the figures on screen (a ref: the loader reads it in the same tick a change sets it).
  const applied = useRef<FiguresQuery>({});
  const page = useAuthedRequest(() => fetchFigures(applied.current), STAFF_FIGURES_PAGE);

  function apply(next: FiguresQuery) {
    applied.current = next;
    setQuery(next);
    void page.run();
  }

  function pickPreset(value: Preset) {
    setPreset(value);
    if (value === 'custom') apply({ ...query, ...custom });
    else apply({ ...query, from: daysBefore(Number(value) - 1), to: today() });
  }

  function pickDay(key: 'from' | 'to', day: string) {
    const next = { ...custom, [key]: day };
    if (next.from > next.to) {
      void Taro.showToast({ title: '开始日期不能晚于结束日期', icon: 'none' });
      return;
    }
    setCustom(next);
    apply({ ...query, ...next });
  }

  function pickUnion(orgId: string | undefined) {
    setPicking(false);
    apply({ ...query, orgId });
  }

  async function exportFigure(figure: FigureKey) {
    setExporting(figure);
    try {
      await downloadFile(figureExportUrl(figure, applied.current), `figures-${figure}.csv`);
    } catch (error) {
      void Taro.showToast({ title: error instanceof Error ? error.message : '导出失败', icon: 'none' });
    } finally {
      setExporting(null);
    }
  }

  const { state } = page;
  const o: FiguresOverview | null = state.status === 'success' ? state.data : null;
  const charts = useMemo(() => (o ? chartOf(o) : null), [o]);

  const gate = pageGate({
    signedIn: page.signedIn,
    signedOut: { title: '登录后查看数据概览', description: '使用工会工作人员的手机号登录。', returnTo: STAFF_FIGURES_PAGE },
  });
  if (gate) return gate;

  const section = (
    figure: FigureKey,
    props: { title: string; note?: string; chart: keyof NonNullable<typeof charts>; height?: number; empty: boolean; emptyText?: string },
  ) =>
    o && charts ? (
      <FigureSection
        title={props.title}
        note={props.note}
        chart={charts[props.chart]}
        chartHeight={props.height}
        table={newestFirst(figureTable(o, figure), figure)}
        empty={props.empty}
        emptyText={props.emptyText}
        exporting={exporting === figure}
        onExport={() => void exportFigure(figure)}
      />
    ) : null;

  return (
    <Screen className="figures">
      <View className="section">
        <View className="card figures__filters">
          <View className="figures__label">工会</View>
          <View className="figures__trail">
            {o && o.selection.trail.length > 0 ? (
              o.selection.trail.map((u, i) => (
                <View key={u.id} className="figures__crumb">
                  {i > 0 ? <View className="figures__sep">›</View> : null}
                  <View
                    className={`figures__crumb-name ${i === o.selection.trail.length - 1 ? 'figures__crumb-name--on' : ''}`}
                    hoverClass="figures__crumb-name--pressed"
                    ariaRole="button"
                    onClick={() => pickUnion(u.id)}
                  >
                    {u.name}
                  </View>
                </View>
              ))
            ) : (
              <View className="figures__crumb-name figures__crumb-name--on">{o?.selection.name ?? '我负责的工会'}</View>
            )}
          </View>
          <View className="figures__pick" hoverClass="figures__pick--pressed" ariaRole="button" onClick={() => setPicking(true)}>
            选择工会 ›
          </View>
          <View className="figures__label">日期</View>
          <Chips label="日期范围" options={PRESETS} selected={preset} onSelect={pickPreset} columns={3} />
          {preset === 'custom' ? (
            <View className="figures__days">
              <DayPicker label="开始日期" value={custom.from} onPick={(d) => pickDay('from', d)} />
              <View className="figures__to">至</View>
              <DayPicker label="结束日期" value={custom.to} onPick={(d) => pickDay('to', d)} />
            </View>
          ) : null}
          {o ? (
            <View className="figures__range muted">
              {o.range.from} 至 {o.range.to}，共 {o.range.days} 天
            </View>
          ) : null}
        </View>

        <RequestStatus
          state={state}
          loadingText="正在统计…"
          errorTitle={(error) => (error.status === 403 ? '只有工会工作人员可以查看数据概览' : '数据加载失败')}
          onRetry={() => void page.run()}
        />

        {o && charts ? (
          <>
            <View className="figures__tiles" ariaRole="list">
              <Tile label="入会" value={o.totals.joins} />
              <Tile label="待审核" value={o.totals.pending} hint="当前" />
              <Tile label="审核用时" text={o.approvalTime.p50 === null ? '—' : `一半${durationLabel(o.approvalTime.p50)}`} />
              <Tile label="服务预约" value={o.totals.bookings} hint={`签到 ${o.totals.checkedIn}`} />
              <Tile label="未到场率" text={formatRate(o.totals.noShowRate)} />
              <Tile label="福利领取" value={o.totals.claims} />
              <Tile label="驿站搜索" value={o.totals.stationSearches} />
            </View>

            <Sections o={o} section={section} onPickUnion={pickUnion} />
          </>
        ) : null}
      </View>

      <UnionSheet open={picking} unions={o?.unions ?? []} onPick={pickUnion} onClose={() => setPicking(false)} />
    </Screen>
  );
}

/** On screen a series of days or weeks lists the latest first (the chart reads left to right; the CSV keeps that order). */
function newestFirst(table: FigureTable, figure: FigureKey): FigureTable {
  const series: FigureKey[] = ['joins_by_day', 'joins_by_week', 'station_searches_by_day'];
  return series.includes(figure) ? { ...table, rows: [...table.rows].reverse() } : table;
}

function Tile({ label, value, text, hint }: { label: string; value?: number; text?: string; hint?: string }) {
  return (
    <View className="figures__tile" ariaRole="listitem">
      <View className="figures__tile-label">{label}</View>
      <View className="figures__tile-value">{text ?? (value ?? 0).toLocaleString('zh-CN')}</View>
      {hint ? <View className="figures__tile-hint muted">{hint}</View> : null}
    </View>
  );
}

/** 选择工会: one level down from the selection (or the caller's own unions), or found by name among theirs. */
function UnionSheet({
  open,
  unions,
  onPick,
  onClose,
}: {
  open: boolean;
  unions: FigureUnion[];
  onPick: (orgId: string | undefined) => void;
  onClose: () => void;
}) {
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<{ items: FigureUnion[]; loading: boolean; error?: string } | null>(null);

  async function runSearch(q: string) {
    setSearch(q);
    if (!q.trim()) {
      setFound(null);
      return;
    }
    setFound((f) => ({ items: f?.items ?? [], loading: true }));
    try {
      setFound({ items: await searchFigureUnions(q.trim()), loading: false });
    } catch (error) {
      setFound({ items: [], loading: false, error: toApiError(error).message });
    }
  }

  const pick = (orgId: string | undefined) => {
    setSearch('');
    setFound(null);
    onPick(orgId);
  };

  return (
    <Sheet open={open} title="选择工会" onClose={onClose}>
      <View className="form-field__row figures__search">
        <Input
          className="form-field__input"
          value={search}
          placeholder="搜索工会名称"
          ariaLabel="搜索工会名称"
          confirmType="search"
          onInput={(e) => void runSearch(e.detail.value)}
        />
      </View>
      {found?.error ? (
        <View className="figures__error" ariaRole="alert">
          {found.error}
        </View>
      ) : null}
      {found && !found.loading && !found.error && found.items.length === 0 ? <View className="muted figures__hint">没有找到，换个名称试试</View> : null}
      <View className="figures__options" ariaRole="list">
        {!found ? (
          <View className="figures__option" hoverClass="figures__option--pressed" ariaRole="button" onClick={() => pick(undefined)}>
            <View className="figures__option-name">全部（我负责的工会）</View>
          </View>
        ) : null}
        {(found?.items ?? unions).map((u) => (
          <View key={u.id} className="figures__option" hoverClass="figures__option--pressed" ariaRole="button" onClick={() => pick(u.id)}>
            <View className="figures__option-name">{u.name}</View>
            <View className="muted figures__option-kind">
              {figureUnionKindLabel(u)}
              {u.closed ? ' · 已撤销' : ''}
            </View>
          </View>
        ))}
      </View>
    </Sheet>
  );
}

type SectionOf = (
  figure: FigureKey,
  props: { title: string; note?: string; chart: keyof ReturnType<typeof chartOf>; height?: number; empty: boolean; emptyText?: string },
) => JSX.Element | null;

/** Every figure of the overview, in the order a union reads them: joins, where from, how fast, then services and benefits. */
function Sections({ o, section, onPickUnion }: { o: FiguresOverview; section: SectionOf; onPickUnion: (orgId: string) => void }) {
  const pickUnion = onPickUnion;
  // Joins per day, or per week (the default past two months, where days crowd the chart).
  const [perWeek, setPerWeek] = useState(o.range.days > 62);
  return (
    <>
      <Chips
        className="figures__per"
        label="入会按日或按周"
        options={[
          { value: 'day', label: '按日' },
          { value: 'week', label: '按周' },
        ]}
        selected={perWeek ? 'week' : 'day'}
        onSelect={(v) => setPerWeek(v === 'week')}
        columns={2}
      />
      {perWeek
        ? section('joins_by_week', { title: '每周入会', note: '审核通过的入会申请，按通过的周（周一起）', chart: 'weeks', empty: o.totals.joins === 0 })
        : section('joins_by_day', { title: '每日入会', note: '审核通过的入会申请，按通过的日期', chart: 'joins', empty: o.totals.joins === 0 })}
      {section('by_union', {
        title: '按工会',
        note: '点工会名称看它的数据',
        chart: 'unions',
        height: acrossHeight(inChart(o.byUnion.length)),
        empty: o.byUnion.length === 0,
        emptyText: '没有下级工会',
      })}
      {o.byUnion.length > 0 ? (
        <View className="figures__units">
          {o.byUnion
            .filter((u) => !u.own)
            .map((u) => (
              <View key={u.id} className="figures__unit" hoverClass="figures__unit--pressed" ariaRole="button" onClick={() => pickUnion(u.id)}>
                {u.name} ›
              </View>
            ))}
        </View>
      ) : null}
      {section('joins_by_category', { title: '按职业类别', chart: 'categories', height: acrossHeight(7), empty: o.totals.joins === 0 })}
      {section('joins_by_event', {
        title: '按入会活动',
        note: '在摆摊活动现场提交并通过的申请',
        chart: 'events',
        height: acrossHeight(inChart(o.joinsByEvent.length)),
        empty: o.joinsByEvent.length === 0,
      })}
      {section('approval_time', {
        title: '提交到审核通过用时',
        note: o.approvalTime.n ? `一半${durationLabel(o.approvalTime.p50)}，九成${durationLabel(o.approvalTime.p90)}` : undefined,
        chart: 'approval',
        empty: o.approvalTime.n === 0,
      })}
      {section('card_time', {
        title: '提交到服务卡办结用时',
        note: o.cardTime.n ? `一半${durationLabel(o.cardTime.p50)}，九成${durationLabel(o.cardTime.p90)}` : '银行办结服务卡的日期',
        chart: 'card',
        empty: o.cardTime.n === 0,
      })}
      {section('pending_by_age', {
        title: '待审核申请',
        note: '现在还在等待审核的申请，按已等待天数（不受日期范围影响）',
        chart: 'pending',
        empty: o.totals.pending === 0,
        emptyText: '没有待审核的申请',
      })}
      {section('bookings_by_service', {
        title: '预约、签到与未到场',
        note: '按服务，时段在所选日期内',
        chart: 'services',
        height: acrossHeight(inChart(o.bookingsByService.length)),
        empty: o.bookingsByService.length === 0,
      })}
      {section('claims_by_campaign', {
        title: '福利领取（按活动）',
        chart: 'campaigns',
        height: acrossHeight(inChart(o.claimsByCampaign.length)),
        empty: o.claimsByCampaign.length === 0,
      })}
      {section('claims_by_place', {
        title: '福利领取（按地点）',
        chart: 'places',
        height: acrossHeight(inChart(o.claimsByPlace.length)),
        empty: o.claimsByPlace.length === 0,
      })}
      {section('station_searches_by_day', {
        title: '驿站搜索',
        note: '附近驿站的搜索次数，计入离搜索位置最近的驿站所属工会',
        chart: 'searches',
        empty: o.totals.stationSearches === 0,
      })}
    </>
  );
}
