/**
 * The ClickHouse schema, versioned in `pathprof_schema`. Opening a store
 * creates the database and applies the migrations past the stored version;
 * every statement is `IF NOT EXISTS`, so collectors starting together are
 * safe. A database written by a newer schema is refused rather than misread.
 *
 * Layout (SQL kept to what ClickHouse 18.16 accepts; see docs/clickhouse.md):
 * - `spans`: one row per stored span, MergeTree partitioned by UTC day of the
 *   start and ordered by (service, start_us, trace_id), the shape of Jaeger's
 *   searches ("this service, this time range"). Attributes are parallel
 *   arrays of keys, values as text and value types; CPU and memory per hop are
 *   typed columns. `seq` orders copies of a re-sent span (first stored wins).
 * - `trace_times`: trace id → first start / last end, an AggregatingMergeTree
 *   ordered by trace id, filled by the materialized view `trace_times_mv` on
 *   every insert into `spans`. Searches order and page on it; trace reads use
 *   it to bound the partitions they scan.
 *
 * On a cluster (`TableLayout.cluster`) these names belong to `Distributed`
 * tables over `spans_local` and `trace_times_local` on every shard, sharded by
 * `cityHash64(trace_id)` so that a trace and its `trace_times` row share a
 * shard; the view fills each shard's `trace_times_local` from its own
 * `spans_local`. Reads stay the same SQL.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { StoreError } from '../store-error.js';
import { serverErrorCode } from './clickhouse-errors.js';
import { quoteString } from './clickhouse-sql.js';
import { selectRows } from './run-query.js';
import type { TableLayout } from './table-layout.js';

export const SCHEMA_VERSION = 4;

const KIND_ENUM =
  "Enum8('unspecified' = 0, 'internal' = 1, 'server' = 2, 'client' = 3, 'producer' = 4, 'consumer' = 5)";
const VALUE_TYPE_ENUM =
  "Enum8('string' = 0, 'number' = 1, 'boolean' = 2, 'array' = 3)";

const pathTracesTable = (db: string, table: string): string =>
  `CREATE TABLE IF NOT EXISTS ${db}.${table} (
    run_id FixedString(16),
    trace_id FixedString(32),
    trace_start_us UInt64,
    spans UInt32,
    has_hops UInt8,
    services Array(String),
    warning_codes Array(String)
  ) ENGINE = MergeTree
  PARTITION BY toDate(toDateTime(intDiv(trace_start_us, 1000000)), 'UTC')
  ORDER BY (trace_start_us, trace_id)`;

const pathRunsTable = (db: string, table: string): string =>
  `CREATE TABLE IF NOT EXISTS ${db}.${table} (
    window_start_us UInt64,
    window_end_us UInt64,
    run_id FixedString(16),
    span_count UInt64,
    traces UInt64,
    records UInt64,
    finished_us UInt64
  ) ENGINE = MergeTree ORDER BY (window_start_us, finished_us)`;

/**
 * A migration statement; `addsColumn` marks an `ALTER TABLE … ADD COLUMN`,
 * which 18.16 cannot write `IF NOT EXISTS`: a column another collector
 * added first is taken as done (`COLUMN_EXISTS_CODES`).
 */
type Step = string | { readonly query: string; readonly addsColumn: true };

