import { describe, expect, it } from 'vitest';
import type {
  LatencyHistogram,
  SummaryStats,
} from '../../src/api/api-types.js';
import { buildHistogramOption } from '../../src/views/path-detail/histogram-option.js';

interface MarkLineItem {
  readonly name: string;
  readonly xAxis: number;
  readonly label: { formatter: string; distance: [number, number] };
}

function marksOf(
  histogram: LatencyHistogram,
  stats: Partial<SummaryStats>,
): MarkLineItem[] {
  const option = buildHistogramOption(histogram, stats as SummaryStats) as {
    series: { markLine: { data: MarkLineItem[] } }[];
  };
  return option.series[0]!.markLine.data;
}

const HISTOGRAM: LatencyHistogram = {
  count: 10,
  bucketsPerDecade: 60,
  buckets: [
    { lowerMicros: 1000, upperMicros: 1039, count: 4 },
    { lowerMicros: 1039, upperMicros: 1080, count: 6 },
  ],
};

describe('buildHistogramOption', () => {
  it('gives every percentile label its own row, even when all fall in one bucket', () => {
    const marks = marksOf(HISTOGRAM, { p50: 1050, p95: 1070, p99: 1075 });
    expect(marks.map((m) => m.xAxis)).toEqual([1, 1, 1]);
    const rows = marks.map((m) => m.label.distance[1]);
    expect(new Set(rows).size).toBe(3);
    expect(marks.map((m) => m.label.formatter)).toEqual(['p50', 'p95', 'p99']);
  });

  it('leaves room above the plot for every label row', () => {
    const option = buildHistogramOption(HISTOGRAM, {
      p50: 1000,
      p95: 1000,
      p99: 1000,
    } as SummaryStats) as { grid: { top: number } };
    const marks = marksOf(HISTOGRAM, { p50: 1000, p95: 1000, p99: 1000 });
    const highest = Math.max(...marks.map((m) => m.label.distance[1]));
    expect(option.grid.top).toBeGreaterThan(highest + 12);
  });
});

describe('buildHistogramOption axis labels', () => {
  it('marks a merged empty stretch as a gap', () => {
    const option = buildHistogramOption(
      {
        count: 2,
        bucketsPerDecade: 60,
        buckets: [
          { lowerMicros: 1000, upperMicros: 1039, count: 1 },
          { lowerMicros: 1039, upperMicros: 1_925_000, count: 0 },
          { lowerMicros: 1_925_000, upperMicros: 2_000_000, count: 1 },
        ],
      },
      { p50: 1000, p95: 1_950_000, p99: 1_990_000 } as SummaryStats,
    ) as { xAxis: { data: string[] } };
    expect(option.xAxis.data).toEqual(['1.00ms', '1.04ms …', '1.93s']);
  });
});
