/**
 * Sums kept exactly, so that a mean or a standard deviation does not depend on
 * the order the values came in, nor on how the work was split between threads
 * and merged: the profile of a file is the same on one core or on eight.
 *
 * A sum is held as Shewchuk's non-overlapping partials (a list of doubles in
 * increasing magnitude whose exact sum is the sum of every value added), and
 * read out correctly rounded, so the same multiset of values always reads as
 * the same double whatever the partials look like. Squares are added exactly
 * too, split into a head and a tail by Dekker's product. From the exact
 * Σx and Σx², n·Σx² − (Σx)² is formed exactly and rounded once: the sum of
 * squared deviations, without the cancellation of the textbook formula.
 *
 * Values must be below 2^200 in magnitude (finite, with room for the products
 * of sums); the caller falls back to a running estimate otherwise
 * (`isExactlySummable`).
 */

/** Largest magnitude whose square, and products of partials, stay finite with room to spare. */
const MAX_EXACT = 2 ** 200;
/** Dekker's splitter for doubles: 2^27 + 1. */
const SPLITTER = 134217729;

export function isExactlySummable(value: number): boolean {
  return Math.abs(value) < MAX_EXACT;
}

/** Adds `x` to the partials, exactly (Shewchuk's grow-expansion, as in Python's math.fsum). */
export function addExact(partials: number[], x: number): void {
  let kept = 0;
  for (let j = 0; j < partials.length; j++) {
    let y = partials[j]!;
    if (Math.abs(x) < Math.abs(y)) {
      const t = x;
      x = y;
      y = t;
    }
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) {
      partials[kept++] = lo;
    }
    x = hi;
  }
  // the partials usually keep their count: setting an array's length is a
  // runtime call, so it is set only when it changes
  if (kept < partials.length) {
    partials[kept] = x;
    if (partials.length !== kept + 1) {
      partials.length = kept + 1;
    }
  } else {
    partials.push(x);
  }
}

/** Adds every partial of `from` to `into`: the exact sum of both. */
export function addAllExact(into: number[], from: readonly number[]): void {
  for (const p of from) {
    addExact(into, p);
  }
}

/** Adds the exact product `a·b` to the partials (Dekker's two-product, no FMA needed). */
export function addProductExact(
  partials: number[],
  a: number,
  b: number,
): void {
  const p = a * b;
  const a1 = SPLITTER * a;
  const aHi = a1 - (a1 - a);
  const aLo = a - aHi;
  const b1 = SPLITTER * b;
  const bHi = b1 - (b1 - b);
  const bLo = b - bHi;
  const err = aLo * bLo - (p - aHi * bHi - aLo * bHi - aHi * bLo);
  addExact(partials, p);
  if (err !== 0) {
    addExact(partials, err);
  }
}

/** The error of the product a·b: a·b = fl(a·b) + productError(a, b) exactly (Dekker, no FMA). */
export function productError(a: number, b: number): number {
  const p = a * b;
  const a1 = SPLITTER * a;
  const aHi = a1 - (a1 - a);
  const aLo = a - aHi;
  const b1 = SPLITTER * b;
  const bHi = b1 - (b1 - b);
  const bLo = b - bHi;
  return aLo * bLo - (p - aHi * bHi - aLo * bHi - aHi * bLo);
}

/** Set by addToPair: the new low part, and what the pair could not hold. */
export let pairLo = 0;
export let pairRest = 0;

/**
 * Adds x to the unevaluated pair hi + lo, exactly: two error-free sums
 * (Knuth's TwoSum) give hi' + lo' + rest = hi + lo + x. Returns hi'; lo'
 * and rest are left in `pairLo` and `pairRest` (rest is usually 0: the
 * caller adds it to its partials when not). Cheaper than a partials update
 * when values come one by one.
 */
export function addToPair(hi: number, lo: number, x: number): number {
  const s = hi + x;
  const sx = s - hi;
  const e = hi - (s - sx) + (x - sx);
  const t = lo + e;
  const te = t - lo;
  pairRest = lo - (t - te) + (e - te);
  pairLo = t;
  return s;
}

/** The exact sum of the partials, correctly rounded (round half to even). */
export function roundedSum(partials: readonly number[]): number {
  let n = partials.length;
  if (n === 0) {
    return 0;
  }
  let hi = partials[--n]!;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n]!;
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) {
      break;
    }
  }
  // the rest lies below half an ulp of hi unless lo is exactly half an ulp and
  // the next partial pushes it over: then round away from the even neighbour
  if (
    n > 0 &&
    ((lo < 0 && partials[n - 1]! < 0) || (lo > 0 && partials[n - 1]! > 0))
  ) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) {
      hi = x;
    }
  }
  return hi;
}

/** The mean of `count` values whose exact sum the partials hold: rounded once, then divided. */
export function exactMean(sum: readonly number[], count: number): number {
  return count === 0 ? 0 : roundedSum(sum) / count;
}

/**
 * Σ(x − mean)² of `count` values from the partials of Σx and Σx²:
 * n·Σx² − (Σx)² formed exactly, rounded once, divided by n.
 */
export function exactSquaredDeviations(
  sum: readonly number[],
  squares: readonly number[],
  count: number,
): number {
  if (count < 2) {
    return 0;
  }
  const e: number[] = [];
  for (const q of squares) {
    addProductExact(e, count, q);
  }
  for (let i = 0; i < sum.length; i++) {
    addProductExact(e, -sum[i]!, sum[i]!);
    for (let j = i + 1; j < sum.length; j++) {
      addProductExact(e, -2 * sum[i]!, sum[j]!);
    }
  }
  return Math.max(0, roundedSum(e)) / count;
}
