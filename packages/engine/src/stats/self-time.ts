/**
 * Self time: a parent's duration minus the union of its children's intervals
 * (clipped to the parent), so concurrent children are not counted twice.
 *
 *   parent  [------------------]   20
 *   child1     [------]            union = [3,13) = 10
 *   child2        [-------]        self  = 20 - 10 = 10
 */
import { float64s } from '../internal/typed-slab.js';

export function computeSelfTime(
  start: number,
  end: number,
  childIntervals: readonly (readonly [number, number])[],
): number {
  const n = childIntervals.length;
  const order: number[] = [];
  const starts = float64s(n);
  const ends = float64s(n);
  for (let k = 0; k < n; k++) {
    const [s, e] = childIntervals[k]!;
    starts[k] = s;
    ends[k] = e;
    order.push(k);
  }
  // by clipped start; clipping keeps the order of starts
  order.sort((a, b) => starts[a]! - starts[b]!);
  return selfTimeOfSorted(start, end, order, starts, ends);
}

/**
 * Self time of [start, end) given its children as indexes into `starts` and
 * `ends`, listed by start.
 */
export function selfTimeOfSorted(
  start: number,
  end: number,
  children: readonly number[],
  starts: ArrayLike<number>,
  ends: ArrayLike<number>,
): number {
  let covered = 0;
  let curStart = 0;
  let curEnd = 0;
  let any = false;
  for (let k = 0; k < children.length; k++) {
    const c = children[k]!;
    const s = Math.max(starts[c]!, start);
    const e = Math.min(ends[c]!, end);
    if (!(e > s)) {
      continue;
    }
    if (!any) {
      curStart = s;
      curEnd = e;
      any = true;
    } else if (s > curEnd) {
      covered += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else if (e > curEnd) {
      curEnd = e;
    }
  }
  if (!any) {
    return end - start;
  }
  covered += curEnd - curStart;
  return end - start - covered;
}
