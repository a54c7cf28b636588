/**
 * Opens the ClickHouse adapter: checks the options, connects with the
 * official client, creates or migrates the schema, and hands back a
 * `SpanStore`. Rejects with a `StoreError`: `PATHPROF_ERR_STORE_OPEN` when the
 * server cannot be reached or refuses, `PATHPROF_ERR_STORE_SCHEMA` when the
 * database was written by a newer pathprof.
 */
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { Micros } from '@pathprof/model';
import type { SpanStore } from '../span-store.js';
import { StoreError } from '../store-error.js';
import { isDatabaseName } from './clickhouse-sql.js';
import { describeServer, toStoreError } from './clickhouse-errors.js';
import { ClickHouseSpanStore } from './clickhouse-span-store.js';
import { ensureSchema } from './schema.js';

export interface ClickHouseStoreOptions {
  /** `--clickhouse-url`: the HTTP interface, e.g. `http://localhost:8123`; may hold user and password. */
  readonly url: string;
  /** `--clickhouse-database`, created if missing; letters, digits and `_`. Default `pathprof`. */
  readonly database?: string;
  /** `--retention`: age after which `applyRetention` deletes a trace, in µs. */
  readonly retentionMicros?: Micros;
  /** Tries per INSERT when ClickHouse is unreachable or overloaded. Default 4. */
  readonly insertAttempts?: number;
  /** Wait before the second try, doubled before each later one. Default 250 ms. */
  readonly retryDelayMillis?: number;
  /** Spans of waiting appends merged into one INSERT. Default 50 000. */
  readonly maxBatchSpans?: number;
  /** Spans allowed to wait for ClickHouse before appends are refused. Default 500 000. */
  readonly maxQueuedSpans?: number;
  /** Time limit of one request to ClickHouse. Default 60 s. */
  readonly requestTimeoutMillis?: number;
}

export const DEFAULT_CLICKHOUSE_DATABASE = 'pathprof';

export async function openClickHouseStore(
  options: ClickHouseStoreOptions,
): Promise<SpanStore> {
  const database = options.database ?? DEFAULT_CLICKHOUSE_DATABASE;
  if (!isDatabaseName(database)) {
    throw new StoreError(
      'PATHPROF_ERR_STORE_OPEN',
      'the ClickHouse database name may hold only letters, digits and _, and may not start with a digit',
    );
  }
  const server = describeServer(options.url);
  const common = {
    url: options.url,
    request_timeout: options.requestTimeoutMillis ?? 60_000,
    log: { level: ClickHouseLogLevel.OFF },
  };
  const admin = createClient(common);
  try {
    await ensureSchema(admin, database);
  } catch (err) {
    throw toStoreError(err, 'PATHPROF_ERR_STORE_OPEN', 'schema set-up', server);
  } finally {
    await admin.close();
  }
  return new ClickHouseSpanStore({
    client: createClient({ ...common, database }),
    database,
    server,
    retentionMicros: options.retentionMicros,
    retry: {
      attempts: Math.max(1, options.insertAttempts ?? 4),
      delayMillis: options.retryDelayMillis ?? 250,
    },
    maxBatchSpans: options.maxBatchSpans ?? 50_000,
    maxQueuedSpans: options.maxQueuedSpans ?? 500_000,
  });
}
