/**
 * Critical path by the last-finishing-child walk (Jaeger UI, CRISP): from the
 * end of a node, the child that finishes last before the cursor is on the
 * critical path; time between that child's end and the cursor is the node's
 * own; the cursor then moves to that child's start. Children are first clipped
 * to their parent's interval (overflow sanitised). Iterative; O(n log n).
 *
 *   A [0-------------------20]      critical time:
 *   B    [2----8]                   A: (20-16) + (9-8) + (2-0) = 7
 *   D       [5----10]               C: 16-9 = 7
 *   C             [9------16]       B: 8-2 = 6
 *                                   D: 0 (ends after the cursor at 9)
 *
 * Returns the critical time of every node, in the unit of the inputs.
 */
import { float64s } from '../internal/typed-slab.js';

export interface CriticalPathInput {
  readonly start: ArrayLike<number>;
  readonly end: ArrayLike<number>;
  readonly children: readonly (readonly number[])[];
}

export function computeCriticalPath(
  input: CriticalPathInput,
  roots: readonly number[],
): Float64Array {
  const { start, end, children } = input;
  const critical = float64s(start.length);
  // the stack of (node, window start, window end), flat
  const stack = stackScratch;
  stack.length = 0;
  for (const r of roots) {
    stack.push(r, start[r]!, end[r]!);
  }
  while (stack.length > 0) {
    const ve = stack.pop()!;
    const vs = stack.pop()!;
    const v = stack.pop()!;
    const kids = children[v]!;
    if (kids.length === 0) {
      critical[v] = critical[v]! + (ve - vs);
      continue;
    }
    const m = clipChildren(kids, vs, ve, start, end);
    const { node, clippedStart, clippedEnd } = clipped;
    let cursor = ve;
    let own = 0;
    for (let k = 0; k < m; k++) {
      const cs = clippedStart[k]!;
      const ce = clippedEnd[k]!;
      if (ce > cursor || ce <= vs) {
        continue;
      }
      own += cursor - ce;
      stack.push(node[k]!, cs, ce);
      cursor = cs;
    }
    own += cursor - vs;
    critical[v] = critical[v]! + own;
  }
  return critical;
}

const stackScratch: number[] = [];

/** One node's children clipped to its window, latest end first (then latest start, then given order). */
const clipped = {
  node: [] as number[],
  clippedStart: [] as number[],
  clippedEnd: [] as number[],
};

/**
 * The children clipped to [vs, ve] as `[child, start, end]`, latest end
 * first, then latest start, then given order (a stable sort).
 */
export function clipByLatestEnd(
  kids: readonly number[],
  vs: number,
  ve: number,
  start: ArrayLike<number>,
  end: ArrayLike<number>,
): (readonly [child: number, start: number, end: number])[] {
  return kids
    .map(
      (c) =>
        [
          c,
          Math.max(vs, Math.min(start[c]!, ve)),
          Math.max(vs, Math.min(end[c]!, ve)),
        ] as const,
    )
    .sort((a, b) => b[2] - a[2] || b[1] - a[1]);
}

/** Fills `clipped` with the children clipped to [vs, ve], sorted; their count. */
function clipChildren(
  kids: readonly number[],
  vs: number,
  ve: number,
  start: ArrayLike<number>,
  end: ArrayLike<number>,
): number {
  const { node, clippedStart, clippedEnd } = clipped;
  // only the first m entries are read: the arrays are overwritten, not cleared
  const m = kids.length;
  if (m > 32) {
    const sorted = clipByLatestEnd(kids, vs, ve, start, end);
    for (let k = 0; k < m; k++) {
      node[k] = sorted[k]![0];
      clippedStart[k] = sorted[k]![1];
      clippedEnd[k] = sorted[k]![2];
    }
    return m;
  }
  // insertion sort, stable like Array.prototype.sort
  for (let k = 0; k < m; k++) {
    const c = kids[k]!;
    const cs = Math.max(vs, Math.min(start[c]!, ve));
    const ce = Math.max(vs, Math.min(end[c]!, ve));
    let j = k - 1;
    while (
      j >= 0 &&
      (clippedEnd[j]! < ce || (clippedEnd[j]! === ce && clippedStart[j]! < cs))
    ) {
      node[j + 1] = node[j]!;
      clippedStart[j + 1] = clippedStart[j]!;
      clippedEnd[j + 1] = clippedEnd[j]!;
      j--;
    }
    node[j + 1] = c;
    clippedStart[j + 1] = cs;
    clippedEnd[j + 1] = ce;
  }
  return m;
}
