import type { Micros } from '@pathprof/model';
import { openClickHouseStore } from './clickhouse/open-clickhouse-store.js';
import { openDuckDbStore } from './duckdb/open-duckdb-store.js';
import type { SpanStore } from './span-store.js';

/** The embedded store (the default): a data directory on this machine. */
export interface EmbeddedSpanStoreOptions {
  readonly kind?: 'embedded';
  /** `--data`: a data directory (created if missing) or `:memory:`. */
  readonly path: string;
  /** `--retention`: time since receipt after which `applyRetention` deletes a trace, in µs. */
  readonly retentionMicros?: Micros;
  /** The clock that dates appends given no receive time; default the system's. */
  readonly nowMicros?: () => Micros;
  /** DuckDB's own memory bound, bytes (default 1 GiB in a data directory). */
  readonly memoryLimitBytes?: number;
  /** Acknowledged bytes not yet loaded before appends are refused as busy (default 256 MiB). */
  readonly maxBacklogBytes?: number;
}

/** A ClickHouse server (`--store clickhouse`), shared by any number of collectors. */
export interface ClickHouseSpanStoreOptions {
  readonly kind: 'clickhouse';
  /** `--clickhouse-url`: the HTTP interface, e.g. `http://localhost:8123`; may carry user and password. */
  readonly url: string;
  /** `--clickhouse-database`, created if missing (letters, digits, `_`). Default `pathprof`. */
  readonly database?: string;
  /**
   * `--clickhouse-cluster`: a cluster of the servers' `remote_servers` (one
   * replica per shard). Local tables are created on every shard and
   * `Distributed` tables over them, sharded by trace id; see
   * docs/clickhouse.md.
   */
  readonly cluster?: string;
  /**
   * `--clickhouse-shard-url`: the HTTP interface of each shard of `cluster`.
   * Default: `url` with each shard's host name from `system.clusters`.
   */
  readonly shardUrls?: readonly string[];
  /**
   * `--clickhouse-shard-inserts`: with `cluster`, send each trace's spans
   * straight to the shard that owns it (the one the `Distributed` table would
   * pick) instead of through `url`. Default false.
   */
  readonly shardInserts?: boolean;
  /** INSERTs in flight at once (at least 1; default 2; see the ClickHouse write queue). */
  readonly maxInsertsInFlight?: number;
  /** `--retention`: time since receipt after which `applyRetention` deletes a trace, in µs. */
  readonly retentionMicros?: Micros;
  /** The clock that dates appends given no receive time; default the system's. */
  readonly nowMicros?: () => Micros;
}

export type SpanStoreOptions =
  EmbeddedSpanStoreOptions | ClickHouseSpanStoreOptions;

/**
 * Opens the store the options name, the one call composition roots use so
 * that nothing outside this package names the database behind it. Rejects
 * with a `StoreError` (locked, corrupt, newer schema, cannot open or reach).
 */
export function openSpanStore(options: SpanStoreOptions): Promise<SpanStore> {
  const retention = {
    ...(options.retentionMicros === undefined
      ? {}
      : { retentionMicros: options.retentionMicros }),
    ...(options.nowMicros === undefined
      ? {}
      : { nowMicros: options.nowMicros }),
  };
  if (options.kind === 'clickhouse') {
    return openClickHouseStore({
      url: options.url,
      ...(options.database === undefined ? {} : { database: options.database }),
      ...(options.cluster === undefined ? {} : { cluster: options.cluster }),
      ...(options.shardUrls === undefined
        ? {}
        : { shardUrls: options.shardUrls }),
      ...(options.shardInserts === undefined
        ? {}
        : { shardInserts: options.shardInserts }),
      ...(options.maxInsertsInFlight === undefined
        ? {}
        : { maxInsertsInFlight: options.maxInsertsInFlight }),
      ...retention,
    });
  }
  return openDuckDbStore({
    path: options.path,
    ...retention,
    ...(options.memoryLimitBytes === undefined
      ? {}
      : { memoryLimitBytes: options.memoryLimitBytes }),
    ...(options.maxBacklogBytes === undefined
      ? {}
      : { maxBacklogBytes: options.maxBacklogBytes }),
  });
}
