import { describe, expect, it } from 'vitest';
import {
  BUCKETS_PER_DECADE,
  createLatencyHistogramBuilder,
} from '@pathprof/engine';
import type { LatencyHistogram } from '@pathprof/engine';

function buildOf(
  values: readonly number[],
  maxBuckets?: number,
): LatencyHistogram {
  const builder = createLatencyHistogramBuilder(
    maxBuckets === undefined ? {} : { maxBuckets },
  );
  for (const v of values) {
    builder.add(v);
  }
  return builder.build();
}

function dump(histogram: LatencyHistogram): string[] {
  return histogram.buckets.map(
    (b) => `${b.lowerMicros.toFixed(0)}-${b.upperMicros.toFixed(0)}:${b.count}`,
  );
}

/** `n` values spread evenly on a log scale between `from` and `to` µs. */
function logSpread(n: number, from: number, to: number): number[] {
  const ratio = to / from;
  return Array.from({ length: n }, (_, i) => from * ratio ** (i / (n - 1)));
}

describe('createLatencyHistogramBuilder', () => {
  it('puts values into the finest logarithmic buckets when the range is narrow', () => {
    const histogram = buildOf([1000, 1030, 1100, 1200]);
    expect(histogram.count).toBe(4);
    expect(histogram.bucketsPerDecade).toBe(BUCKETS_PER_DECADE);
    expect(dump(histogram)).toEqual([
      '1000-1039:2',
      '1039-1080:0',
      '1080-1122:1',
      '1122-1166:0',
      '1166-1212:1',
    ]);
  });

  it('shows a cluster of 20–30 ms with at least 20 buckets per decade', () => {
    // The showcase's shape that gave three buckets: a 0.18-decade cluster.
    const histogram = buildOf(logSpread(500, 20_000, 30_000));
    expect(histogram.bucketsPerDecade).toBeGreaterThanOrEqual(20);
    expect(histogram.buckets.length).toBeGreaterThanOrEqual(10);
  });

  it('coarsens to fit the bucket limit, keeping at least 20 per decade over four decades', () => {
    const histogram = buildOf(logSpread(2000, 1_000, 9_000_000));
    expect(histogram.buckets.length).toBeLessThanOrEqual(80);
    expect(histogram.bucketsPerDecade).toBe(20);
    expect(histogram.buckets.reduce((n, b) => n + b.count, 0)).toBe(2000);
  });

  it('never answers more than maxBuckets buckets, whatever the spread', () => {
    const values = logSpread(5000, 0.5, 5e9);
    for (const maxBuckets of [10, 25, 60, 200]) {
      const histogram = buildOf(values, maxBuckets);
      expect(histogram.buckets.length).toBeLessThanOrEqual(maxBuckets);
      expect(histogram.buckets.reduce((n, b) => n + b.count, 0)).toBe(5000);
    }
  });

  it('merges a long empty stretch before an outlier into one gap bucket', () => {
    // 200–260 ms bulk, one request at 2 s: the gap costs one bucket.
    const histogram = buildOf([...logSpread(100, 200_000, 260_000), 2e6]);
    expect(histogram.bucketsPerDecade).toBe(BUCKETS_PER_DECADE);
    const gaps = histogram.buckets.filter(
      (b) => b.upperMicros / b.lowerMicros > 2,
    );
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.count).toBe(0);
    expect(histogram.buckets.at(-1)!.count).toBe(1);
    expect(histogram.buckets.at(-1)!.upperMicros).toBeGreaterThan(2e6);
  });

  it('keeps buckets contiguous, each starting where the previous one ends', () => {
    const histogram = buildOf([
      ...logSpread(300, 5_000, 9_000),
      40_000,
      3e6,
      3.1e6,
    ]);
    histogram.buckets.slice(1).forEach((b, i) => {
      expect(b.lowerMicros).toBe(histogram.buckets[i]!.upperMicros);
    });
  });

  it('places a value on a bucket edge into the bucket it starts', () => {
    const [bucket] = buildOf([100]).buckets;
    expect(bucket!.lowerMicros).toBe(100);
  });

  it('keeps values below 1 µs and beyond the range in the end buckets', () => {
    const histogram = buildOf([0, 1e12]);
    expect(histogram.buckets[0]!.count).toBe(1);
    expect(histogram.buckets.at(-1)!.count).toBe(1);
    expect(histogram.count).toBe(2);
  });

  it('ignores values that are not finite numbers', () => {
    expect(buildOf([Number.NaN, Number.POSITIVE_INFINITY])).toEqual({
      count: 0,
      bucketsPerDecade: BUCKETS_PER_DECADE,
      buckets: [],
    });
  });

  it('counts a value several times at once as adding it that often', () => {
    const builder = createLatencyHistogramBuilder();
    builder.add(1000, 3);
    builder.add(1200);
    builder.add(5000, 0);
    builder.add(5000, -2);
    expect(builder.build()).toEqual(buildOf([1000, 1000, 1000, 1200]));
  });
});
