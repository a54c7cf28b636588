/** Contract: searchTraces ordering, paging, totals and bad queries. */
import type { Span } from '@pathprof/model';
import { describe, expect, it } from 'vitest';
import type { TraceQuery } from '../../src/index.js';
import { isStoreError } from '../../src/index.js';
import { dumpTraces, name, span, T0 } from '../helpers.js';
import type { ContractContext } from './contract-context.js';
import { S } from './contract-context.js';

export function describeSearchPageContract({
  fresh,
  storeWith,
  search,
}: ContractContext): void {
  describe('searchTraces: paging and order', () => {
    // starts T0+0..T0+4 s; durations chosen to order differently from starts
    const durations = [30, 10, 50, 20, 40];
    const spans = (): Span[] =>
      durations.map((dur, i) =>
        span({ trace: `t${i}`, id: 'a', start: T0 + i * S, dur }),
      );

    it('orders by start time, most recent first, by default', async () => {
      const store = await storeWith(...spans());
      expect(await search(store, {})).toEqual(['t4', 't3', 't2', 't1', 't0']);
    });

    it('orders by start time ascending', async () => {
      const store = await storeWith(...spans());
      expect(
        await search(store, { orderBy: 'startTime', direction: 'asc' }),
      ).toEqual(['t0', 't1', 't2', 't3', 't4']);
    });

    it('orders by trace duration, both ways', async () => {
      const store = await storeWith(...spans());
      expect(await search(store, { orderBy: 'duration' })).toEqual([
        't2',
        't4',
        't0',
        't3',
        't1',
      ]);
      expect(
        await search(store, { orderBy: 'duration', direction: 'asc' }),
      ).toEqual(['t1', 't3', 't0', 't4', 't2']);
    });

    it('measures trace duration from the earliest start to the latest end', async () => {
      // long: root 10 µs but a child ends at +100; short: one span of 50 µs
      const store = await storeWith(
        span({ trace: 'long', id: 'a', start: T0, dur: 10 }),
        span({
          trace: 'long',
          id: 'b',
          parent: 'a',
          start: T0 + 90,
          dur: 10,
        }),
        span({ trace: 'short', id: 'c', start: T0 + S, dur: 50 }),
      );
      expect(await search(store, { orderBy: 'duration' })).toEqual([
        'long',
        'short',
      ]);
    });

    it('breaks ties by trace id', async () => {
      const store = await storeWith(
        span({ trace: 'tb', id: 'a', start: T0, dur: 10 }),
        span({ trace: 'ta', id: 'a', start: T0, dur: 10 }),
      );
      expect(await search(store, {})).toEqual(['ta', 'tb']);
      expect(
        await search(store, { direction: 'asc', orderBy: 'duration' }),
      ).toEqual(['ta', 'tb']);
    });

    it('pages with limit and offset and counts every match', async () => {
      const store = await storeWith(...spans());
      const page = await store.searchTraces({
        limit: 2,
        offset: 1,
        direction: 'asc',
      });
      expect(dumpTraces(page.traces)).toEqual(['t1: a', 't2: a']);
      expect(page.total).toBe(5);
    });

    it('returns no traces but the total for an offset past the end', async () => {
      const store = await storeWith(...spans());
      expect(await store.searchTraces({ limit: 2, offset: 10 })).toEqual({
        traces: [],
        total: 5,
      });
    });

    it('serves a limit of 10000', async () => {
      const store = await fresh();
      const many = Array.from({ length: 10_001 }, (_, i) =>
        span({ trace: `m${i}`, id: 'a', start: T0 + i, dur: 1 }),
      );
      await store.appendSpans(many);
      const result = await store.searchTraces({
        service: 'svc-a',
        limit: 10_000,
      });
      expect(result.total).toBe(10_001);
      expect(result.traces).toHaveLength(10_000);
      expect(name(result.traces[0]!.traceId)).toBe('m10000');
    });

    it.each([
      ['limit 0', { limit: 0 }],
      ['a fractional limit', { limit: 1.5 }],
      ['a negative offset', { limit: 1, offset: -1 }],
      ['startMin after startMax', { limit: 1, startMin: 2, startMax: 1 }],
      [
        'durationMin above durationMax',
        { limit: 1, durationMin: 2, durationMax: 1 },
      ],
      ['an unknown orderBy', { limit: 1, orderBy: 'name' }],
      ['an unknown direction', { limit: 1, direction: 'up' }],
      ['a NaN bound', { limit: 1, startMin: Number.NaN }],
    ])('rejects %s with PATHPROF_ERR_STORE_BAD_QUERY', async (_, query) => {
      const store = await fresh();
      await expect(store.searchTraces(query as TraceQuery)).rejects.toSatisfy(
        (err) => isStoreError(err, 'PATHPROF_ERR_STORE_BAD_QUERY'),
      );
    });
  });
}
