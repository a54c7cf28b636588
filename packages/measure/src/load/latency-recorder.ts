/**
 * Records latencies with bounded memory. Count, min, max and mean are always
 * exact. Quantiles are exact (type-7 interpolation over every recorded value)
 * while at most `capacity` values came — a run sends at most rps × duration
 * requests, so with the default capacity that is every run up to ~1M requests
 * per route. Past it, the values kept are a uniform reservoir sample
 * (Vitter's algorithm R, seeded, so a run repeats): quantiles become unbiased
 * estimates and `exact` turns false in the summary.
 */
import { createUniform, drawIndex, quantileOfSorted } from '@pathprof/engine';
import type { Uniform } from '@pathprof/engine';

export const DEFAULT_RECORDER_CAPACITY = 1 << 20;

export interface LatencySummary {
  readonly count: number;
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  /** False when quantiles come from a reservoir sample. */
  readonly exact: boolean;
}

export class LatencyRecorder {
  private values: Float64Array;
  private kept = 0;
  private seen = 0;
  private sum = 0;
  private min = Infinity;
  private max = -Infinity;
  private readonly random: Uniform;

  constructor(
    private readonly capacity = DEFAULT_RECORDER_CAPACITY,
    seed = 1,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer: ${capacity}`);
    }
    this.values = new Float64Array(Math.min(capacity, 1024));
    this.random = createUniform(seed);
  }

  get count(): number {
    return this.seen;
  }

  record(value: number): void {
    this.seen++;
    this.sum += value;
    this.min = Math.min(this.min, value);
    this.max = Math.max(this.max, value);
    if (this.kept < this.capacity) {
      if (this.kept === this.values.length) {
        const grown = new Float64Array(
          Math.min(this.capacity, this.values.length * 2),
        );
        grown.set(this.values);
        this.values = grown;
      }
      this.values[this.kept++] = value;
      return;
    }
    const slot = drawIndex(this.random, this.seen);
    if (slot < this.capacity) {
      this.values[slot] = value;
    }
  }

  summarize(): LatencySummary {
    const sorted = this.values.slice(0, this.kept).sort();
    const empty = this.seen === 0;
    return {
      count: this.seen,
      min: empty ? Number.NaN : this.min,
      mean: empty ? Number.NaN : this.sum / this.seen,
      p50: quantileOfSorted(sorted, 0.5),
      p90: quantileOfSorted(sorted, 0.9),
      p99: quantileOfSorted(sorted, 0.99),
      max: empty ? Number.NaN : this.max,
      exact: this.seen === this.kept,
    };
  }
}
