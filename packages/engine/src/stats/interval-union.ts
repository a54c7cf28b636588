/**
 * Unions of half-open intervals, given flat as `[s0, e0, s1, e1, …]`.
 *
 *   [0---10)  [5---15)        [20--25)   union: [0, 15) ∪ [20, 25), measure 20
 *   complement within [0, 30): [15, 20) ∪ [25, 30)
 */

/** The union as sorted, disjoint, non-empty intervals, each clipped to [lo, hi). */
export function mergeIntervals(
  flat: readonly number[],
  lo = -Infinity,
  hi = Infinity,
): number[] {
  const pairs: [number, number][] = [];
  for (let k = 0; k + 1 < flat.length; k += 2) {
    const s = Math.max(flat[k]!, lo);
    const e = Math.min(flat[k + 1]!, hi);
    if (e > s) {
      pairs.push([s, e]);
    }
  }
  if (pairs.length > 1) {
    pairs.sort((a, b) => a[0] - b[0]);
  }
  const out: number[] = [];
  for (const [s, e] of pairs) {
    const last = out.length - 1;
    if (last > 0 && s <= out[last]!) {
      if (e > out[last]!) {
        out[last] = e;
      }
    } else {
      out.push(s, e);
    }
  }
  return out;
}

/** Total length of the union of the intervals, clipped to [lo, hi). */
export function unionMeasure(
  flat: readonly number[],
  lo = -Infinity,
  hi = Infinity,
): number {
  const merged = mergeIntervals(flat, lo, hi);
  let total = 0;
  for (let k = 0; k < merged.length; k += 2) {
    total += merged[k + 1]! - merged[k]!;
  }
  return total;
}

/** The parts of [start, end) that no interval of `merged` (sorted, disjoint) covers, appended to `out`. */
export function appendComplement(
  start: number,
  end: number,
  merged: readonly number[],
  out: number[],
): void {
  let cursor = start;
  for (let k = 0; k < merged.length; k += 2) {
    const s = merged[k]!;
    const e = merged[k + 1]!;
    if (e <= cursor) {
      continue;
    }
    if (s >= end) {
      break;
    }
    if (s > cursor) {
      out.push(cursor, s);
    }
    cursor = Math.max(cursor, e);
    if (cursor >= end) {
      return;
    }
  }
  if (cursor < end) {
    out.push(cursor, end);
  }
}
