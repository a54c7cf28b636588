/**
 * A mergeable distribution of one measure. Count, min and max are exact; the
 * mean and the standard deviation come from exactly kept sums (exact-moments.ts),
 * so they are the same double whatever order the values came in and however
 * the work was split and merged (one thread or many). A part restored from
 * its moments alone (a stored state with sketch bins) carries no exact sums:
 * a distribution with such a part falls back to Chan et al.'s pairwise update
 * of a running mean, equal to the whole's up to rounding. Quantiles
 * are exact (linear interpolation between order statistics) while at most
 * EXACT_LIMIT values were seen; past that a DDSketch with relative accuracy
 * SKETCH_RELATIVE_ACCURACY takes over: each reported quantile then lies within
 * ±1% (relative) of a value between the two order statistics around the rank.
 * Merging equals accumulating the union: exact parts concatenate, sketches add bins.
 */
import { DDSketch } from '@datadog/sketches-js';
import type { MeasureState, SummaryStats } from '@pathprof/model';
import {
  addAllExact,
  addExact,
  addProductExact,
  addToPair,
  exactMean,
  exactSquaredDeviations,
  isExactlySummable,
  pairLo,
  pairRest,
  productError,
} from './exact-moments.js';
import { quantileOfSorted } from './quantile-of-sorted.js';

export const EXACT_LIMIT = 1024;
export const SKETCH_RELATIVE_ACCURACY = 0.01;

/**
 * The sketch's key of a value v > 0 is `ceil(log2(v) × SKETCH_LOG2_MULTIPLIER)`
 * (its logarithmic mapping, computed as the library computes it), and values
 * within ±SKETCH_MIN_INDEXABLE count as zero. A database that bins values with
 * this formula hands back the sketch's own bins.
 */
const GAMMA_MANTISSA =
  (2 * SKETCH_RELATIVE_ACCURACY) / (1 - SKETCH_RELATIVE_ACCURACY);
export const SKETCH_LOG2_MULTIPLIER =
  (1 / Math.log1p(GAMMA_MANTISSA)) * Math.log(2);
export const SKETCH_MIN_INDEXABLE = Math.pow(2, -1023) * (1 + GAMMA_MANTISSA);

const TWO_POW_53 = 2 ** 53;
/** Largest integer whose square is below 2^53 with room: 2^26. */
const MAX_PENDING_VALUE = 2 ** 26;

export class Distribution {
  count = 0;
  min = Infinity;
  max = -Infinity;
  /** Running mean and sum of squared deviations: read only without exact sums. */
  private runningMean = 0;
  private m2 = 0;
  /**
   * Whether the exact sums hold: every value was exactly summable and no
   * merged part lacked them. While the values are kept they are the exact
   * record; once the sketch takes over, `sum` and `squares` hold Σx and Σx²
   * as exact partials.
   */
  private exactSums = true;
  private sum: number[] | null = null;
  private squares: number[] | null = null;
  /**
   * Integer parts of Σx and Σx² not yet added to `sum` and `squares`: while
   * values are small integers (durations in µs) their sums are exact in one
   * double below 2^53, so most values cost one addition instead of an
   * expansion update. Flushed into the partials before they are read.
   */
  private pendingSum = 0;
  private pendingSquares = 0;
  /**
   * Σx and Σx² of the other values not yet in the partials, each held as an
   * unevaluated pair (hi + lo, exactly): adding a fraction costs two
   * error-free sums instead of partials updates (see addToPair). Flushed
   * with the integer totals.
   */
  private pairSum = 0;
  private pairSumLo = 0;
  private pairSquares = 0;
  private pairSquaresLo = 0;
  private values: number[] | null = [];
  private sorted = true;
  private sketch: DDSketch | null = null;

  add(value: number): void {
    this.count++;
    const delta = value - this.runningMean;
    this.runningMean += delta / this.count;
    this.m2 += delta * (value - this.runningMean);
    if (value < this.min) {
      this.min = value;
    }
    if (value > this.max) {
      this.max = value;
    }
    if (this.exactSums && !isExactlySummable(value)) {
      this.dropExactSums();
    }
    if (this.values !== null) {
      this.values.push(value);
      this.sorted = false;
      if (this.values.length > EXACT_LIMIT) {
        this.switchToSketch();
      }
    } else {
      this.sketch!.accept(value);
      if (this.sum !== null) {
        this.addToSums(value);
      }
    }
  }

