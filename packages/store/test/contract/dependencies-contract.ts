/** Contract: getDependencies: calls across services over a window. */
import type { Span } from '@pathprof/model';
import { describe, expect, it } from 'vitest';
import { span, T0 } from '../helpers.js';
import type { ContractContext } from './contract-context.js';
import { S } from './contract-context.js';

export function describeDependenciesContract({
  fresh,
  storeWith,
}: ContractContext): void {
  describe('getDependencies', () => {
    // front ─ back ─ back(internal) ─ db ; one trace at T0
    const chain = (trace: string, at: number): Span[] => [
      span({ trace, id: 'a', service: 'front', start: at, dur: 100 }),
      span({
        trace,
        id: 'b',
        parent: 'a',
        service: 'back',
        start: at + 10,
        dur: 50,
      }),
      span({
        trace,
        id: 'c',
        parent: 'b',
        service: 'back',
        kind: 'internal',
        start: at + 20,
        dur: 20,
      }),
      span({
        trace,
        id: 'd',
        parent: 'c',
        service: 'db',
        kind: 'client',
        start: at + 25,
        dur: 5,
      }),
    ];

    it('returns nothing for an empty store', async () => {
      const store = await fresh();
      expect(await store.getDependencies(T0, 3600 * S)).toEqual([]);
    });

    it('counts calls across services, not within one', async () => {
      const store = await storeWith(...chain('t1', T0), ...chain('t2', T0 + S));
      expect(await store.getDependencies(T0 + 10 * S, 3600 * S)).toEqual([
        { parent: 'back', child: 'db', callCount: 2 },
        { parent: 'front', child: 'back', callCount: 2 },
      ]);
    });

    it('counts only traces with a span starting in the window', async () => {
      const store = await storeWith(
        ...chain('t1', T0),
        ...chain('t2', T0 + 3600 * S),
      );
      expect(await store.getDependencies(T0 + 3600 * S + 1, 60 * S)).toEqual([
        { parent: 'back', child: 'db', callCount: 1 },
        { parent: 'front', child: 'back', callCount: 1 },
      ]);
    });

    it('counts a trace whole when only part of it starts in the window', async () => {
      // window [T0+15, T0+30] holds c and d only; a→b still counts
      const store = await storeWith(...chain('t1', T0));
      expect(await store.getDependencies(T0 + 30, 15)).toEqual([
        { parent: 'back', child: 'db', callCount: 1 },
        { parent: 'front', child: 'back', callCount: 1 },
      ]);
    });

    it('counts a span appended twice once', async () => {
      const store = await fresh();
      await store.appendSpans(chain('t1', T0));
      await store.appendSpans(chain('t1', T0));
      expect(await store.getDependencies(T0 + S, 3600 * S)).toEqual([
        { parent: 'back', child: 'db', callCount: 1 },
        { parent: 'front', child: 'back', callCount: 1 },
      ]);
    });

    it('puts a shared Zipkin server span under its client', async () => {
      // front client a ─ back server a (shared) ─ back internal x ─ cache client y
      const store = await storeWith(
        span({
          id: 'a',
          service: 'front',
          kind: 'client',
          start: T0,
          dur: 10,
        }),
        span({
          id: 'a',
          service: 'back',
          kind: 'server',
          shared: true,
          start: T0 + 1,
          dur: 8,
        }),
        span({
          id: 'x',
          parent: 'a',
          service: 'back',
          kind: 'internal',
          start: T0 + 2,
          dur: 5,
        }),
        span({
          id: 'y',
          parent: 'x',
          service: 'cache',
          kind: 'client',
          start: T0 + 3,
          dur: 1,
        }),
      );
      expect(await store.getDependencies(T0 + S, 3600 * S)).toEqual([
        { parent: 'back', child: 'cache', callCount: 1 },
        { parent: 'front', child: 'back', callCount: 1 },
      ]);
    });

    it('ignores spans whose parent is missing', async () => {
      const store = await storeWith(
        span({ id: 'b', parent: 'gone', service: 'back', start: T0, dur: 1 }),
      );
      expect(await store.getDependencies(T0 + S, 3600 * S)).toEqual([]);
    });
  });
}
