// An ECharts chart, its library fetched on first use (the first screen does not pay for it).
import { useEffect, useRef } from 'react';
import type { EChartsCoreOption, EChartsType } from 'echarts/core';

export function Chart(props: {
  option: EChartsCoreOption;
  height?: number;
  label: string;
  /** A click on the plot area, in the chart's data coordinates. */
  onPlotClick?: (x: number, y: number) => void;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const onClick = useRef(props.onPlotClick);
  onClick.current = props.onPlotClick;
  useEffect(() => {
    let disposed = false;
    let resize: (() => void) | undefined;
    void import('./echarts-setup').then(({ echarts }) => {
      if (disposed || !el.current) return;
      const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
      chart.current = c;
      c.setOption(props.option);
      c.getZr().on('click', (e: { offsetX: number; offsetY: number }) => {
        if (!onClick.current || !c.containPixel('grid', [e.offsetX, e.offsetY])) return;
        const [x, y] = c.convertFromPixel('grid', [e.offsetX, e.offsetY]) as [number, number];
        onClick.current(x, y);
      });
      resize = () => c.resize();
      window.addEventListener('resize', resize);
      el.current.dataset.chartReady = 'true';
    });
    return () => {
      disposed = true;
      if (resize) window.removeEventListener('resize', resize);
      chart.current?.dispose();
      chart.current = null;
    };
    // The chart is made once; the effect below applies later options.
  }, []);
  useEffect(() => {
    chart.current?.setOption(props.option, true);
  }, [props.option]);
  return <div ref={el} className="chart" role="img" aria-label={props.label} style={{ height: props.height ?? 280 }} />;
}
