/**
 * The latency histogram's chart: one bar per logarithmic bucket (a merged
 * empty stretch is one empty bar), dashed mark lines at p50, p95 and p99.
 * The lines carry short names, each on its own row above the plot, so two
 * close percentiles never print over each other; their values are in the
 * legend beside the chart (latency-histogram.tsx).
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { LatencyHistogram, SummaryStats } from '../../api/api-types.js';
import { formatMicros } from '../../format/format-units.js';

export interface PercentileMark {
  readonly name: 'p50' | 'p95' | 'p99';
  readonly micros: number;
  readonly color: string;
}

const LABEL_ROW_PX = 14;
const LABEL_GAP_PX = 4;

/** Most bucket labels drawn on the axis. */
const MAX_AXIS_LABELS = 12;

export function listPercentileMarks(stats: SummaryStats): PercentileMark[] {
  return [
    { name: 'p50', micros: stats.p50, color: '#1c2430' },
    { name: 'p95', micros: stats.p95, color: '#b3261e' },
    { name: 'p99', micros: stats.p99, color: '#7a1c16' },
  ];
}

/** Index of the bucket holding `micros` (clamped to the ends). */
export function findBucketIndex(
  histogram: LatencyHistogram,
  micros: number,
): number {
  const { buckets } = histogram;
  const i = buckets.findIndex((b) => micros < b.upperMicros);
  return i < 0 ? buckets.length - 1 : i;
}

export function buildHistogramOption(
  histogram: LatencyHistogram,
  stats: SummaryStats,
): EChartsCoreOption {
  // a merged empty stretch spans more than one bucket's ratio: label it as a gap
  const widest = 10 ** (1.5 / histogram.bucketsPerDecade);
  const labels = histogram.buckets.map((b) =>
    b.upperMicros / b.lowerMicros > widest
      ? `${formatMicros(b.lowerMicros)} …`
      : formatMicros(b.lowerMicros),
  );
  const percentiles = listPercentileMarks(stats);
  const marks = percentiles.map(({ name, micros, color }, row) => ({
    name,
    xAxis: findBucketIndex(histogram, micros),
    lineStyle: { color, type: 'dashed', width: 1.5 },
    label: {
      formatter: name,
      color,
      position: 'end',
      // one row per percentile, stacked upwards from the top of the plot
      distance: [0, LABEL_GAP_PX + row * LABEL_ROW_PX],
    },
  }));
  return {
    tooltip: {
      trigger: 'axis',
      formatter: (items: unknown) => {
        const first = (items as { dataIndex: number }[])[0];
        const bucket =
          first === undefined ? undefined : histogram.buckets[first.dataIndex];
        return bucket === undefined
          ? ''
          : `${formatMicros(bucket.lowerMicros)} – ${formatMicros(bucket.upperMicros)}: ${bucket.count} requests`;
      },
    },
    grid: {
      left: 8,
      right: 24,
      top: LABEL_GAP_PX + percentiles.length * LABEL_ROW_PX + 16,
      bottom: 8,
      containLabel: true,
    },
    xAxis: {
      type: 'category',
      data: labels,
      // a label every few buckets, chosen here: ECharts' own choice measures
      // every label's text first, the slowest part of drawing this chart
      axisLabel: {
        hideOverlap: true,
        interval: Math.max(0, Math.ceil(labels.length / MAX_AXIS_LABELS) - 1),
      },
    },
    yAxis: { type: 'value', name: 'requests', minInterval: 1 },
    series: [
      {
        name: 'requests',
        type: 'bar',
        barCategoryGap: '8%',
        itemStyle: { color: '#6d8fbf' },
        data: histogram.buckets.map((b) => b.count),
        markLine: { symbol: 'none', silent: true, data: marks },
      },
    ],
  };
}
