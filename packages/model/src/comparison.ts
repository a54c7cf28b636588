/**
 * The comparison report: what `pathprof compare --format json` prints and
 * `GET /api/compare` serves. Two sets of traces (a baseline and a candidate:
 * two time windows, two files, or two values of an attribute such as
 * `service.version`) compared path by path. Times µs, CPU µs, memory bytes,
 * rates per second, changes as fractions (0.2 = 20 % higher).
 */
import type { Coverage } from './report.js';
export const COMPARISON_SCHEMA_VERSION = 1;

/** How a path changed, from the significance test and the effect size. */
export type PathVerdict =
  | 'regressed' // significantly slower beyond the minimum effect (error rates are reported, not judged)
  | 'improved' // significantly faster beyond the minimum effect
  | 'unchanged' // no significant change, or one below the minimum effect
  | 'appeared' // only in the candidate
  | 'vanished' // only in the baseline
  | 'insufficient'; // too few samples on one side to test

/** One measure on both sides. `null` where a side has no value (no CPU reported…). */
export interface MeasureChange {
  readonly baseline: number | null;
  readonly candidate: number | null;
  /** candidate − baseline; null when a side is null. */
  readonly delta: number | null;
  /** delta ÷ baseline; null when a side is null or the baseline is 0. */
  readonly relative: number | null;
}

/** The result of the latency significance test of one path. */
export interface SignificanceTest {
  /** e.g. `mann-whitney-u` (two-sided, normal approximation with tie correction). */
  readonly method: string;
  /** After the multiple-comparison adjustment across the report's tested paths (Holm); compare with `alpha`. */
  readonly pValue: number;
  /** This path's own p-value, before the adjustment. */
  readonly rawPValue: number;
  /** Probability that a candidate request is slower than a baseline one (common-language effect size), 0–1. */
  readonly effect: number;
  /** Bootstrap or exact interval of the p50 difference (candidate − baseline), µs; null when not computed. */
  readonly p50DeltaInterval: readonly [number, number] | null;
  readonly significant: boolean;
}

/** The hop that explains most of a path's change. */
export interface HopChange {
  readonly position: number;
  readonly label: string;
  /** What changed most at this hop. */
  readonly measure:
    'selfMicros' | 'cpuMicros' | 'waitingMicros' | 'memoryBytes';
  /** Change of that measure's p50. */
  readonly p50: MeasureChange;
  /** Share of the path's p50 change this hop's change of `measure` accounts for, 0–1 (may exceed 1 when others improved). */
  readonly shareOfPathChange: number | null;
}

export interface PathComparison {
  readonly key: string;
  readonly verdict: PathVerdict;
  readonly count: MeasureChange;
  /** Requests per second over each side's window. */
  readonly rate: MeasureChange;
  readonly errorRate: MeasureChange;
  readonly p50Micros: MeasureChange;
  readonly p95Micros: MeasureChange;
  readonly p99Micros: MeasureChange;
  readonly cpuP50Micros: MeasureChange;
  readonly memoryP50Bytes: MeasureChange;
  /** Absent for appeared/vanished/insufficient paths. */
  readonly test?: SignificanceTest;
  /** For regressed (and improved) paths: the hop whose change explains it best. */
  readonly responsibleHop?: HopChange;
  /** Every hop along the path, both sides (empty for appeared/vanished). */
  readonly hops: readonly {
    readonly position: number;
    readonly label: string;
    readonly selfP50Micros: MeasureChange;
    readonly cpuP50Micros: MeasureChange;
    readonly memoryP50Bytes: MeasureChange;
  }[];
  /** A few trace ids per side to open. */
  readonly exemplars: {
    readonly baseline: readonly string[];
    readonly candidate: readonly string[];
  };
}

/** What one side of a comparison is. */
export interface ComparisonSide {
  /** Human label: `service.version=v1`, `2026-11-25T10:00Z…10:15Z`, `base.json`. */
  readonly label: string;
  readonly traces: number;
  /** Seconds of the window the side was read from; null for files. */
  readonly windowSeconds: number | null;
  /** The time the side's requests cover; rates are per second over it. Null without traces. */
  readonly coverage: Coverage | null;
}

export interface ComparisonReport {
  readonly schemaVersion: number;
  readonly pathKey: string;
  readonly baseline: ComparisonSide;
  readonly candidate: ComparisonSide;
  /** Significance level used (default 0.01) and the smallest relative p50 change that counts (default 0.05). */
  readonly alpha: number;
  readonly minEffect: number;
  /** Sorted: regressed (largest relative p50 change first), appeared, vanished, improved, insufficient, unchanged. */
  readonly paths: readonly PathComparison[];
  readonly summary: {
    readonly regressed: number;
    readonly improved: number;
    readonly unchanged: number;
    readonly appeared: number;
    readonly vanished: number;
    readonly insufficient: number;
  };
}
