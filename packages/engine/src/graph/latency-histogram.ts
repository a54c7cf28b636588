/**
 * A latency histogram with fixed logarithmic buckets: values are counted in
 * BUCKETS_PER_DECADE buckets between each power of ten of µs, so any window's
 * durations fit in a bounded array without knowing their range first. Fine
 * bucket k holds values in [10^(k/B), 10^((k+1)/B)) µs; values below 1 µs
 * fall into bucket 0.
 *
 * `build()` answers at most `maxBuckets` buckets over the observed range: it
 * picks the finest resolution (a divisor of B, so edges stay on the same grid
 * and two windows at one resolution share edges) at which the range fits,
 * after merging every run of MIN_EMPTY_RUN or more empty buckets into one.
 * One outlier far from the bulk therefore costs one gap, not the resolution.
 *
 *   B = 60, durations 200–260 ms plus one at 2 s, maxBuckets 80:
 *     [200ms 208ms) [208ms 215ms) … [255ms 265ms) [265ms 1.93s) [1.93s 2.00s)
 *     60 per decade over the bulk; one empty gap; the outlier's bucket.
 */
export const BUCKETS_PER_DECADE = 60;
/** Up to 10^10 µs (about 2.8 hours); longer values go into the last bucket. */
const DECADES = 10;
const FINE_COUNT = BUCKETS_PER_DECADE * DECADES;
/** Resolutions `build()` may pick, in fine buckets per answered bucket. */
const GROUP_SIZES = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60] as const;
const DEFAULT_MAX_BUCKETS = 80;
/** Coarsest resolution (one bucket per decade) must always fit. */
const MIN_MAX_BUCKETS = DECADES;
const MIN_EMPTY_RUN = 3;

export interface HistogramBucket {
  readonly lowerMicros: number;
  readonly upperMicros: number;
  readonly count: number;
}

export interface LatencyHistogram {
  readonly count: number;
  /** Resolution of the non-merged buckets; BUCKETS_PER_DECADE at most. */
  readonly bucketsPerDecade: number;
  /**
   * From the first to the last non-empty bucket; a run of empty buckets may
   * be merged into one wider empty bucket. [] when count is 0.
   */
  readonly buckets: readonly HistogramBucket[];
}

export interface LatencyHistogramBuilder {
  /** Counts `durationMicros` `times` times (default once). */
  add(durationMicros: number, times?: number): void;
  build(): LatencyHistogram;
}

export interface LatencyHistogramOptions {
  /** Most buckets `build()` answers (default 80, at least 10). */
  readonly maxBuckets?: number;
}

export function createLatencyHistogramBuilder(
  options: LatencyHistogramOptions = {},
): LatencyHistogramBuilder {
  const maxBuckets = Math.max(
    MIN_MAX_BUCKETS,
    Math.floor(options.maxBuckets ?? DEFAULT_MAX_BUCKETS),
  );
  const counts = new Float64Array(FINE_COUNT);
  let count = 0;
  return {
    add(durationMicros, times = 1) {
      if (!Number.isFinite(durationMicros) || !(times > 0)) {
        return;
      }
      counts[findFineBucket(durationMicros)]! += times;
      count += times;
    },
    build() {
      const first = counts.findIndex((c) => c > 0);
      if (first < 0) {
        return { count, bucketsPerDecade: BUCKETS_PER_DECADE, buckets: [] };
      }
      let last = FINE_COUNT - 1;
      while (counts[last] === 0) {
        last--;
      }
      for (const size of GROUP_SIZES) {
        const buckets = groupBuckets(counts, first, last, size);
        if (buckets.length <= maxBuckets || size === BUCKETS_PER_DECADE) {
          return {
            count,
            bucketsPerDecade: BUCKETS_PER_DECADE / size,
            buckets,
          };
        }
      }
      throw new Error('unreachable: the coarsest resolution always answers');
    },
  };
}

/** Buckets of `size` fine buckets, aligned on multiples of `size`, long empty runs merged. */
function groupBuckets(
  counts: Float64Array,
  first: number,
  last: number,
  size: number,
): HistogramBucket[] {
  const buckets: HistogramBucket[] = [];
  let emptyFrom = -1;
  const closeEmptyRun = (end: number): void => {
    if (emptyFrom < 0) {
      return;
    }
    const runs = (end - emptyFrom) / size;
    const step = runs >= MIN_EMPTY_RUN ? end - emptyFrom : size;
    for (let k = emptyFrom; k < end; k += step) {
      buckets.push(makeBucket(k, k + step, 0));
    }
    emptyFrom = -1;
  };
  for (let k = first - (first % size); k <= last; k += size) {
    let sum = 0;
    for (let j = k; j < k + size; j++) {
      sum += counts[j]!;
    }
    if (sum === 0) {
      emptyFrom = emptyFrom < 0 ? k : emptyFrom;
      continue;
    }
    closeEmptyRun(k);
    buckets.push(makeBucket(k, k + size, sum));
  }
  return buckets;
}

function makeBucket(from: number, to: number, count: number): HistogramBucket {
  return {
    lowerMicros: fineEdgeMicros(from),
    upperMicros: fineEdgeMicros(to),
    count,
  };
}

function findFineBucket(micros: number): number {
  if (micros < 1) {
    return 0;
  }
  let k = Math.floor(Math.log10(micros) * BUCKETS_PER_DECADE);
  // log10 rounding can land one bucket off at an exact edge
  if (fineEdgeMicros(k + 1) <= micros) {
    k++;
  } else if (fineEdgeMicros(k) > micros) {
    k--;
  }
  return Math.min(Math.max(k, 0), FINE_COUNT - 1);
}

function computeFineEdge(k: number): number {
  return Number((10 ** (k / BUCKETS_PER_DECADE)).toPrecision(12));
}

/** The edges of the fine buckets, made once: `add` looks two up per value. */
const FINE_EDGES = Float64Array.from({ length: FINE_COUNT + 2 }, (_, k) =>
  computeFineEdge(k),
);

function fineEdgeMicros(k: number): number {
  return k >= 0 && k < FINE_EDGES.length ? FINE_EDGES[k]! : computeFineEdge(k);
}
