/**
 * Path detail's "over time" panel: the path's buckets for the window (from
 * `/api/paths/series`), drawn by over-time-option.ts. Dragging across the
 * chart narrows the window to the brushed range.
 */
import type { EChartsType } from 'echarts/core';
import { useApi } from '../../api/use-api.js';
import { EChart } from '../../components/echart.js';
import {
  ErrorMessage,
  StatusMessage,
} from '../../components/status-message.js';
import { formatInterval } from '../../format/format-units.js';
import { buildOverTimeOption } from './over-time-option.js';

const POINTS = 60;

interface BrushEnd {
  readonly areas?: readonly { readonly coordRange?: readonly number[] }[];
}

export function OverTimePanel(props: {
  readonly pathKey: string;
  readonly params: readonly [string, string][];
  readonly refresh: number;
  readonly onBrush: (startMicros: number, endMicros: number) => void;
}) {
  const params: [string, string][] = [
    ...props.params,
    ['key', props.pathKey],
    ['points', String(POINTS)],
  ];
  const report = useApi(
    `series:${JSON.stringify(params)}`,
    (client, signal) => client.getPathSeries(params, signal),
    props.refresh,
  );
  if (report.status === 'loading') {
    return <StatusMessage kind="loading" title="Bucketing the window…" />;
  }
  if (report.status === 'error') {
    return <ErrorMessage error={report.error} />;
  }
  const series = report.data.paths[0];
  if (series === undefined) {
    return (
      <StatusMessage kind="empty" title="No requests of this path to plot" />
    );
  }
  const onReady = (chart: EChartsType): void => {
    // Arming the brush redraws the chart: done when a pointer first comes
    // over it (before any drag can start), not while the page is loading.
    chart.getDom().addEventListener(
      'pointerenter',
      () => {
        if (!chart.isDisposed()) {
          chart.dispatchAction({
            type: 'takeGlobalCursor',
            key: 'brush',
            brushOption: { brushType: 'lineX', brushMode: 'single' },
          });
        }
      },
      { once: true },
    );
    chart.on('brushEnd', (event: unknown) => {
      const range = (event as BrushEnd).areas?.[0]?.coordRange;
      if (range !== undefined && range.length === 2) {
        const [a, b] = range as [number, number];
        if (b > a) {
          props.onBrush(Math.floor(a * 1000), Math.ceil(b * 1000));
        }
      }
    });
  };
  return (
    <div class="over-time">
      <EChart
        option={buildOverTimeOption(series, report.data.stepMicros)}
        label={`Request rate, error rate and p50, p95, p99 latency of ${props.pathKey} in buckets of ${formatInterval(report.data.stepMicros)}; drag across the chart to narrow the window`}
        heightPx={300}
        testId="over-time-chart"
        onReady={onReady}
      />
      <p class="muted chart-hint">
        Buckets of {formatInterval(report.data.stepMicros)}. Drag across the
        chart to zoom the window to that range.
      </p>
    </div>
  );
}
