import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Canvas, View } from '@tarojs/components';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';

// Only what the overview draws (bars and lines), so the staff sub-package carries a fraction of ECharts. H5 draws SVG
// (crisp at any zoom, and a test can read it); the mini-program draws on a 2D canvas.
echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer, CanvasRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption>;

let nextId = 0;

/** A mini-program 2D canvas node as ECharts expects a canvas element (the way the ECharts team's echarts-for-weixin does). */
function canvasOf(node: { getContext: (type: '2d') => unknown; width: number; height: number }) {
  return {
    getContext: () => node.getContext('2d'),
    get width() {
      return node.width;
    },
    set width(v: number) {
      node.width = v;
    },
    get height() {
      return node.height;
    },
    set height(v: number) {
      node.height = v;
    },
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    attachEvent: () => undefined,
    detachEvent: () => undefined,
    style: {},
  };
}

/** One ECharts chart, redrawn when `option` changes; `label` names it for screen readers (the table beside it has the numbers). */
export default function Chart({ option, height = 220, label }: { option: ChartOption; height?: number; label: string }) {
  const [id] = useState(() => `figure-chart-${++nextId}`);
  const chart = useRef<echarts.ECharts | null>(null);
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    let disposed = false;
    let onResize: (() => void) | undefined;
    if (process.env.TARO_ENV === 'h5') {
      void Taro.nextTick(() => {
        const el = document.getElementById(id);
        if (disposed || !el) return;
        chart.current = echarts.init(el, undefined, { renderer: 'svg', height });
        chart.current.setOption(latest.current);
        onResize = () => chart.current?.resize();
        window.addEventListener('resize', onResize);
      });
    } else {
      void Taro.nextTick(() => {
        Taro.createSelectorQuery()
          .in(Taro.getCurrentInstance().page!)
          .select(`#${id}`)
          .fields({ node: true, size: true })
          .exec((res: { node: Parameters<typeof canvasOf>[0]; width: number; height: number }[]) => {
            const found = res?.[0];
            if (disposed || !found?.node) return;
            const dpr = Taro.getSystemInfoSync().pixelRatio;
            found.node.width = found.width * dpr;
            found.node.height = found.height * dpr;
            const canvas = canvasOf(found.node);
            echarts.setPlatformAPI({ createCanvas: () => canvas as unknown as HTMLCanvasElement });
            chart.current = echarts.init(canvas as unknown as HTMLElement, undefined, { width: found.width, height: found.height, devicePixelRatio: dpr });
            chart.current.setOption(latest.current);
          });
      });
    }
    return () => {
      disposed = true;
      if (onResize) window.removeEventListener('resize', onResize);
      chart.current?.dispose();
      chart.current = null;
    };
  }, [id, height]);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  if (process.env.TARO_ENV === 'h5') return <View id={id} className="figure-chart" style={{ height: `${height}px` }} ariaRole="img" ariaLabel={label} />;
  return <Canvas type="2d" id={id} className="figure-chart" style={{ width: '100%', height: `${height}px` }} />;
}
