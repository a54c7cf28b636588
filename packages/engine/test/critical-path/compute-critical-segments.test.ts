import { describe, expect, it } from 'vitest';
import { computeCriticalPath, computeCriticalSegments } from '@pathprof/engine';

function input(intervals: [number, number][], children: number[][]) {
  return {
    start: intervals.map((i) => i[0]),
    end: intervals.map((i) => i[1]),
    children,
  };
}

describe('computeCriticalSegments', () => {
  it('places each node’s critical time where it lies, latest first', () => {
    // A [0-------------------20]
    // B    [2----8]
    // D       [5----10]          ends after the cursor at 9: no segment
    // C             [9------16]
    const tree = input(
      [
        [0, 20],
        [2, 8],
        [9, 16],
        [5, 10],
      ],
      [[1, 2, 3], [], [], []],
    );
    expect(computeCriticalSegments(tree, [0])).toEqual([
      [
        [16, 20],
        [8, 9],
        [0, 2],
      ],
      [[2, 8]],
      [[9, 16]],
      [],
    ]);
  });

  it('gives segments that sum to computeCriticalPath’s times, clipping overflowing children', () => {
    // A [0------10]
    // B      [5--------20]   clipped to [5,10]
    //   C     [6-8]
    const tree = input(
      [
        [0, 10],
        [5, 20],
        [6, 8],
      ],
      [[1], [2], []],
    );
    const segments = computeCriticalSegments(tree, [0]);
    expect(segments).toEqual([
      [[0, 5]],
      [
        [8, 10],
        [5, 6],
      ],
      [[6, 8]],
    ]);
    const sums = segments.map((s) => s.reduce((n, [a, b]) => n + b - a, 0));
    expect(sums).toEqual(Array.from(computeCriticalPath(tree, [0])));
  });

  it('does not mutate its input', () => {
    const tree = input(
      [
        [0, 10],
        [2, 4],
      ],
      [[1], []],
    );
    const copy = structuredClone(tree);
    computeCriticalSegments(tree, [0]);
    expect(tree).toEqual(copy);
  });
});
