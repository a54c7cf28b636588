/**
 * Contract: deleteOlderThan (by the spans' own times) and applyRetention (by
 * when the spans were received).
 */
import type { Span } from '@pathprof/model';
import { describe, expect, it } from 'vitest';
import { dumpTraces, span, T0, tid } from '../helpers.js';
import type { ContractContext } from './contract-context.js';

export function describeRetentionContract({
  fresh,
  storeWith,
  search,
}: ContractContext): void {
  describe('deleteOlderThan', () => {
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
  });

  describe('applyRetention counts from when spans were received', () => {
    /** Receive times, a year after the spans' own times. */
    const R0 = T0 + 365 * 24 * 3_600_000_000;
    const HOUR = 3_600_000_000;
    const [oldA, oldB, straddleC, straddleD, newE] = [
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
    ] as [Span, Span, Span, Span, Span];

    it('keeps year-old traces received within the retention', async () => {
      const store = await fresh({ retentionMicros: HOUR });
      await store.appendSpans([oldA, oldB, newE], { receivedMicros: R0 });
      expect(await store.applyRetention(R0 + HOUR - 1)).toEqual({
        traces: 0,
        spans: 0,
      });
      expect(
        dumpTraces(await store.getTraces([tid('old'), tid('new')])),
      ).toEqual(['old: a b', 'new: e']);
    });

    it('deletes whole the traces whose every span was received longer ago', async () => {
      //  received:  old a b      straddle c    | straddle d   new e
      //             R0           R0            | R0 + 2h      R0 + 2h
      //                                    cutoff (now R0 + 2h, retention 1h)
      const store = await fresh({ retentionMicros: HOUR });
      await store.appendSpans([oldA, oldB, straddleC], { receivedMicros: R0 });
      await store.appendSpans([straddleD, newE], {
        receivedMicros: R0 + 2 * HOUR,
      });
      expect(await store.applyRetention(R0 + 2 * HOUR)).toEqual({
        traces: 1,
        spans: 2,
      });
      expect(
        dumpTraces(
          await store.getTraces([tid('old'), tid('straddle'), tid('new')]),
        ),
      ).toEqual(['straddle: c d', 'new: e']);
      expect(await store.listServices()).toEqual(['svc-a']);
      expect(await store.listOperations('legacy')).toEqual([]);
    });

    it('deletes by receipt on deleteReceivedBefore, in call order with appends', async () => {
      // x, received at R0, is appended before the deletion and removed by
      // it; y, received as early but appended after it, stays
      const store = await fresh();
      const calls = [
        store.appendSpans([oldA], { receivedMicros: R0 }),
        store.deleteReceivedBefore(R0 + 1),
        store.appendSpans([newE], { receivedMicros: R0 }),
      ];
      expect(await Promise.all(calls)).toEqual([
        expect.anything(),
        { traces: 1, spans: 1 },
        expect.anything(),
      ]);
      expect(
        dumpTraces(await store.getTraces([tid('old'), tid('new')])),
      ).toEqual(['new: e']);
      await expect(
        store.deleteReceivedBefore(Number.NaN),
      ).rejects.toMatchObject({ code: 'PATHPROF_ERR_STORE_BAD_QUERY' });
    });

    it('dates appends without a receive time by the store clock', async () => {
      let now = R0;
      const store = await fresh({
        retentionMicros: HOUR,
        nowMicros: () => now,
      });
      await store.appendSpans([oldA, oldB]);
      now = R0 + HOUR;
      await store.appendSpans([newE]);
      expect(await store.applyRetention(R0 + HOUR)).toEqual({
        traces: 0,
        spans: 0,
      });
      expect(await store.applyRetention(R0 + HOUR + 1)).toEqual({
        traces: 1,
        spans: 2,
      });
      expect(dumpTraces(await store.getTraces([tid('new')]))).toEqual([
        'new: e',
      ]);
    });

    it('refuses a receive time that is not a finite number of at least 0', async () => {
      const store = await fresh();
      for (const receivedMicros of [Number.NaN, -1, Infinity]) {
        await expect(
          store.appendSpans([newE], { receivedMicros }),
        ).rejects.toMatchObject({ code: 'PATHPROF_ERR_STORE_BAD_QUERY' });
      }
      expect((await store.searchTraces({ limit: 10 })).total).toBe(0);
    });

    it('deletes nothing without a retention', async () => {
      const store = await fresh();
      await store.appendSpans([oldA, oldB], { receivedMicros: R0 });
      expect(await store.applyRetention(R0 * 2)).toEqual({
        traces: 0,
        spans: 0,
      });
    });
  });
}
