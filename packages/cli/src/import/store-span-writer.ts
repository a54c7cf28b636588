/** Imports into the embedded store directly (`--data DIR`). */
import { isStoreError, openSpanStore } from '@pathprof/store';
import { ServeError } from '../serve/serve-error.js';
import type { SpanWriter } from './span-writer.js';

export async function openStoreSpanWriter(
  path: string,
  retentionMicros: number | undefined,
): Promise<SpanWriter> {
  try {
    const store = await openSpanStore({
      path,
      ...(retentionMicros === undefined ? {} : { retentionMicros }),
    });
    return {
      target: path,
      write: (spans) => store.appendSpans(spans),
      close: () => store.close(),
    };
  } catch (err) {
    if (isStoreError(err)) {
      throw new ServeError(`--data ${path}`, err.message);
    }
    throw err;
  }
}