/** The migrations, in order; `nowMicros` dates what was stored before receive times were. */
function createMigrations(
  db: string,
  layout: TableLayout,
  nowMicros: number,
): readonly (readonly Step[])[] {
  const {
    spans,
    traceTimes,
    traceReceived,
    pathRecords,
    pathTraces,
    pathRuns,
    pathRollups,
  } = layout.local;
  const now = Math.round(nowMicros);
  return [
    // 1: the initial layout.
    [
      `CREATE TABLE IF NOT EXISTS ${db}.${spans} (
        trace_id FixedString(32),
        span_id FixedString(16),
        parent_span_id String,
        service String,
        operation String,
        kind ${KIND_ENUM},
        status Enum8('unset' = 0, 'ok' = 1, 'error' = 2),
        status_message Nullable(String),
        start_us UInt64,
        duration_us UInt64,
        missing_timing Enum8('none' = 0, 'start' = 1, 'duration' = 2, 'both' = 3),
        shared Nullable(UInt8),
        attr_keys Array(String),
        attr_values Array(String),
        attr_types Array(${VALUE_TYPE_ENUM}),
        resource_keys Array(String),
        resource_values Array(String),
        resource_types Array(${VALUE_TYPE_ENUM}),
        events String,
        event_names Array(String),
        event_attr_keys Array(String),
        event_attr_values Array(String),
        ref_types Array(Enum8('child_of' = 0, 'follows_from' = 1, 'link' = 2)),
        ref_trace_ids Array(String),
        ref_span_ids Array(String),
        cpu_us Nullable(Float64),
        memory_bytes Nullable(Float64),
        hop_path Nullable(String),
        seq UInt64
      ) ENGINE = MergeTree
      PARTITION BY toDate(toDateTime(intDiv(start_us, 1000000)), 'UTC')
      ORDER BY (service, start_us, trace_id)`,
      `CREATE TABLE IF NOT EXISTS ${db}.${traceTimes} (
        trace_id FixedString(32),
        first_start_us AggregateFunction(min, UInt64),
        last_end_us AggregateFunction(max, UInt64)
      ) ENGINE = AggregatingMergeTree ORDER BY trace_id`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.trace_times_mv
      TO ${db}.${traceTimes} AS
      SELECT trace_id,
        minState(start_us) AS first_start_us,
        maxState(start_us + duration_us) AS last_end_us
      FROM ${db}.${spans} GROUP BY trace_id`,
      ...createDistributedTables(db, layout, [
        ['spans', layout.local.spans, 'cityHash64(trace_id)'],
        ['trace_times', layout.local.traceTimes, 'cityHash64(trace_id)'],
      ]),
    ],
    // 2: the path index (docs/clickhouse.md, "Path index").
    [
      `CREATE TABLE IF NOT EXISTS ${db}.${pathRecords} (
        run_id FixedString(16),
        trace_id FixedString(32),
        trace_start_us UInt64,
        trace_hash UInt32,
        path_key String,
        incomplete UInt8,
        error UInt8,
        duration_us Float64,
        cpu_us Nullable(Float64),
        memory_bytes Nullable(Float64),
        pos_labels Array(String),
        pos_duration Array(Float64),
        pos_self Array(Float64),
        pos_cpu Array(Nullable(Float64)),
        pos_memory Array(Nullable(Float64)),
        pos_error Array(UInt8),
        pos_critical Array(Float64)
      ) ENGINE = MergeTree
      PARTITION BY toDate(toDateTime(intDiv(trace_start_us, 1000000)), 'UTC')
      ORDER BY (trace_start_us, path_key)`,
      pathTracesTable(db, pathTraces),
      pathRunsTable(db, pathRuns),
      ...createDistributedTables(db, layout, [
        ['path_records', pathRecords, 'cityHash64(trace_id)'],
        ['path_traces', pathTraces, 'cityHash64(trace_id)'],
        ['path_index_runs', pathRuns, 'window_start_us'],
      ]),
    ],
    // 3: path index v3 — one record per path per trace, with the branch
    // time, each position's service, calls, overlap, callee split and
    // categorical values. The index is derived data: its v2 tables are
    // dropped (runs too, so indexers index their windows again), not converted.
    [
      ...dropTables(db, layout, [
        ['path_records', pathRecords],
        ['path_traces', pathTraces],
        ['path_index_runs', pathRuns],
      ]),
      `CREATE TABLE IF NOT EXISTS ${db}.${pathRecords} (
        run_id FixedString(16),
        trace_id FixedString(32),
        trace_start_us UInt64,
        trace_hash UInt32,
        path_key String,
        incomplete UInt8,
        error UInt8,
        duration_us Float64,
        branch_us Float64,
        cpu_us Nullable(Float64),
        memory_bytes Nullable(Float64),
        pos_labels Array(String),
        pos_services Array(String),
        pos_calls Array(UInt32),
        pos_critical_calls Array(UInt32),
        pos_overlap Array(Float64),
        pos_duration Array(Float64),
        pos_self Array(Float64),
        pos_cpu Array(Nullable(Float64)),
        pos_memory Array(Nullable(Float64)),
        pos_in_next Array(Float64),
        pos_in_other Array(Float64),
        pos_other_branch Array(Nullable(String)),
        pos_error Array(UInt8),
        pos_error_source Array(Nullable(String)),
        pos_critical Array(Float64)
      ) ENGINE = MergeTree
      PARTITION BY toDate(toDateTime(intDiv(trace_start_us, 1000000)), 'UTC')
      ORDER BY (trace_start_us, path_key)`,
      pathTracesTable(db, pathTraces),
      pathRunsTable(db, pathRuns),
      ...createDistributedTables(db, layout, [
        ['path_records', pathRecords, 'cityHash64(trace_id)'],
        ['path_traces', pathTraces, 'cityHash64(trace_id)'],
        ['path_index_runs', pathRuns, 'window_start_us'],
      ]),
      // Retention counts from when a span was received: spans stored before
      // read as received now (the column's default), so an upgrade deletes
      // nothing at once. Each trace's latest receipt is kept by a view, like
      // its time range; the traces stored before get theirs from trace_times.
      ...[spans, ...(layout.cluster === undefined ? [] : ['spans'])].map(
        (table): Step => ({
          query: `ALTER TABLE ${db}.${table} ADD COLUMN received_us UInt64 DEFAULT ${now}`,
          addsColumn: true,
        }),
      ),
      `CREATE TABLE IF NOT EXISTS ${db}.${traceReceived} (
        trace_id FixedString(32),
        last_received_us AggregateFunction(max, UInt64)
      ) ENGINE = AggregatingMergeTree ORDER BY trace_id`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.trace_received_mv
      TO ${db}.${traceReceived} AS
      SELECT trace_id, maxState(received_us) AS last_received_us
      FROM ${db}.${spans} GROUP BY trace_id`,
      `INSERT INTO ${db}.${traceReceived}
      SELECT trace_id, maxState(toUInt64(${now})) FROM ${db}.${traceTimes}
      GROUP BY trace_id`,
    ],
    // 4: the path index's rollups, a run's window pre-merged into engine
    // state (base64 of opaque bytes); the latest write of a run and kind wins.
    [
      `CREATE TABLE IF NOT EXISTS ${db}.${pathRollups} (
        run_id FixedString(16),
        kind String,
        state String,
        written_us UInt64
      ) ENGINE = MergeTree ORDER BY (run_id, kind)`,
      ...createDistributedTables(db, layout, [
        ['path_rollups', pathRollups, 'cityHash64(run_id)'],
      ]),
    ],
  ];
}

