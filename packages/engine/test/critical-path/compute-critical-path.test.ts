import { describe, expect, it } from 'vitest';
import { computeCriticalPath } from '@pathprof/engine';

function critical(
  intervals: [number, number][],
  children: number[][],
  roots = [0],
): number[] {
  return Array.from(
    computeCriticalPath(
      {
        start: intervals.map((i) => i[0]),
        end: intervals.map((i) => i[1]),
        children,
      },
      roots,
    ),
  );
}

describe('computeCriticalPath', () => {
  it('walks back from the end through the last-finishing children', () => {
    // A [0-------------------20]
    // B    [2----8]
    // D       [5----10]          ends after the cursor at 9: skipped
    // C             [9------16]
    expect(
      critical(
        [
          [0, 20],
          [2, 8],
          [9, 16],
          [5, 10],
        ],
        [[1, 2, 3], [], [], []],
      ),
    ).toEqual([7, 6, 7, 0]);
  });

  it('clips children that overflow their parent before walking', () => {
    // A [0------10]
    // B      [5--------20]   clipped to [5,10]
    expect(
      critical(
        [
          [0, 10],
          [5, 20],
        ],
        [[1], []],
      ),
    ).toEqual([5, 5]);
  });

  it('descends into the critical child and sums per node', () => {
    // A [0------------------30]
    // B  [1-------------25]
    // C     [5--10]
    // E             [12--20]
    expect(
      critical(
        [
          [0, 30],
          [1, 25],
          [5, 10],
          [12, 20],
        ],
        [[1], [2, 3], [], []],
      ),
    ).toEqual([6, 11, 5, 8]); // B: (25-20) + (12-10) + (5-1)
  });

  it('handles a 100k-deep chain without recursion', () => {
    const n = 100_000;
    const intervals: [number, number][] = Array.from({ length: n }, (_, i) => [
      i,
      2 * n - i,
    ]);
    const children = Array.from({ length: n }, (_, i) =>
      i + 1 < n ? [i + 1] : [],
    );
    const result = critical(intervals, children);
    expect(result.reduce((a, b) => a + b, 0)).toBe(2 * n);
  });

  it('does not mutate its input', () => {
    const start = Object.freeze([0, 1]);
    const end = Object.freeze([10, 5]);
    const children = Object.freeze([Object.freeze([1]), Object.freeze([])]);
    expect(() =>
      computeCriticalPath({ start, end, children }, [0]),
    ).not.toThrow();
  });
});
