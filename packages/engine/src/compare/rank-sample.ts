/**
 * A mergeable sample of one measure kept for rank tests and the bootstrap.
 * Exact (every value) while at most EXACT_LIMIT values were seen; past that,
 * log-spaced bins of relative width ±RANK_BIN_ACCURACY (DDSketch's mapping,
 * γ = (1 + α)/(1 − α), bin k holds (γ^(k−1), γ^k]). Values ≤ 0 share one bin.
 * Merging equals accumulating the union: exact parts concatenate while small
 * enough, bins add. Two samples are ranked together on the same bins as soon
 * as either one is binned (see `toWeightedValues`), so the test compares like
 * with like; values within a bin then count as ties.
 */
import { EXACT_LIMIT } from '../stats/distribution.js';

export const RANK_BIN_ACCURACY = 0.01;
const GAMMA = (1 + RANK_BIN_ACCURACY) / (1 - RANK_BIN_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
const ZERO_BIN = Number.NEGATIVE_INFINITY;

/** Distinct values ascending with how often each occurs. */
export interface WeightedValues {
  readonly values: readonly number[];
  readonly weights: readonly number[];
  readonly total: number;
}

export class RankSample {
  count = 0;
  private exactValues: number[] | null = [];
  private bins: Map<number, number> | null = null;

  get binned(): boolean {
    return this.bins !== null;
  }

  add(value: number): void {
    this.count++;
    if (this.exactValues !== null) {
      this.exactValues.push(value);
      if (this.exactValues.length > EXACT_LIMIT) {
        this.switchToBins();
      }
    } else {
      addToBin(this.bins!, value, 1);
    }
  }

  merge(other: RankSample): void {
    this.count += other.count;
    if (this.exactValues !== null && other.exactValues !== null) {
      this.exactValues.push(...other.exactValues);
      if (this.exactValues.length > EXACT_LIMIT) {
        this.switchToBins();
      }
      return;
    }
    if (this.exactValues !== null) {
      this.switchToBins();
    }
    if (other.exactValues !== null) {
      for (const v of other.exactValues) {
        addToBin(this.bins!, v, 1);
      }
    } else {
      for (const [key, n] of other.bins!) {
        this.bins!.set(key, (this.bins!.get(key) ?? 0) + n);
      }
    }
  }

  /**
   * The sample as distinct ascending values with weights: the exact values,
   * or, when `asBins` (or once binned), each bin's representative value
   * 2γ^k/(γ + 1), within ±RANK_BIN_ACCURACY of every value in the bin.
   */
  toWeightedValues(asBins: boolean): WeightedValues {
    let bins = this.bins;
    if (bins === null && asBins) {
      bins = new Map();
      for (const v of this.exactValues!) {
        addToBin(bins, v, 1);
      }
    }
    const pairs: [number, number][] =
      bins === null
        ? this.exactValues!.map((v) => [v, 1])
        : [...bins].map(([key, n]) => [representativeOf(key), n]);
    pairs.sort((a, b) => a[0] - b[0]);
    const values: number[] = [];
    const weights: number[] = [];
    for (const [v, n] of pairs) {
      if (values.length > 0 && values[values.length - 1] === v) {
        weights[weights.length - 1]! += n;
      } else {
        values.push(v);
        weights.push(n);
      }
    }
    return { values, weights, total: this.count };
  }

  private switchToBins(): void {
    const bins = new Map<number, number>();
    for (const v of this.exactValues!) {
      addToBin(bins, v, 1);
    }
    this.bins = bins;
    this.exactValues = null;
  }
}

function addToBin(bins: Map<number, number>, value: number, n: number): void {
  const key = value > 0 ? Math.ceil(Math.log(value) / LOG_GAMMA) : ZERO_BIN;
  bins.set(key, (bins.get(key) ?? 0) + n);
}

function representativeOf(key: number): number {
  return key === ZERO_BIN ? 0 : (2 * Math.pow(GAMMA, key)) / (GAMMA + 1);
}
