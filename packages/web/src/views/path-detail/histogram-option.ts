/** The latency histogram's chart: one bar per logarithmic bucket, mark lines at p50, p95 and p99. */
import type { EChartsCoreOption } from 'echarts/core';
import type { LatencyHistogram, SummaryStats } from '../../api/api-types.js';
import { formatMicros } from '../../format/format-units.js';

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
  const labels = histogram.buckets.map((b) => formatMicros(b.lowerMicros));
  const marks = (
    [
      ['p50', stats.p50, '#1c2430'],
      ['p95', stats.p95, '#b3261e'],
      ['p99', stats.p99, '#7a1c16'],
    ] as const
  ).map(([name, value, color]) => ({
    name,
    xAxis: findBucketIndex(histogram, value),
    lineStyle: { color, type: 'dashed', width: 1.5 },
    label: {
      formatter: `${name} ${formatMicros(value)}`,
      color,
      position: 'end',
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
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: labels, axisLabel: { hideOverlap: true } },
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
