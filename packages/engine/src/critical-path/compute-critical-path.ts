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
  const stack: [node: number, windowStart: number, windowEnd: number][] = [];
  for (const r of roots) {
    stack.push([r, start[r]!, end[r]!]);
  }
  while (stack.length > 0) {
    const [v, vs, ve] = stack.pop()!;
    const kids = children[v]!;
    if (kids.length === 0) {
      critical[v] = critical[v]! + (ve - vs);
      continue;
    }
    const clipped = kids
      .map(
        (c) =>
          [
            c,
            Math.max(vs, Math.min(start[c]!, ve)),
            Math.max(vs, Math.min(end[c]!, ve)),
          ] as const,
      )
      .sort((a, b) => b[2] - a[2] || b[1] - a[1]);
    let cursor = ve;
    let own = 0;
    for (const [c, cs, ce] of clipped) {
      if (ce > cursor || ce <= vs) {
        continue;
      }
      own += cursor - ce;
      stack.push([c, cs, ce]);
      cursor = cs;
    }
    own += cursor - vs;
    critical[v] = critical[v]! + own;
  }
  return critical;
}
