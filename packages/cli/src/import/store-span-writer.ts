/** Imports into the embedded store directly (`--data DIR`). */
import { isStoreError, openSpanStore } from '@pathprof/store';
import { ServeError } from '../serve/serve-error.js';
import type { SpanWriter } from './span-writer.js';

export async function openStoreSpanWriter(path: string): Promise<SpanWriter> {
  try {
    const store = await openSpanStore({ path });
    return {
      target: path,
      write: async (spans) => {
        try {
          return await store.appendSpans(spans);
        } catch (err) {
          if (isStoreError(err)) {
            throw new ServeError(`--data ${path}`, err.message);
          }
          throw err;
        }
      },
      close: () => store.close(),
    };
  } catch (err) {
    if (isStoreError(err)) {
      throw new ServeError(`--data ${path}`, err.message);
    }
    throw err;
  }
}