/** Drops tables named [name, local table]: the `Distributed` one first on a cluster. */
function dropTables(
  db: string,
  layout: TableLayout,
  tables: readonly (readonly [string, string])[],
): string[] {
  return tables.flatMap(([name, local]) => [
    ...(layout.cluster === undefined
      ? []
      : [`DROP TABLE IF EXISTS ${db}.${name}`]),
    `DROP TABLE IF EXISTS ${db}.${local}`,
  ]);
}

/** `Distributed` tables named [name, over local table, sharding key]; none on one server. */
function createDistributedTables(
  db: string,
  layout: TableLayout,
  tables: readonly (readonly [string, string, string])[],
): string[] {
  if (layout.cluster === undefined) {
    return [];
  }
  return tables.map(
    ([name, local, key]) =>
      `CREATE TABLE IF NOT EXISTS ${db}.${name} AS ${db}.${local} ENGINE = Distributed(${quoteString(layout.cluster!)}, ${quoteString(db)}, ${quoteString(local)}, ${key})`,
  );
}

/**
 * Creates or migrates the schema of `db` (a checked name) on one server to
 * `version` (tests stop at an older one); idempotent. Refuses a database
 * laid out for another cluster, or for none.
 */
export async function ensureSchema(
  client: ClickHouseClient,
  db: string,
  layout: TableLayout,
  clock: () => number,
  version: number = SCHEMA_VERSION,
): Promise<void> {
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` });
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS ${db}.pathprof_schema (
      version UInt32, applied_us UInt64) ENGINE = MergeTree ORDER BY version`,
  });
  const result = await client.query({
    query: `SELECT max(version) AS version FROM ${db}.pathprof_schema`,
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ version: number }>();
  const stored = Number(row?.version ?? 0);
  if (stored > SCHEMA_VERSION) {
    throw new StoreError(
      'PATHPROF_ERR_STORE_SCHEMA',
      `ClickHouse database ${db} holds schema version ${stored}; this pathprof reads up to ${SCHEMA_VERSION}. Upgrade pathprof or use another --clickhouse-database.`,
    );
  }
  const migrations = createMigrations(db, layout, clock());
  for (let v = stored + 1; v <= version; v++) {
    for (const step of migrations[v - 1]!) {
      await runStep(client, step);
    }
    await client.insert({
      table: `${db}.pathprof_schema`,
      values: [{ version: v, applied_us: Math.round(clock()) }],
      format: 'JSONEachRow',
    });
  }
  await checkLayout(client, db, layout);
}

/**
 * "Column with this name already exists": ILLEGAL_COLUMN (44) in 18.16,
 * DUPLICATE_COLUMN (15) in current releases.
 */
const COLUMN_EXISTS_CODES: ReadonlySet<string> = new Set(['44', '15']);

async function runStep(client: ClickHouseClient, step: Step): Promise<void> {
  if (typeof step === 'string') {
    await client.command({ query: step });
    return;
  }
  try {
    await client.command({ query: step.query });
  } catch (err) {
    if (!COLUMN_EXISTS_CODES.has(serverErrorCode(err) ?? '')) {
      throw err;
    }
  }
}

/** Checks that `spans` is sharded over `layout.cluster`, or plain without one. */
async function checkLayout(
  client: ClickHouseClient,
  db: string,
  layout: TableLayout,
): Promise<void> {
  const [row] = await selectRows<{ engine_full: string }>(
    client,
    `SELECT engine_full FROM system.tables
     WHERE database = ${quoteString(db)} AND name = 'spans'`,
  );
  const found = /^Distributed\('?([^',]*)/.exec(row?.engine_full ?? '')?.[1];
  if (found === layout.cluster) {
    return;
  }
  throw new StoreError(
    'PATHPROF_ERR_STORE_SCHEMA',
    found === undefined
      ? `ClickHouse database ${db} holds unsharded tables; open it without --clickhouse-cluster, or use another --clickhouse-database for the cluster`
      : `ClickHouse database ${db} is sharded over cluster ${found}; open it with --clickhouse-cluster ${found}`,
  );
}
