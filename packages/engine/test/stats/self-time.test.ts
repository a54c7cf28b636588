import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeSelfTime } from '@pathprof/engine';

/** Self time counted unit by unit on integer intervals: the definition itself. */
function bruteForceSelfTime(
  start: number,
  end: number,
  children: readonly (readonly [number, number])[],
): number {
  let self = 0;
  for (let t = start; t < end; t++) {
    if (!children.some(([s, e]) => s <= t && t < e)) {
      self++;
    }
  }
  return self;
}

describe('computeSelfTime', () => {
  it('is the whole duration when there are no children', () => {
    // P [10--------------30]
    expect(computeSelfTime(10, 30, [])).toBe(20);
  });

  it('subtracts nested sequential children', () => {
    // P [0-------------------20]
    // a    [2----6]
    // b             [10--15]
    expect(
      computeSelfTime(0, 20, [
        [2, 6],
        [10, 15],
      ]),
    ).toBe(11);
  });

  it('does not count overlapping concurrent children twice', () => {
    // P [0-------------------20]
    // a    [3------10]
    // b        [6-------13]
    // c          [8--9]           inside a and b
    expect(
      computeSelfTime(0, 20, [
        [3, 10],
        [6, 13],
        [8, 9],
      ]),
    ).toBe(10);
  });

  it('gives the same answer whatever the order of the children', () => {
    // P [0-------------------20]
    // a [0--4]
    // b       [8---------18]
    // c    [3---8]                 touches b at 8
    const children: [number, number][] = [
      [8, 18],
      [0, 4],
      [3, 8],
    ];
    expect(computeSelfTime(0, 20, children)).toBe(2);
    expect(computeSelfTime(0, 20, [...children].reverse())).toBe(2);
  });

  it('clips children that overflow the parent', () => {
    // P      [10----------20]
    // a  [5------14]                counts 10..14
    // b               [18------30]  counts 18..20
    expect(
      computeSelfTime(10, 20, [
        [5, 14],
        [18, 30],
      ]),
    ).toBe(4);
  });

  it('ignores children entirely outside the parent', () => {
    // P        [10----20]
    // a [0--5]
    // b                    [25--30]
    // c  [2------10]                 ends where P starts
    expect(
      computeSelfTime(10, 20, [
        [0, 5],
        [25, 30],
        [2, 10],
      ]),
    ).toBe(10);
  });

  it('is 0 when a child covers the whole parent', () => {
    // P    [10----20]
    // a [5-------------25]
    expect(computeSelfTime(10, 20, [[5, 25]])).toBe(0);
  });

  it('ignores zero-length children', () => {
    // P [0--------10]
    // a      |5
    expect(computeSelfTime(0, 10, [[5, 5]])).toBe(10);
  });

  it('is 0 for a zero-length parent, with or without children', () => {
    // P |5
    // a [0--10]
    expect(computeSelfTime(5, 5, [])).toBe(0);
    expect(computeSelfTime(5, 5, [[0, 10]])).toBe(0);
  });

  it('does not mutate the children it is given', () => {
    const children = Object.freeze([
      Object.freeze([8, 12] as const),
      Object.freeze([1, 3] as const),
    ]);
    expect(computeSelfTime(0, 10, children)).toBe(6);
    expect(children).toEqual([
      [8, 12],
      [1, 3],
    ]);
  });

  it('equals counting uncovered time unit by unit, for any integer intervals', () => {
    const interval = fc
      .tuple(
        fc.integer({ min: -20, max: 120 }),
        fc.integer({ min: 0, max: 60 }),
      )
      .map(([s, d]) => [s, s + d] as const);
    fc.assert(
      fc.property(
        interval,
        fc.array(interval, { maxLength: 12 }),
        ([s, e], kids) => {
          expect(computeSelfTime(s, e, kids)).toBe(
            bruteForceSelfTime(s, e, kids),
          );
        },
      ),
    );
  });
});
