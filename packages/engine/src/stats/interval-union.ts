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
  const out: number[] = [];
  if (startsAscending(flat, lo, hi)) {
    // the usual case (children come sorted by start): no pairs, no sort
    for (let k = 0; k + 1 < flat.length; k += 2) {
      const s = Math.max(flat[k]!, lo);
      const e = Math.min(flat[k + 1]!, hi);
      if (e > s) {
        appendMerged(out, s, e);
      }
    }
    return out;
  }
  const pairs: [number, number][] = [];
  for (let k = 0; k + 1 < flat.length; k += 2) {
    const s = Math.max(flat[k]!, lo);
    const e = Math.min(flat[k + 1]!, hi);
    if (e > s) {
      pairs.push([s, e]);
    }
  }
  pairs.sort((a, b) => a[0] - b[0]);
  for (const [s, e] of pairs) {
    appendMerged(out, s, e);
  }
  return out;
}

/** Whether the non-empty clipped intervals come in ascending order of start. */
function startsAscending(
  flat: readonly number[],
  lo: number,
  hi: number,
): boolean {
  let previous = -Infinity;
  for (let k = 0; k + 1 < flat.length; k += 2) {
    const s = Math.max(flat[k]!, lo);
    if (Math.min(flat[k + 1]!, hi) > s) {
      if (s < previous) {
        return false;
      }
      previous = s;
    }
  }
  return true;
}

/** Appends [s, e) to a union being built in order of start, joining it to the last interval it meets. */
function appendMerged(out: number[], s: number, e: number): void {
  const last = out.length - 1;
  if (last > 0 && s <= out[last]!) {
    if (e > out[last]!) {
      out[last] = e;
    }
  } else {
    out.push(s, e);
  }
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
