/** One ECharts chart: drawn after ECharts loads, redrawn when `option` changes, resized with its box. */
import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { useEffect, useRef, useState } from 'preact/hooks';
import { loadEcharts } from './load-echarts.js';

export function EChart(props: {
  readonly option: EChartsCoreOption;
  /** What the chart shows, for screen readers. */
  readonly label: string;
  readonly heightPx?: number;
  readonly testId?: string;
  /** Called with the chart once drawn (to listen to clicks or brushing). */
  readonly onReady?: (chart: EChartsType) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const onReady = useRef(props.onReady);
  onReady.current = props.onReady;
  const [failed, setFailed] = useState(false);
  const optionKey = JSON.stringify(props.option);
  useEffect(() => {
    let disposed = false;
    let cleanup: (() => void) | undefined;
    loadEcharts().then(
      (init) => {
        const element = ref.current;
        if (disposed || element === null) {
          return;
        }
        const chart = init(element);
        chart.setOption({
          aria: { enabled: true },
          animation: false,
          ...props.option,
        });
        onReady.current?.(chart);
        // An observer reports the box's size once when it starts watching:
        // redrawing then would draw the chart a second time for nothing.
        let width = element.clientWidth;
        let height = element.clientHeight;
        const observer = new ResizeObserver(() => {
          if (
            element.clientWidth !== width ||
            element.clientHeight !== height
          ) {
            width = element.clientWidth;
            height = element.clientHeight;
            chart.resize();
          }
        });
        observer.observe(element);
        cleanup = () => {
          observer.disconnect();
          chart.dispose();
        };
      },
      () => setFailed(true),
    );
    return () => {
      disposed = true;
      cleanup?.();
    };
    // redraw only when the option's content changes
  }, [optionKey]);
  return (
    <div class="chart-box">
      {failed && <p role="alert">The chart library failed to load.</p>}
      <div
        ref={ref}
        class="chart"
        role="img"
        aria-label={props.label}
        data-testid={props.testId}
        style={{ height: `${props.heightPx ?? 280}px` }}
      />
    </div>
  );
}
