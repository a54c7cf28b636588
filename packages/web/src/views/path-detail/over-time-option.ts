/**
 * Path detail's over-time chart: two panels on one time axis — request rate
 * (bars) with the error rate (line, right axis) above, p50/p95/p99 latency
 * below — from the server's buckets. Dragging across either panel brushes a
 * time range (the view narrows the window to it).
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { PathSeries } from '../../api/api-types.js';
import {
  formatInterval,
  formatMicros,
  formatRate,
  formatShare,
  formatTimestamp,
} from '../../format/format-units.js';

export const PERCENTILE_COLORS = {
  p50: '#1c2430',
  p95: '#b3261e',
  p99: '#7a1c16',
} as const;

const toMillis = (micros: number | null): number | null =>
  micros === null ? null : Math.round(micros) / 1000;

export function buildOverTimeOption(
  series: PathSeries,
  stepMicros: number,
): EChartsCoreOption {
  const at = (startMicros: number): number =>
    (startMicros + stepMicros / 2) / 1000;
  const points = series.points;
  const pick = (f: (p: PathSeries['points'][number]) => number | null) =>
    points.map((p) => [at(p.startMicros), f(p)]);
  return {
    grid: [
      { left: 56, right: 56, top: 28, height: 90 },
      { left: 56, right: 56, top: 160, height: 110 },
    ],
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      formatter: (items: unknown) => {
        const first = (items as { dataIndex: number }[])[0];
        const p = first === undefined ? undefined : points[first.dataIndex];
        if (p === undefined) {
          return '';
        }
        return [
          `<strong>${formatTimestamp(p.startMicros)}</strong> (${formatInterval(stepMicros)})`,
          `${p.count} requests · ${formatRate(p.ratePerSecond)}`,
          `errors ${formatShare(p.errorShare)}`,
          `p50 ${formatMicros(p.p50Micros)} · p95 ${formatMicros(p.p95Micros)} · p99 ${formatMicros(p.p99Micros)}`,
        ].join('<br>');
      },
    },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    brush: {
      xAxisIndex: 'all',
      brushType: 'lineX',
      brushMode: 'single',
      outOfBrush: { colorAlpha: 0.3 },
      brushStyle: { color: 'rgba(37,95,168,0.15)', borderColor: '#255fa8' },
    },
    xAxis: [
      { type: 'time', gridIndex: 0, axisLabel: { show: false } },
      { type: 'time', gridIndex: 1 },
    ],
    yAxis: [
      { type: 'value', gridIndex: 0, name: 'req/s', minInterval: 0 },
      {
        type: 'value',
        gridIndex: 0,
        name: 'errors',
        min: 0,
        max: 1,
        axisLabel: { formatter: (v: number) => formatShare(v) },
        splitLine: { show: false },
      },
      {
        type: 'value',
        gridIndex: 1,
        name: 'latency',
        axisLabel: { formatter: (v: number) => formatMicros(v * 1000) },
      },
    ],
    series: [
      {
        name: 'Rate',
        type: 'bar',
        xAxisIndex: 0,
        yAxisIndex: 0,
        barCategoryGap: '10%',
        itemStyle: { color: '#9bb3d4' },
        data: pick((p) => p.ratePerSecond),
      },
      {
        name: 'Error rate',
        type: 'line',
        xAxisIndex: 0,
        yAxisIndex: 1,
        showSymbol: false,
        connectNulls: false,
        itemStyle: { color: '#b3261e' },
        lineStyle: { color: '#b3261e', width: 1.5 },
        data: pick((p) => p.errorShare),
      },
      ...(['p50', 'p95', 'p99'] as const).map((name) => ({
        name,
        type: 'line',
        xAxisIndex: 1,
        yAxisIndex: 2,
        showSymbol: false,
        connectNulls: false,
        itemStyle: { color: PERCENTILE_COLORS[name] },
        lineStyle: {
          color: PERCENTILE_COLORS[name],
          width: 1.5,
          type: name === 'p99' ? 'dashed' : 'solid',
        },
        data: pick((p) => toMillis(p[`${name}Micros`])),
      })),
    ],
  };
}