  /** Adds x to the exact Σx and Σx² (the sketch has taken over). */
  private addToSums(x: number): void {
    if (
      Number.isInteger(x) &&
      x <= MAX_PENDING_VALUE &&
      x >= -MAX_PENDING_VALUE
    ) {
      // x and x² are exact integers; so is each running total below 2^53
      const sum = this.pendingSum + x;
      if (sum < TWO_POW_53 && sum > -TWO_POW_53) {
        this.pendingSum = sum;
      } else {
        addExact(this.sum!, this.pendingSum);
        this.pendingSum = x;
      }
      const square = x * x;
      const squares = this.pendingSquares + square;
      if (squares < TWO_POW_53) {
        this.pendingSquares = squares;
      } else {
        addExact(this.squares!, this.pendingSquares);
        this.pendingSquares = square;
      }
      return;
    }
    this.pairSum = addToPair(this.pairSum, this.pairSumLo, x);
    this.pairSumLo = pairLo;
    if (pairRest !== 0) {
      addExact(this.sum!, pairRest);
    }
    // x² = square + error, exactly
    const square = x * x;
    const error = productError(x, x);
    this.pairSquares = addToPair(this.pairSquares, this.pairSquaresLo, square);
    this.pairSquaresLo = pairLo;
    if (pairRest !== 0) {
      addExact(this.squares!, pairRest);
    }
    if (error !== 0) {
      this.pairSquares = addToPair(this.pairSquares, this.pairSquaresLo, error);
      this.pairSquaresLo = pairLo;
      if (pairRest !== 0) {
        addExact(this.squares!, pairRest);
      }
    }
  }

  /** Moves the pending totals into the partials. */
  private flushSums(): void {
    const sum = this.sum!;
    const squares = this.squares!;
    if (this.pairSum !== 0) {
      addExact(sum, this.pairSum);
    }
    if (this.pairSumLo !== 0) {
      addExact(sum, this.pairSumLo);
    }
    if (this.pairSquares !== 0) {
      addExact(squares, this.pairSquares);
    }
    if (this.pairSquaresLo !== 0) {
      addExact(squares, this.pairSquaresLo);
    }
    this.pairSum = 0;
    this.pairSumLo = 0;
    this.pairSquares = 0;
    this.pairSquaresLo = 0;
    if (this.pendingSum !== 0) {
      addExact(this.sum!, this.pendingSum);
      this.pendingSum = 0;
    }
    if (this.pendingSquares !== 0) {
      addExact(this.squares!, this.pendingSquares);
      this.pendingSquares = 0;
    }
  }

  merge(other: Distribution): void {
    if (other.count === 0) {
      return;
    }
    const n = this.count + other.count;
    const delta = other.runningMean - this.runningMean;
    this.m2 += other.m2 + (delta * delta * this.count * other.count) / n;
    this.runningMean += (delta * other.count) / n;
    this.count = n;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    if (!other.exactSums) {
      this.dropExactSums();
    }
    if (this.values !== null && other.values !== null) {
      for (const v of other.values) {
        this.values.push(v);
      }
      this.sorted = false;
      if (this.values.length > EXACT_LIMIT) {
        this.switchToSketch();
      }
      return;
    }
    if (this.values !== null) {
      this.switchToSketch();
    }
    if (other.values !== null) {
      for (const v of other.values) {
        this.sketch!.accept(v);
        if (this.sum !== null) {
          this.addToSums(v);
        }
      }
    } else {
      mergeSketch(this.sketch!, other.sketch!);
      if (this.sum !== null) {
        this.flushSums();
        other.flushSums();
        addAllExact(this.sum, other.sum!);
        addAllExact(this.squares!, other.squares!);
      }
    }
  }

  /** The mean: from the exact sums when they hold, else the running mean. */
  get mean(): number {
    if (!this.exactSums) {
      return this.runningMean;
    }
    if (this.values !== null) {
      const sum: number[] = [];
      for (const v of this.values) {
        addExact(sum, v);
      }
      return exactMean(sum, this.count);
    }
    this.flushSums();
    return exactMean(this.sum!, this.count);
  }

