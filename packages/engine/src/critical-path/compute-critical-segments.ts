/**
 * The critical path as time segments per node: the same last-finishing-child
 * walk as computeCriticalPath (children clipped to their parent), recording
 * where each node's critical time lies instead of only how much there is, so
 * a timeline can colour only the critical part of a span.
 *
 *   A [0-------------------20]      segments:
 *   B    [2----8]                   A: [16,20] [8,9] [0,2]
 *   D       [5----10]               C: [9,16]
 *   C             [9------16]       B: [2,8]
 *                                   D: none
 *
 * Each node's segments are disjoint, latest first, and sum to its critical
 * time. Iterative; O(n log n).
 */
import type { CriticalPathInput } from './compute-critical-path.js';
import { clipByLatestEnd } from './compute-critical-path.js';

export type CriticalSegment = readonly [start: number, end: number];

export function computeCriticalSegments(
  input: CriticalPathInput,
  roots: readonly number[],
): CriticalSegment[][] {
  const { start, end, children } = input;
  const segments: CriticalSegment[][] = Array.from(
    { length: start.length },
    () => [],
  );
  const stack: [node: number, windowStart: number, windowEnd: number][] = [];
  for (const r of roots) {
    stack.push([r, start[r]!, end[r]!]);
  }
  while (stack.length > 0) {
    const [v, vs, ve] = stack.pop()!;
    const own = segments[v]!;
    const kids = children[v]!;
    if (kids.length === 0) {
      if (ve > vs) {
        own.push([vs, ve]);
      }
      continue;
    }
    const clipped = clipByLatestEnd(kids, vs, ve, start, end);
    let cursor = ve;
    for (const [c, cs, ce] of clipped) {
      if (ce > cursor || ce <= vs) {
        continue;
      }
      if (cursor > ce) {
        own.push([ce, cursor]);
      }
      stack.push([c, cs, ce]);
      cursor = cs;
    }
    if (cursor > vs) {
      own.push([vs, cursor]);
    }
  }
  return segments;
}
