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
  const n = mergeIntoScratch(flat, lo, hi);
  const merged = scratch;
  let total = 0;
  for (let k = 0; k < n; k += 2) {
    total += merged[k + 1]! - merged[k]!;
  }
  return total;
}

/**
 * Scratch for the union being built: the clipped intervals, sorted by start,
 * then merged in place. Grown as needed, never shrunk; nothing is kept in it
 * between calls.
 */
let scratch = new Float64Array(64);

/** Writes the union of the clipped intervals to `scratch`; its length (twice the intervals). */
function mergeIntoScratch(
  flat: readonly number[],
  lo: number,
  hi: number,
): number {
  if (scratch.length < flat.length) {
    scratch = new Float64Array(Math.max(flat.length, scratch.length * 2));
  }
  const buf = scratch;
  let n = 0;
  for (let k = 0; k + 1 < flat.length; k += 2) {
    const s = Math.max(flat[k]!, lo);
    const e = Math.min(flat[k + 1]!, hi);
    if (e > s) {
      buf[n] = s;
      buf[n + 1] = e;
      n += 2;
    }
  }
  return mergeScratch(n);
}

/**
 * The parts of [start, end) outside the union of the intervals of `nodes`
 * (indexes into `starts` and `ends`) clipped to [start, end), appended to
 * `out`: the self intervals of a node given its children.
 */
export function appendUncovered(
  start: number,
  end: number,
  nodes: readonly number[],
  starts: ArrayLike<number>,
  ends: ArrayLike<number>,
  out: number[],
): void {
  if (scratch.length < 2 * nodes.length) {
    scratch = new Float64Array(Math.max(2 * nodes.length, scratch.length * 2));
  }
  const buf = scratch;
  let n = 0;
  for (let k = 0; k < nodes.length; k++) {
    const c = nodes[k]!;
    const s = Math.max(starts[c]!, start);
    const e = Math.min(ends[c]!, end);
    if (e > s) {
      buf[n] = s;
      buf[n + 1] = e;
      n += 2;
    }
  }
  complementOf(start, end, scratch, mergeScratch(n), out);
}

/** Sorts the n/2 intervals in `scratch` by start and merges them in place; the union's length. */
function mergeScratch(n: number): number {
  const buf = scratch;
  for (let k = 2; k < n; k += 2) {
    if (buf[k]! < buf[k - 2]!) {
      sortPairsByStart(buf, n);
      break;
    }
  }
  // an interval joins the last one when it starts by its end
  let m = 0;
  for (let k = 0; k < n; k += 2) {
    const s = buf[k]!;
    const e = buf[k + 1]!;
    if (m > 0 && s <= buf[m - 1]!) {
      if (e > buf[m - 1]!) {
        buf[m - 1] = e;
      }
    } else {
      buf[m] = s;
      buf[m + 1] = e;
      m += 2;
    }
  }
  return m;
}

/** Sorts the first n/2 (start, end) pairs of buf by start: insertion sort while short. */
function sortPairsByStart(buf: Float64Array, n: number): void {
  if (n > 64) {
    const pairs: [number, number][] = [];
    for (let k = 0; k < n; k += 2) {
      pairs.push([buf[k]!, buf[k + 1]!]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    for (let k = 0; k < pairs.length; k++) {
      buf[2 * k] = pairs[k]![0];
      buf[2 * k + 1] = pairs[k]![1];
    }
    return;
  }
  for (let k = 2; k < n; k += 2) {
    const s = buf[k]!;
    const e = buf[k + 1]!;
    let j = k - 2;
    while (j >= 0 && buf[j]! > s) {
      buf[j + 2] = buf[j]!;
      buf[j + 3] = buf[j + 1]!;
      j -= 2;
    }
    buf[j + 2] = s;
    buf[j + 3] = e;
  }
}

/** The parts of [start, end) that no interval of `merged` (sorted, disjoint) covers, appended to `out`. */
export function appendComplement(
  start: number,
  end: number,
  merged: readonly number[],
  out: number[],
): void {
  complementOf(start, end, merged, merged.length, out);
}

function complementOf(
  start: number,
  end: number,
  merged: ArrayLike<number>,
  length: number,
  out: number[],
): void {
  let cursor = start;
  for (let k = 0; k < length; k += 2) {
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
