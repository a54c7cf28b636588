/** Contract: listServices and listOperations. */
import { describe, expect, it } from 'vitest';
import { span, T0 } from '../helpers.js';
import type { ContractContext } from './contract-context.js';

export function describeCatalogContract({
  fresh,
  storeWith,
}: ContractContext): void {
  describe('listServices and listOperations', () => {
    it('lists nothing for an empty store', async () => {
      const store = await fresh();
      expect(await store.listServices()).toEqual([]);
      expect(await store.listOperations('svc-a')).toEqual([]);
    });

    it('lists services sorted, once each', async () => {
      const store = await storeWith(
        span({ trace: 't1', id: 'a', service: 'zeta', start: T0, dur: 1 }),
        span({ trace: 't1', id: 'b', service: 'alpha', start: T0, dur: 1 }),
        span({ trace: 't2', id: 'c', service: 'zeta', start: T0, dur: 1 }),
      );
      expect(await store.listServices()).toEqual(['alpha', 'zeta']);
    });

    it('lists operations with their span kinds, an operation once per kind', async () => {
      const store = await storeWith(
        span({ id: 'a', op: 'GET /x', kind: 'server', start: T0, dur: 1 }),
        span({ id: 'b', op: 'GET /x', kind: 'client', start: T0, dur: 1 }),
        span({ id: 'c', op: 'db.query', kind: 'client', start: T0, dur: 1 }),
        span({
          id: 'd',
          op: 'GET /x',
          kind: 'server',
          start: T0 + 1,
          dur: 1,
        }),
        span({ id: 'e', op: 'other', service: 'svc-b', start: T0, dur: 1 }),
      );
      expect(await store.listOperations('svc-a')).toEqual([
        { name: 'GET /x', spanKind: 'client' },
        { name: 'GET /x', spanKind: 'server' },
        { name: 'db.query', spanKind: 'client' },
      ]);
      expect(await store.listOperations('svc-a', 'client')).toEqual([
        { name: 'GET /x', spanKind: 'client' },
        { name: 'db.query', spanKind: 'client' },
      ]);
      expect(await store.listOperations('nope')).toEqual([]);
    });
  });
}