  /** Σ(x − mean)²: from the exact sums when they hold, else the running update. */
  private get squaredDeviations(): number {
    if (!this.exactSums) {
      return this.m2;
    }
    if (this.values !== null) {
      const sum: number[] = [];
      const squares: number[] = [];
      for (const v of this.values) {
        addExact(sum, v);
        addProductExact(squares, v, v);
      }
      return exactSquaredDeviations(sum, squares, this.count);
    }
    this.flushSums();
    return exactSquaredDeviations(this.sum!, this.squares!, this.count);
  }

  private dropExactSums(): void {
    this.exactSums = false;
    this.sum = null;
    this.squares = null;
    this.pendingSum = 0;
    this.pendingSquares = 0;
    this.pairSum = 0;
    this.pairSumLo = 0;
    this.pairSquares = 0;
    this.pairSquaresLo = 0;
  }

  /**
   * The distribution whose state this is: the moments as given, and the
   * exact values or the sketch bins (each bin refilled through its own
   * representative value, which maps back to the same key).
   */
  static restore(state: MeasureState): Distribution {
    const d = new Distribution();
    if (state.count === 0) {
      return d;
    }
    d.count = state.count;
    d.runningMean = state.mean;
    d.m2 = state.m2;
    d.min = state.min;
    d.max = state.max;
    if (state.values !== null) {
      // the values themselves are the exact record
      d.values = [...state.values];
      d.sorted = false;
      if (!d.values.every(isExactlySummable)) {
        d.dropExactSums();
      }
      return d;
    }
    // bins and moments only: no exact sums from here on
    d.dropExactSums();
    const sketch = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
    const bins = state.bins ?? { zeroCount: 0, positive: [], negative: [] };
    for (const [key, weight] of bins.positive) {
      sketch.accept(sketch.mapping.value(key), weight);
    }
    for (const [key, weight] of bins.negative) {
      sketch.accept(-sketch.mapping.value(key), weight);
    }
    if (bins.zeroCount > 0) {
      sketch.accept(0, bins.zeroCount);
    }
    d.values = null;
    d.sketch = sketch;
    return d;
  }

  get exact(): boolean {
    return this.values !== null;
  }

  /** Sample standard deviation; 0 for fewer than two values. */
  get stddev(): number {
    return this.count < 2
      ? 0
      : Math.sqrt(Math.max(0, this.squaredDeviations / (this.count - 1)));
  }

  quantile(q: number): number {
    if (this.count === 0) {
      return Number.NaN;
    }
    if (this.values === null) {
      const v = this.sketch!.getValueAtQuantile(q);
      return Math.min(this.max, Math.max(this.min, v));
    }
    if (!this.sorted) {
      this.values.sort((a, b) => a - b);
      this.sorted = true;
    }
    return quantileOfSorted(this.values, q);
  }

  summarize(): SummaryStats {
    return {
      count: this.count,
      min: this.count === 0 ? 0 : this.min,
      max: this.count === 0 ? 0 : this.max,
      mean: this.mean,
      stddev: this.stddev,
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p95: this.quantile(0.95),
      p99: this.quantile(0.99),
      exact: this.exact,
    };
  }

  private switchToSketch(): void {
    const sketch = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
    // indexed loops: this runs once per distribution, mostly unoptimised,
    // where for…of allocates an iterator result per value
    const values = this.values!;
    for (let i = 0; i < values.length; i++) {
      sketch.accept(values[i]!);
    }
    if (this.exactSums) {
      this.sum = [];
      this.squares = [];
      for (let i = 0; i < values.length; i++) {
        this.addToSums(values[i]!);
      }
    }
    this.sketch = sketch;
    this.values = null;
  }
}

/**
 * DDSketch.merge of @datadog/sketches-js 2.1.1 adds the other sketch's positive
 * bins, zeros and count but not its negative bins (unless it copies into an
 * empty sketch), so negative values (memory that shrank) went missing.
 */
function mergeSketch(into: DDSketch, from: DDSketch): void {
  const copies = into.count === 0;
  into.merge(from);
  if (!copies) {
    into.negativeStore.merge(from.negativeStore);
  }
}

/** A distribution's summary, or null when nothing was recorded. */
export function summarizeOrNull(d: Distribution): SummaryStats | null {
  return d.count === 0 ? null : d.summarize();
}
