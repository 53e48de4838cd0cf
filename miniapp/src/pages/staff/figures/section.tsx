import { useState } from 'react';
import { View } from '@tarojs/components';
import type { FigureTable } from '@union/shared';
import Chart, { type ChartOption } from './chart';

/** Rows of a table shown before 展开: enough for a ranked list's head on one screen. */
const ROWS_SHOWN = 8;

interface FigureSectionProps {
  title: string;
  /** What the numbers count, in a line under the title. */
  note?: string;
  chart: ChartOption | null;
  chartHeight?: number;
  table: FigureTable;
  /** Nothing counted: the chart is left out and this says so. */
  empty: boolean;
  emptyText?: string;
  exporting: boolean;
  onExport: () => void;
}

/** One figure: its chart, the table of its numbers beside it (below, on a phone) and 导出 for its CSV. */
export default function FigureSection({ title, note, chart, chartHeight, table, empty, emptyText, exporting, onExport }: FigureSectionProps) {
  const [all, setAll] = useState(false);
  const rows = all ? table.rows : table.rows.slice(0, ROWS_SHOWN);
  return (
    <View className="card figures__section" ariaRole="region" ariaLabel={title}>
      <View className="figures__section-head">
        <View className="figures__section-title">{title}</View>
        <View
          className={`figures__export ${exporting ? 'figures__export--busy' : ''}`}
          hoverClass="figures__export--pressed"
          ariaRole="button"
          ariaLabel={`导出${title}`}
          onClick={exporting ? undefined : onExport}
        >
          {exporting ? '导出中…' : '导出'}
        </View>
      </View>
      {note ? <View className="figures__note muted">{note}</View> : null}
      {empty ? (
        <View className="figures__empty muted">{emptyText ?? '这段时间没有数据'}</View>
      ) : (
        <>
          {chart ? <Chart option={chart} height={chartHeight} label={`${title}图表`} /> : null}
          <View className="figures__table" ariaRole="table" ariaLabel={`${title}表格`}>
            <View className="figures__row figures__row--head" ariaRole="row">
              {table.columns.map((c, i) => (
                <View key={c} className={`figures__cell ${i === 0 ? 'figures__cell--name' : ''}`} ariaRole="columnheader">
                  {c}
                </View>
              ))}
            </View>
            {rows.map((row, r) => (
              <View key={r} className="figures__row" ariaRole="row">
                {row.map((cell, i) => (
                  <View key={i} className={`figures__cell ${i === 0 ? 'figures__cell--name' : ''}`} ariaRole="cell">
                    {typeof cell === 'number' ? cell.toLocaleString('zh-CN') : cell}
                  </View>
                ))}
              </View>
            ))}
          </View>
          {table.rows.length > ROWS_SHOWN ? (
            <View className="figures__more" hoverClass="figures__more--pressed" ariaRole="button" onClick={() => setAll((v) => !v)}>
              {all ? '收起' : `展开全部 ${table.rows.length} 行`}
            </View>
          ) : null}
        </>
      )}
    </View>
  );
}
