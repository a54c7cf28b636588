/** Contract: close: pending appends finish, later calls are refused. */
import { describe, expect, it } from 'vitest';
import { isStoreError } from '../../src/index.js';
import { span, T0, tid } from '../helpers.js';
import type { ContractContext } from './contract-context.js';
import { S } from './contract-context.js';

export function describeCloseContract({ createStore }: ContractContext): void {
  describe('close', () => {
    it('waits for pending appends', async () => {
      const store = await createStore();
      let acked = false;
      const append = store
        .appendSpans([span({ id: 'a', start: T0, dur: 1 })])
        .then(() => (acked = true));
      await store.close();
      expect(acked).toBe(true);
      await append;
    });

    it('rejects every call afterwards with PATHPROF_ERR_STORE_CLOSED, and closes twice quietly', async () => {
      const store = await createStore();
      await store.close();
      await store.close();
      const closed = (err: unknown): boolean =>
        isStoreError(err, 'PATHPROF_ERR_STORE_CLOSED');
      await expect(store.appendSpans([])).rejects.toSatisfy(closed);
      await expect(store.searchTraces({ limit: 1 })).rejects.toSatisfy(closed);
      await expect(store.getTraces([tid('t1')])).rejects.toSatisfy(closed);
      await expect(store.listServices()).rejects.toSatisfy(closed);
      await expect(store.listOperations('x')).rejects.toSatisfy(closed);
      await expect(store.getDependencies(T0, S)).rejects.toSatisfy(closed);
      await expect(store.deleteOlderThan(T0)).rejects.toSatisfy(closed);
      await expect(store.deleteReceivedBefore(T0)).rejects.toSatisfy(closed);
      await expect(store.applyRetention(T0)).rejects.toSatisfy(closed);
      const iterate = async (): Promise<void> => {
        for await (const trace of store.streamTraces({
          startMicros: 0,
          endMicros: T0,
        })) {
          expect.unreachable(`yielded ${trace.traceId}`);
        }
      };
      await expect(iterate()).rejects.toSatisfy(closed);
    });
  });
}
