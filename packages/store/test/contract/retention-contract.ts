/** Contract: deleteOlderThan and applyRetention. */
import type { Span } from '@pathprof/model';
import { describe, expect, it } from 'vitest';
import { dumpTraces, span, T0, tid } from '../helpers.js';
import type { ContractContext } from './contract-context.js';

export function describeRetentionContract({
  fresh,
  storeWith,
  search,
}: ContractContext): void {
  describe('deleteOlderThan and applyRetention', () => {
    // old [──]  | straddle [───|───]   new [─]
    //         cutoff
    const spans = (): Span[] => [
      span({ trace: 'old', id: 'a', service: 'legacy', start: T0, dur: 10 }),
      span({
        trace: 'old',
        id: 'b',
        parent: 'a',
        service: 'legacy',
        start: T0 + 1,
        dur: 2,
      }),
      span({ trace: 'straddle', id: 'c', start: T0 + 50, dur: 100 }),
      span({
        trace: 'straddle',
        id: 'd',
        parent: 'c',
        start: T0 + 60,
        dur: 10,
      }),
      span({ trace: 'new', id: 'e', start: T0 + 200, dur: 1 }),
    ];

    it('deletes whole traces that ended before the cutoff, keeping straddling ones whole', async () => {
      const store = await storeWith(...spans());
      expect(await store.deleteOlderThan(T0 + 100)).toEqual({
        traces: 1,
        spans: 2,
      });
      expect(
        dumpTraces(
          await store.getTraces([tid('old'), tid('straddle'), tid('new')]),
        ),
      ).toEqual(['straddle: c d', 'new: e']);
      expect((await store.searchTraces({ limit: 10 })).total).toBe(2);
    });

    it('forgets services and operations left without spans', async () => {
      const store = await storeWith(...spans());
      await store.deleteOlderThan(T0 + 100);
      expect(await store.listServices()).toEqual(['svc-a']);
      expect(await store.listOperations('legacy')).toEqual([]);
    });

    it('deletes nothing from an empty store', async () => {
      const store = await fresh();
      expect(await store.deleteOlderThan(T0)).toEqual({
        traces: 0,
        spans: 0,
      });
    });

    it('keeps accepting appends after a deletion', async () => {
      const store = await storeWith(...spans());
      await store.deleteOlderThan(T0 + 1000);
      await store.appendSpans([
        span({
          trace: 'again',
          id: 'a',
          service: 'legacy',
          start: T0 + 2000,
          dur: 1,
        }),
      ]);
      expect(await search(store, { service: 'legacy' })).toEqual(['again']);
      expect(await store.listServices()).toEqual(['legacy']);
    });

    it('applies appends and deletions in the order they were called', async () => {
      // x is appended before the deletion and removed by it; y, appended
      // after it without waiting, stays even though it is as old
      const store = await fresh();
      const calls = [
        store.appendSpans([span({ trace: 'x', id: 'a', start: T0, dur: 1 })]),
        store.deleteOlderThan(T0 + 100),
        store.appendSpans([span({ trace: 'y', id: 'a', start: T0, dur: 1 })]),
      ];
      await Promise.all(calls);
      expect(dumpTraces(await store.getTraces([tid('x'), tid('y')]))).toEqual([
        'y: a',
      ]);
    });

    it('applies the retention the store was opened with', async () => {
      const store = await fresh({ retentionMicros: 100 });
      await store.appendSpans(spans());
      expect(await store.applyRetention(T0 + 200)).toEqual({
        traces: 1,
        spans: 2,
      });
    });

    it('deletes nothing on applyRetention without a retention', async () => {
      const store = await storeWith(...spans());
      expect(await store.applyRetention(T0 * 2)).toEqual({
        traces: 0,
        spans: 0,
      });
    });
  });
}
