/**
 * Self time: a parent's duration minus the union of its children's intervals
 * (clipped to the parent), so concurrent children are not counted twice.
 *
 *   parent  [------------------]   20
 *   child1     [------]            union = [3,13) = 10
 *   child2        [-------]        self  = 20 - 10 = 10
 */
export function computeSelfTime(
  start: number,
  end: number,
  childIntervals: readonly (readonly [number, number])[],
): number {
  if (childIntervals.length === 0) {
    return end - start;
  }
  const clipped: [number, number][] = [];
  for (const [s, e] of childIntervals) {
    const cs = Math.max(s, start);
    const ce = Math.min(e, end);
    if (ce > cs) {
      clipped.push([cs, ce]);
    }
  }
  if (clipped.length === 0) {
    return end - start;
  }
  clipped.sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let [curStart, curEnd] = clipped[0]!;
  for (const [s, e] of clipped) {
    if (s > curEnd) {
      covered += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else if (e > curEnd) {
      curEnd = e;
    }
  }
  covered += curEnd - curStart;
  return end - start - covered;
}
