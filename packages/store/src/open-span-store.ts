import type { Micros } from '@pathprof/model';
import { openClickHouseStore } from './clickhouse/open-clickhouse-store.js';
import { openDuckDbStore } from './duckdb/open-duckdb-store.js';
import type { SpanStore } from './span-store.js';
import { StoreError } from './store-error.js';

/** The embedded store (the default): a data directory on this machine. */
export interface EmbeddedSpanStoreOptions {
  readonly kind?: 'embedded';
  /** `--data`: a data directory (created if missing) or `:memory:`. */
  readonly path: string;
  /** `--retention`: age after which `applyRetention` deletes a trace, in µs. */
  readonly retentionMicros?: Micros;
}

/** A ClickHouse server (`--store clickhouse`), shared by any number of collectors. */
export interface ClickHouseSpanStoreOptions {
  readonly kind: 'clickhouse';
  /** `--clickhouse-url`: the HTTP interface, e.g. `http://localhost:8123`; may carry user and password. */
  readonly url: string;
  /** `--clickhouse-database`, created if missing (letters, digits, `_`). Default `pathprof`. */
  readonly database?: string;
  /**
   * `--clickhouse-cluster`: a cluster of the server's `remote_servers`, for
   * sharded tables. Not supported yet: opening rejects with
   * `PATHPROF_ERR_STORE_OPEN`.
   */
  readonly cluster?: string;
  /** `--retention`: age after which `applyRetention` deletes a trace, in µs. */
  readonly retentionMicros?: Micros;
}

export type SpanStoreOptions =
  EmbeddedSpanStoreOptions | ClickHouseSpanStoreOptions;

/**
 * Opens the store the options name, the one call composition roots use so
 * that nothing outside this package names the database behind it. Rejects
 * with a `StoreError` (locked, corrupt, newer schema, cannot open or reach).
 */
export function openSpanStore(options: SpanStoreOptions): Promise<SpanStore> {
  const retention =
    options.retentionMicros === undefined
      ? {}
      : { retentionMicros: options.retentionMicros };
  if (options.kind === 'clickhouse') {
    if (options.cluster !== undefined) {
      return Promise.reject(
        new StoreError(
          'PATHPROF_ERR_STORE_OPEN',
          'ClickHouse clusters (--clickhouse-cluster) are not supported yet; use a single server',
        ),
      );
    }
    return openClickHouseStore({
      url: options.url,
      ...(options.database === undefined ? {} : { database: options.database }),
      ...retention,
    });
  }
  return openDuckDbStore({ path: options.path, ...retention });
}
