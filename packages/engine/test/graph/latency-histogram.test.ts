import { describe, expect, it } from 'vitest';
import {
  BUCKETS_PER_DECADE,
  createLatencyHistogramBuilder,
} from '@pathprof/engine';

describe('createLatencyHistogramBuilder', () => {
  it('puts values into logarithmic buckets between the first and last non-empty one', () => {
    const builder = createLatencyHistogramBuilder();
    for (const v of [1000, 1100, 1300, 2000]) {
      builder.add(v);
    }
    const histogram = builder.build();
    expect(histogram.count).toBe(4);
    expect(histogram.bucketsPerDecade).toBe(BUCKETS_PER_DECADE);
    expect(
      histogram.buckets.map(
        (b) =>
          `${b.lowerMicros.toFixed(0)}-${b.upperMicros.toFixed(0)}:${b.count}`,
      ),
    ).toEqual(['1000-1259:2', '1259-1585:1', '1585-1995:0', '1995-2512:1']);
  });

  it('places a value on a bucket edge into the bucket it starts', () => {
    const builder = createLatencyHistogramBuilder();
    builder.add(100);
    const [bucket] = builder.build().buckets;
    expect(bucket!.lowerMicros).toBe(100);
  });

  it('keeps values below 1 µs and beyond the range in the end buckets', () => {
    const builder = createLatencyHistogramBuilder();
    builder.add(0);
    builder.add(1e12);
    const histogram = builder.build();
    expect(histogram.buckets[0]!.count).toBe(1);
    expect(histogram.buckets.at(-1)!.count).toBe(1);
    expect(histogram.count).toBe(2);
  });

  it('ignores values that are not finite numbers', () => {
    const builder = createLatencyHistogramBuilder();
    builder.add(Number.NaN);
    builder.add(Number.POSITIVE_INFINITY);
    expect(builder.build()).toEqual({
      count: 0,
      bucketsPerDecade: BUCKETS_PER_DECADE,
      buckets: [],
    });
  });
});
