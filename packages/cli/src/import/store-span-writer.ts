/**
 * Imports into the embedded store directly (`--data DIR`), each batch stored
 * as received when it is written (by `nowMicros`): the retention of a later
 * `pathprof serve` counts from the import, not from the traces' own times.
 */
import { isStoreError, openSpanStore } from '@pathprof/store';
import { createServeError } from '../shared/cli-error.js';
import type { SpanWriter } from '@pathprof/sources';

export async function openStoreSpanWriter(
  path: string,
  nowMicros: () => number,
): Promise<SpanWriter> {
  try {
    const store = await openSpanStore({ path });
    return {
      target: path,
      write: async (spans) => {
        try {
          return await store.appendSpans(spans, {
            receivedMicros: nowMicros(),
          });
        } catch (err) {
          if (isStoreError(err)) {
            throw createServeError(`--data ${path}`, err.message);
          }
          throw err;
        }
      },
      close: () => store.close(),
    };
  } catch (err) {
    if (isStoreError(err)) {
      throw createServeError(`--data ${path}`, err.message);
    }
    throw err;
  }
}
