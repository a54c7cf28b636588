/** The statistics `pathprof overhead` reports per arm, and the ratios between arms. */
import { quantileOfSorted } from '@pathprof/engine';

export interface ArmStatistics {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly mean: number;
}

export const ARM_STATISTICS: readonly (keyof ArmStatistics)[] = [
  'p50',
  'p90',
  'p99',
  'mean',
];

/** Statistics of `values` at the given indices (NaN for none). */
export function computeArmStatistics(
  values: Float64Array,
  indices: Uint32Array,
  scratch: Float64Array = new Float64Array(indices.length),
): ArmStatistics {
  let sum = 0;
  for (let i = 0; i < indices.length; i++) {
    const v = values[indices[i]!]!;
    scratch[i] = v;
    sum += v;
  }
  const sorted = scratch.subarray(0, indices.length).sort();
  return {
    p50: quantileOfSorted(sorted, 0.5),
    p90: quantileOfSorted(sorted, 0.9),
    p99: quantileOfSorted(sorted, 0.99),
    mean: indices.length === 0 ? Number.NaN : sum / indices.length,
  };
}
