/**
 * A latency histogram with fixed logarithmic buckets: BUCKETS_PER_DECADE
 * buckets between each power of ten of µs, so any window's durations fit in a
 * bounded array without knowing their range first, and histograms of two
 * windows share bucket edges. Bucket k holds values in
 * [10^(k/B), 10^((k+1)/B)) µs; values below 1 µs fall into bucket 0.
 *
 *   B = 10:  …[1.00ms 1.26ms) [1.26ms 1.58ms) [1.58ms 2.00ms)…
 */
export const BUCKETS_PER_DECADE = 10;
/** Up to 10^10 µs (about 2.8 hours); longer values go into the last bucket. */
const DECADES = 10;
const BUCKET_COUNT = BUCKETS_PER_DECADE * DECADES;

export interface HistogramBucket {
  readonly lowerMicros: number;
  readonly upperMicros: number;
  readonly count: number;
}

export interface LatencyHistogram {
  readonly count: number;
  readonly bucketsPerDecade: number;
  /** From the first to the last non-empty bucket, empty ones between kept; [] when count is 0. */
  readonly buckets: readonly HistogramBucket[];
}

export interface LatencyHistogramBuilder {
  add(durationMicros: number): void;
  build(): LatencyHistogram;
}

export function createLatencyHistogramBuilder(): LatencyHistogramBuilder {
  const counts = new Float64Array(BUCKET_COUNT);
  let count = 0;
  return {
    add(durationMicros) {
      if (!Number.isFinite(durationMicros)) {
        return;
      }
      counts[findBucket(durationMicros)]!++;
      count++;
    },
    build() {
      let first = counts.findIndex((c) => c > 0);
      let last = BUCKET_COUNT - 1;
      while (last >= 0 && counts[last] === 0) {
        last--;
      }
      if (first < 0) {
        first = 0;
        last = -1;
      }
      const buckets: HistogramBucket[] = [];
      for (let k = first; k <= last; k++) {
        buckets.push({
          lowerMicros: bucketEdgeMicros(k),
          upperMicros: bucketEdgeMicros(k + 1),
          count: counts[k]!,
        });
      }
      return { count, bucketsPerDecade: BUCKETS_PER_DECADE, buckets };
    },
  };
}

function findBucket(micros: number): number {
  if (micros < 1) {
    return 0;
  }
  let k = Math.floor(Math.log10(micros) * BUCKETS_PER_DECADE);
  // log10 rounding can land one bucket off at an exact edge
  if (bucketEdgeMicros(k + 1) <= micros) {
    k++;
  } else if (bucketEdgeMicros(k) > micros) {
    k--;
  }
  return Math.min(Math.max(k, 0), BUCKET_COUNT - 1);
}

function bucketEdgeMicros(k: number): number {
  return Number((10 ** (k / BUCKETS_PER_DECADE)).toPrecision(12));
}
