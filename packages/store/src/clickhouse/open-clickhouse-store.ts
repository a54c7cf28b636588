/**
 * Opens the ClickHouse adapter: checks the options, connects with the
 * official client, creates or migrates the schema, and hands back a
 * `SpanStore`. Rejects with a `StoreError`: `PATHPROF_ERR_STORE_OPEN` when the
 * server cannot be reached or refuses, `PATHPROF_ERR_STORE_SCHEMA` when the
 * database was written by a newer pathprof or laid out for another cluster.
 *
 * With `cluster`, the schema is created on every shard (local tables, the
 * view, and `Distributed` tables over them); appends and reads go to `url`
 * through the `Distributed` tables, deletions to each shard. Inserts are
 * synchronous (`insert_distributed_sync`): an append is acknowledged once
 * every shard it touched has written its part, as on one server. With
 * `shardInserts`, the store splits appends by shard itself and sends each
 * shard its rows; an append is acknowledged once every shard's INSERT
 * answered.
 */
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import type { Micros } from '@pathprof/model';
import { SYSTEM_CLOCK } from '../internal/check-args.js';
import type { Clock } from '../internal/check-args.js';
import type { SpanStore } from '../span-store.js';
import { StoreError } from '../store-error.js';
import { isDatabaseName } from './clickhouse-sql.js';
import { describeServer, toStoreError } from './clickhouse-errors.js';
import { ClickHouseSpanStore } from './clickhouse-span-store.js';
import { resolveShards } from './cluster-shards.js';
import type { ClusterShard } from './cluster-shards.js';
import { ensureSchema } from './schema.js';
import { TraceShards } from './trace-shards.js';
import { createClusterLayout, SINGLE_SERVER_LAYOUT } from './table-layout.js';
import type { TableLayout } from './table-layout.js';

export interface ClickHouseStoreOptions {
  /** `--clickhouse-url`: the HTTP interface, e.g. `http://localhost:8123`; may hold user and password. */
  readonly url: string;
  /** `--clickhouse-database`, created if missing; letters, digits and `_`. Default `pathprof`. */
  readonly database?: string;
  /** `--clickhouse-cluster`: a cluster of the servers' `remote_servers` to shard over. */
  readonly cluster?: string;
  /**
   * `--clickhouse-shard-url`: the HTTP interface of each shard of `cluster`.
   * Default: `url` with each shard's host name from `system.clusters`.
   */
  readonly shardUrls?: readonly string[];
  /**
   * `--clickhouse-shard-inserts`: with `cluster`, write each trace's spans
   * straight into the local table of the shard that owns it (the shard the
   * `Distributed` table would pick), one INSERT per shard, instead of
   * through the `Distributed` table at `url`. Default false.
   */
  readonly shardInserts?: boolean;
  /** `--retention`: time since receipt after which `applyRetention` deletes a trace, in µs. */
  readonly retentionMicros?: Micros;
  /**
   * The clock that dates appends given no receive time, and spans already
   * stored when a schema migration first records receive times; default the
   * system's.
   */
  readonly nowMicros?: () => Micros;
  /** Tries per INSERT when ClickHouse is unreachable or overloaded. Default 4. */
  readonly insertAttempts?: number;
  /** Wait before the second try, doubled before each later one. Default 250 ms. */
  readonly retryDelayMillis?: number;
  /** Spans of waiting appends merged into one INSERT. Default 50 000. */
  readonly maxBatchSpans?: number;
  /**
   * INSERTs of spans running at once: while the server writes one, the next
   * is sent. Each append is still acknowledged only by its own INSERT's
   * answer. Default 2.
   */
  readonly maxInsertsInFlight?: number;
  /** Spans allowed to wait for ClickHouse before appends are refused. Default 500 000. */
  readonly maxQueuedSpans?: number;
  /** Time limit of one request to ClickHouse. Default 60 s. */
  readonly requestTimeoutMillis?: number;
}

export const DEFAULT_CLICKHOUSE_DATABASE = 'pathprof';

