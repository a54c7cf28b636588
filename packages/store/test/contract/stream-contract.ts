/** Contract: streamTraces: whole traces of a window, page by page. */
import { describe, expect, it } from 'vitest';
import type { SpanStore } from '../../src/index.js';
import { isStoreError } from '../../src/index.js';
import { dumpTraces, span, T0 } from '../helpers.js';
import type { ContractContext } from './contract-context.js';
import { S } from './contract-context.js';

export function describeStreamContract({
  fresh,
  storeWith,
}: ContractContext): void {
  describe('streamTraces', () => {
    async function collect(
      store: SpanStore,
      window: { startMicros: number; endMicros: number },
      options?: { service?: string; pageSize?: number },
    ): Promise<string[]> {
      const out: string[] = [];
      for await (const trace of store.streamTraces(window, options)) {
        out.push(...dumpTraces([trace]));
      }
      return out;
    }

    it('yields nothing from an empty store', async () => {
      const store = await fresh();
      expect(
        await collect(store, { startMicros: 0, endMicros: T0 * 2 }),
      ).toEqual([]);
    });

    it('yields the traces starting in [start, end), whole, by start time', async () => {
      // before |[t-start]  [t-mid──────|──]  | t-end(at end, excluded)
      const store = await storeWith(
        span({ trace: 'before', id: 'a', start: T0 - 1, dur: 10 }),
        span({ trace: 'mid', id: 'b', start: T0 + 5, dur: 100 }),
        span({ trace: 'mid', id: 'c', parent: 'b', start: T0 + 50, dur: 60 }),
        span({ trace: 'start', id: 'd', start: T0, dur: 1 }),
        span({ trace: 'end', id: 'e', start: T0 + 60, dur: 1 }),
      );
      expect(
        await collect(store, { startMicros: T0, endMicros: T0 + 60 }),
      ).toEqual(['start: d', 'mid: b c']);
    });

    it('pages through many traces in order', async () => {
      const store = await storeWith(
        ...Array.from({ length: 7 }, (_, i) =>
          span({ trace: `p${i}`, id: 'a', start: T0 + (i % 3), dur: 1 }),
        ),
      );
      const seen = await collect(
        store,
        { startMicros: T0, endMicros: T0 + 10 },
        { pageSize: 2 },
      );
      expect(seen).toEqual([
        'p0: a',
        'p3: a',
        'p6: a',
        'p1: a',
        'p4: a',
        'p2: a',
        'p5: a',
      ]);
    });

    it('keeps only traces with a span of the service', async () => {
      const store = await storeWith(
        span({ trace: 't1', id: 'a', service: 'front', start: T0, dur: 10 }),
        span({
          trace: 't1',
          id: 'b',
          parent: 'a',
          service: 'back',
          start: T0 + 1,
          dur: 1,
        }),
        span({
          trace: 't2',
          id: 'c',
          service: 'front',
          start: T0 + 2,
          dur: 1,
        }),
      );
      expect(
        await collect(
          store,
          { startMicros: T0, endMicros: T0 + S },
          { service: 'back' },
        ),
      ).toEqual(['t1: a b']);
    });

    it('rejects a page size of 0', async () => {
      const store = await fresh();
      await expect(
        collect(store, { startMicros: 0, endMicros: 1 }, { pageSize: 0 }),
      ).rejects.toSatisfy((err) =>
        isStoreError(err, 'PATHPROF_ERR_STORE_BAD_QUERY'),
      );
    });
  });
}
