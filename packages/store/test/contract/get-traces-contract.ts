/** Contract: getTraces: lookup by id and the order of spans within a trace. */
import type { TraceId } from '@pathprof/model';
import { describe, expect, it } from 'vitest';
import { dumpTraces, span, T0, tid } from '../helpers.js';
import type { ContractContext } from './contract-context.js';
import { S } from './contract-context.js';

export function describeGetTracesContract({
  fresh,
  storeWith,
  search,
}: ContractContext): void {
  describe('getTraces', () => {
    it('returns nothing from an empty store', async () => {
      const store = await fresh();
      expect(await store.getTraces([tid('t1')])).toEqual([]);
    });

    it('returns the traces in the order asked, once each, leaving out unknown and malformed ids', async () => {
      const store = await storeWith(
        span({ trace: 't1', id: 'a', start: T0, dur: 1 }),
        span({ trace: 't2', id: 'b', start: T0 + 3600 * S, dur: 1 }),
      );
      const traces = await store.getTraces([
        tid('t2'),
        tid('nope'),
        'not-hex' as TraceId,
        tid('t1'),
        tid('t2'),
      ]);
      expect(dumpTraces(traces)).toEqual(['t2: b', 't1: a']);
    });

    it('returns traces spread over days in one call', async () => {
      const hour = 3600 * S;
      const ids = Array.from({ length: 40 }, (_, i) => `d${i}`);
      const store = await storeWith(
        ...ids.map((trace, i) =>
          span({ trace, id: 'a', start: T0 + i * hour, dur: 5 }),
        ),
        ...ids.map((trace, i) =>
          span({
            trace,
            id: 'b',
            parent: 'a',
            start: T0 + i * hour + 1,
            dur: 1,
          }),
        ),
      );
      const traces = await store.getTraces(
        [...ids].reverse().map((id) => tid(id)),
      );
      expect(dumpTraces(traces)).toEqual(
        [...ids].reverse().map((id) => `${id}: a b`),
      );
    });

    it('orders spans by start time', async () => {
      const store = await storeWith(
        span({ id: 'c', parent: 'a', start: T0 + 20, dur: 1 }),
        span({ id: 'b', parent: 'a', start: T0 + 10, dur: 1 }),
        span({ id: 'a', start: T0, dur: 30 }),
      );
      expect(dumpTraces(await store.getTraces([tid('t1')]))).toEqual([
        't1: a b c',
      ]);
    });

    it('puts parents before their children on equal start times', async () => {
      // a [──────]   all three start at T0; z is a's child, m is z's child
      // z [────]     names sort the other way round (z > m > a would be wrong)
      // m [──]
      const store = await storeWith(
        span({ id: 'm', parent: 'z', start: T0, dur: 2 }),
        span({ id: 'z', parent: 'b', start: T0, dur: 4 }),
        span({ id: 'b', start: T0, dur: 6 }),
      );
      expect(dumpTraces(await store.getTraces([tid('t1')]))).toEqual([
        't1: b z m',
      ]);
    });

    it('keeps a span without a start with its trace, after the timed root', async () => {
      const store = await storeWith(
        span({ id: 'a', start: T0 + 50, dur: 100 }),
        span({
          id: 'b',
          parent: 'a',
          start: 0,
          dur: 0,
          missingTiming: 'both',
        }),
      );
      const [trace] = await store.getTraces([tid('t1')]);
      expect(dumpTraces([trace!])).toEqual(['t1: a b']);
      expect(trace?.spans[1]).toMatchObject({
        startMicros: 0,
        missingTiming: 'both',
      });
      expect(await search(store, { startMin: T0, startMax: T0 + 60 })).toEqual([
        't1',
      ]);
    });
  });
}