const CLUSTER_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * On a cluster: wait for every shard on INSERT (acknowledged = durable), and
 * run `IN (SELECT … FROM spans)` on each shard over its local tables, which
 * is exact because a trace never spans two shards.
 */
const CLUSTER_SETTINGS: ClickHouseSettings = {
  insert_distributed_sync: 1,
  distributed_product_mode: 'local',
};

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
  if (options.cluster !== undefined && !CLUSTER_NAME.test(options.cluster)) {
    throw new StoreError(
      'PATHPROF_ERR_STORE_OPEN',
      'the ClickHouse cluster name may hold only letters, digits, _, . and -',
    );
  }
  if (options.shardInserts === true && options.cluster === undefined) {
    throw new StoreError(
      'PATHPROF_ERR_STORE_OPEN',
      'shard inserts write into the shards of a cluster; give the ClickHouse cluster too',
    );
  }
  const layout =
    options.cluster === undefined
      ? SINGLE_SERVER_LAYOUT
      : createClusterLayout(options.cluster);
  const server = describeServer(options.url);
  const connect = (url: string, database?: string): ClickHouseClient =>
    createClient({
      url,
      request_timeout: options.requestTimeoutMillis ?? 60_000,
      log: { level: ClickHouseLogLevel.OFF },
      ...(database === undefined ? {} : { database }),
      ...(layout.cluster === undefined
        ? {}
        : { clickhouse_settings: CLUSTER_SETTINGS }),
    });
  const clock = options.nowMicros ?? SYSTEM_CLOCK;
  const shards = await prepareServers(
    options,
    database,
    layout,
    connect,
    clock,
  );
  return new ClickHouseSpanStore({
    client: connect(options.url, database),
    shards: shards.map((shard) => connect(shard.url, database)),
    shardInserts:
      options.shardInserts === true
        ? new TraceShards(shards.map((shard) => shard.weight))
        : undefined,
    layout,
    database,
    server,
    retentionMicros: options.retentionMicros,
    clock,
    retry: {
      attempts: Math.max(1, options.insertAttempts ?? 4),
      delayMillis: options.retryDelayMillis ?? 250,
    },
    maxBatchSpans: options.maxBatchSpans ?? 50_000,
    maxQueuedSpans: options.maxQueuedSpans ?? 500_000,
    maxInsertsInFlight: Math.max(1, options.maxInsertsInFlight ?? 2),
  });
}

/**
 * Creates or checks the schema on every server the store writes to, and
 * returns the shards (none on one server).
 */
async function prepareServers(
  options: ClickHouseStoreOptions,
  database: string,
  layout: TableLayout,
  connect: (url: string) => ClickHouseClient,
  clock: Clock,
): Promise<ClusterShard[]> {
  const entry = connect(options.url);
  try {
    const shards =
      layout.cluster === undefined
        ? []
        : await resolveShards(entry, {
            connect,
            entryUrl: options.url,
            cluster: layout.cluster,
            shardUrls: options.shardUrls,
          });
    for (const { url } of shards) {
      await withClient(connect(url), (client) =>
        ensureSchemaOn(client, database, layout, url, clock),
      );
    }
    // The entry may be a shard (then this finds the schema done), a
    // load balancer in front of them, or a server that only queries.
    await ensureSchemaOn(entry, database, layout, options.url, clock);
    return shards;
  } catch (err) {
    throw toStoreError(
      err,
      'PATHPROF_ERR_STORE_OPEN',
      'schema set-up',
      describeServer(options.url),
    );
  } finally {
    await entry.close();
  }
}

async function ensureSchemaOn(
  client: ClickHouseClient,
  database: string,
  layout: TableLayout,
  url: string,
  clock: Clock,
): Promise<void> {
  try {
    await ensureSchema(client, database, layout, clock);
  } catch (err) {
    throw toStoreError(
      err,
      'PATHPROF_ERR_STORE_OPEN',
      'schema set-up',
      describeServer(url),
    );
  }
}

async function withClient<T>(
  client: ClickHouseClient,
  body: (client: ClickHouseClient) => Promise<T>,
): Promise<T> {
  try {
    return await body(client);
  } finally {
    await client.close();
  }
}
