import type { Micros } from '@pathprof/model';
import { openDuckDbStore } from './duckdb/open-duckdb-store.js';
import type { SpanStore } from './span-store.js';

export interface SpanStoreOptions {
  /** `--data`: a data directory (created if missing) or `:memory:`. */
  readonly path: string;
  /** `--retention`: age after which `applyRetention` deletes a trace, in µs. */
  readonly retentionMicros?: Micros;
}

/**
 * Opens the embedded store, the one composition roots use so that nothing
 * outside this package names the database behind it. Rejects with a
 * `StoreError` (locked, corrupt, newer schema, cannot open).
 */
export function openSpanStore(options: SpanStoreOptions): Promise<SpanStore> {
  return openDuckDbStore({
    path: options.path,
    ...(options.retentionMicros === undefined
      ? {}
      : { retentionMicros: options.retentionMicros }),
  });
}
