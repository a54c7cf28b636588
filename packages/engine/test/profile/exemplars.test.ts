import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Exemplars, SAMPLED_EXEMPLARS } from '../../src/profile/exemplars.js';
import { hashTraceId } from '../../src/internal/hash-trace-id.js';

type Rec = readonly [traceId: string, value: number];

function exemplarsOf(records: readonly Rec[]): Exemplars {
  const e = new Exemplars();
  for (const [id, value] of records) {
    e.add(id, value);
  }
  return e;
}

/** The definition: the slowest (ties: smallest id), then the distinct ids of smallest hash. */
function expected(records: readonly Rec[]): string[] {
  if (records.length === 0) {
    return [];
  }
  let slowest = records[0]!;
  for (const r of records) {
    if (r[1] > slowest[1] || (r[1] === slowest[1] && r[0] < slowest[0])) {
      slowest = r;
    }
  }
  const sampled = [...new Set(records.map((r) => r[0]))]
    .sort((a, b) => hashTraceId(a) - hashTraceId(b) || (a < b ? -1 : 1))
    .slice(0, SAMPLED_EXEMPLARS + 1);
  return [slowest[0], ...sampled.filter((id) => id !== slowest[0])].slice(
    0,
    SAMPLED_EXEMPLARS + 1,
  );
}

const traceIds = Array.from({ length: 40 }, (_, i) =>
  (i * 7919 + 1).toString(16).padStart(32, '0'),
);

const records = fc.array(
  fc.tuple(
    fc.constantFrom(...traceIds),
    fc.integer({ min: 0, max: 30 }),
  ) as fc.Arbitrary<Rec>,
  { maxLength: 60 },
);

describe('Exemplars', () => {
  it('lists the slowest trace first, then trace ids sampled by hash', () => {
    const recs: Rec[] = traceIds
      .slice(0, 10)
      .map((id, i) => [id, i === 6 ? 999 : i]);
    const list = exemplarsOf(recs).list();
    expect(list[0]).toBe(traceIds[6]);
    expect(list).toHaveLength(SAMPLED_EXEMPLARS + 1);
    expect(list).toEqual(expected(recs));
  });

  it('lists every trace when there are fewer than the capacity', () => {
    const list = exemplarsOf([
      ['b', 1],
      ['a', 5],
    ]).list();
    expect(list[0]).toBe('a');
    expect([...list].sort()).toEqual(['a', 'b']);
    expect(new Exemplars().list()).toEqual([]);
  });

  it('breaks a tie for the slowest by the smallest trace id', () => {
    expect(
      exemplarsOf([
        ['c', 10],
        ['a', 10],
        ['b', 10],
      ]).list()[0],
    ).toBe('a');
  });

  it('lists distinct traces when one trace adds many records', () => {
    // a trace calling the same hop many times (HotROD's GetDriver) must not fill every slot
    const busy = traceIds.reduce((best, id) =>
      hashTraceId(id) < hashTraceId(best) ? id : best,
    );
    const recs: Rec[] = [
      ...traceIds.slice(0, 8).map((id): Rec => [id, 1]),
      ...Array.from({ length: 10 }, (): Rec => [busy, 2]),
    ];
    const list = exemplarsOf(recs).list();
    expect(new Set(list).size).toBe(list.length);
    expect(list).toHaveLength(SAMPLED_EXEMPLARS + 1);
    expect(list).toEqual(expected(recs));
  });

  it('gives the same exemplars for every arrival order', () => {
    fc.assert(
      fc.property(records, fc.infiniteStream(fc.nat()), (recs, randomness) => {
        const want = expected(recs);
        expect(exemplarsOf(recs).list()).toEqual(want);
        expect(exemplarsOf(shuffle(recs, randomness)).list()).toEqual(want);
      }),
    );
  });

  it('merges into the exemplars of the union, however the records are split', () => {
    fc.assert(
      fc.property(records, records, records, (a, b, c) => {
        const merged = exemplarsOf(a);
        merged.merge(exemplarsOf(b));
        merged.merge(exemplarsOf(c));
        expect(merged.list()).toEqual(expected([...a, ...b, ...c]));
      }),
    );
  });

  it('merges traces split whole between two parts as one part over both', () => {
    fc.assert(
      fc.property(records, fc.func(fc.boolean()), (recs, side) => {
        const a = recs.filter((r) => side(r[0]));
        const b = recs.filter((r) => !side(r[0]));
        const merged = exemplarsOf(a);
        merged.merge(exemplarsOf(b));
        expect(merged.list()).toEqual(exemplarsOf(recs).list());
      }),
    );
  });

  it('leaves the merged-in exemplars unchanged', () => {
    const other = exemplarsOf([
      ['x', 3],
      ['y', 4],
    ]);
    const before = other.list();
    exemplarsOf([['z', 9]]).merge(other);
    expect(other.list()).toEqual(before);
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
