import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BoundedSelection } from '../../src/internal/bounded-selection.js';

const ascending = (a: number, b: number): number => a - b;

function select(capacity: number, items: readonly number[]): number[] {
  const s = new BoundedSelection<number>(capacity, ascending);
  for (const x of items) {
    s.offer(x);
  }
  return s.values();
}

/** The reference: sort everything, keep the first `capacity`. */
function smallest(capacity: number, items: readonly number[]): number[] {
  return [...items].sort(ascending).slice(0, capacity);
}

describe('BoundedSelection', () => {
  it('keeps the capacity smallest items, best first', () => {
    expect(select(3, [5, 1, 9, 3, 7, 2, 8])).toEqual([1, 2, 3]);
  });

  it('keeps everything while under capacity', () => {
    const s = new BoundedSelection<number>(5, ascending);
    s.offer(4);
    s.offer(2);
    expect(s.size).toBe(2);
    expect(s.values()).toEqual([2, 4]);
    expect(s.values()).toHaveLength(2);
  });

  it('never holds more than twice its capacity, and reports exactly capacity', () => {
    const s = new BoundedSelection<number>(4, ascending);
    for (let i = 1000; i > 0; i--) {
      // worst-case arrival order: every item beats the current worst
      s.offer(i);
      expect(s.size).toBeLessThanOrEqual(8);
    }
    expect(s.values()).toEqual([1, 2, 3, 4]);
    expect(s.size).toBe(4);
  });

  it('tells whether an item would be kept', () => {
    const s = new BoundedSelection<number>(2, ascending);
    expect(s.wouldKeep(100)).toBe(true);
    s.offer(10);
    s.offer(20);
    expect(s.wouldKeep(15)).toBe(true);
    expect(s.wouldKeep(20)).toBe(false);
    expect(s.wouldKeep(25)).toBe(false);
    s.offer(25);
    expect(s.values()).toEqual([10, 20]);
  });

  it('keeps equal items as separate entries', () => {
    expect(select(3, [2, 2, 1, 2])).toEqual([1, 2, 2]);
  });

  it('gives the same selection for every arrival order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 60 }),
        fc.infiniteStream(fc.nat()),
        (capacity, items, randomness) => {
          const expected = smallest(capacity, items);
          expect(select(capacity, items)).toEqual(expected);
          const shuffled = shuffle(items, randomness);
          expect(select(capacity, shuffled)).toEqual(expected);
        },
      ),
    );
  });

  it('merges into the selection of the union', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 40 }),
        fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 40 }),
        (capacity, a, b) => {
          const left = new BoundedSelection<number>(capacity, ascending);
          const right = new BoundedSelection<number>(capacity, ascending);
          a.forEach((x) => left.offer(x));
          b.forEach((x) => right.offer(x));
          left.merge(right);
          expect(left.values()).toEqual(smallest(capacity, [...a, ...b]));
          // the merged-in selection is left as it was
          expect(right.values()).toEqual(smallest(capacity, b));
        },
      ),
    );
  });

  it('orders by any total order, e.g. largest value first then id', () => {
    interface Rec {
      id: string;
      value: number;
    }
    const byValueDesc = (x: Rec, y: Rec): number =>
      y.value - x.value || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
    const s = new BoundedSelection<Rec>(2, byValueDesc);
    for (const r of [
      { id: 'c', value: 5 },
      { id: 'a', value: 9 },
      { id: 'b', value: 9 },
      { id: 'd', value: 1 },
    ]) {
      s.offer(r);
    }
    expect(s.values().map((r) => r.id)).toEqual(['a', 'b']);
  });
});

function shuffle<T>(items: readonly T[], randomness: Iterable<number>): T[] {
  const out = [...items];
  const it = randomness[Symbol.iterator]();
  for (let i = out.length - 1; i > 0; i--) {
    const j = (it.next().value as number) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
