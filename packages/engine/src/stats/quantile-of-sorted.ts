/**
 * The q-quantile of ascending values by linear interpolation between the two
 * order statistics around rank q·(n−1) (Hyndman & Fan type 7, numpy's default):
 * p50 of [1, 2, 3, 4] is 2.5, p0 is the minimum, p100 the maximum. NaN when empty.
 */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) {
    return Number.NaN;
  }
  const rank = Math.min(1, Math.max(0, q)) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const low = sorted[lo]!;
  return lo === hi ? low : low + (sorted[hi]! - low) * (rank - lo);
}
