/**
 * The DuckDB schema, versioned in `pathprof_meta`. Opening a store applies the
 * migrations past the stored version in one transaction; a store written by a
 * newer schema is refused rather than misread.
 *
 * Layout: `spans` is append-only, each batch sorted by start time, so DuckDB's
 * per-row-group min/max (zone maps) on `start_us` prune time ranges. `traces`
 * keeps one row per trace (earliest start, latest end) behind a primary key,
 * maintained on append: searches order and page on it, and every read of a
 * trace's spans is bounded by its time range. Resources repeat on every span
 * of a process, so spans reference them by id. JSON columns hold JSON text.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { StoreError } from '../store-error.js';

export const SCHEMA_VERSION = 4;

/** Column order of `spans`, which the appender follows. */
export const SPAN_COLUMNS = [
  'trace_id',
  'span_id',
  'parent_span_id',
  'service',
  'operation',
  'kind',
  'status',
  'status_message',
  'start_us',
  'duration_us',
  'missing_timing',
  'shared',
  'resource_id',
  'attributes',
  'events',
  'refs',
  'cpu_us',
  'memory_bytes',
  'received_us',
] as const;

const PATH_TRACES_TABLE = `CREATE TABLE path_traces (
  run_id VARCHAR NOT NULL,
  trace_id VARCHAR NOT NULL,
  trace_start_us BIGINT NOT NULL,
  spans INTEGER NOT NULL,
  has_hops BOOLEAN NOT NULL,
  services VARCHAR[] NOT NULL,
  warning_codes VARCHAR[] NOT NULL
)`;

const PATH_INDEX_RUNS_TABLE = `CREATE TABLE path_index_runs (
  window_start_us BIGINT NOT NULL,
  window_end_us BIGINT NOT NULL,
  run_id VARCHAR NOT NULL,
  span_count BIGINT NOT NULL,
  traces BIGINT NOT NULL,
  records BIGINT NOT NULL,
  finished_us BIGINT NOT NULL
)`;

/** The migrations, in order; `nowMicros` dates what was stored before receive times were. */
const migrations = (nowMicros: number): readonly (readonly string[])[] => [
  // 1: the initial layout.
  [
    `CREATE TABLE spans (
      trace_id VARCHAR NOT NULL,        -- 32 lowercase hex digits
      span_id VARCHAR NOT NULL,         -- 16 lowercase hex digits
      parent_span_id VARCHAR,
      service VARCHAR NOT NULL,
      operation VARCHAR NOT NULL,
      kind VARCHAR NOT NULL,            -- unspecified|internal|server|client|producer|consumer
      status VARCHAR NOT NULL,          -- unset|ok|error
      status_message VARCHAR,
      start_us BIGINT NOT NULL,         -- µs since the epoch; placed within its trace when the source had none
      duration_us BIGINT NOT NULL,
      missing_timing VARCHAR,           -- start|duration|both when the source omitted them
      shared BOOLEAN,                   -- Zipkin shared server span
      resource_id INTEGER NOT NULL,     -- resources.resource_id
      attributes VARCHAR NOT NULL,      -- JSON object
      events VARCHAR,                   -- JSON array; NULL for none
      refs VARCHAR,                     -- JSON array; NULL when just CHILD_OF the parent (or none without one)
      cpu_us DOUBLE,                    -- hop CPU from pathprof.cpu_ms or the seed's cpu.ms
      memory_bytes DOUBLE               -- hop memory from pathprof.memory_bytes or the seed's peak_mem.kb
    )`,
    `CREATE TABLE traces (
      trace_id VARCHAR PRIMARY KEY,
      start_us BIGINT NOT NULL,         -- earliest span start
      end_us BIGINT NOT NULL,           -- latest span end
      span_count INTEGER NOT NULL,      -- spans appended, re-sent copies included
      root_service VARCHAR,
      root_operation VARCHAR
    )`,
    `CREATE TABLE resources (
      resource_id INTEGER PRIMARY KEY,
      resource VARCHAR NOT NULL UNIQUE, -- JSON object, without service.name
      last_seen_us BIGINT NOT NULL
    )`,
    `CREATE TABLE operations (
      service VARCHAR NOT NULL,
      operation VARCHAR NOT NULL,
      kind VARCHAR NOT NULL,
      last_seen_us BIGINT NOT NULL,
      PRIMARY KEY (service, operation, kind)
    )`,
  ],
  // 2: the path index (docs/clickhouse.md, "Path index"; the same tables).
  [
    `CREATE TABLE path_records (
      run_id VARCHAR NOT NULL,
      trace_id VARCHAR NOT NULL,
      trace_start_us BIGINT NOT NULL,
      trace_hash UBIGINT NOT NULL,
      path_key VARCHAR NOT NULL,
      incomplete BOOLEAN NOT NULL,
      error BOOLEAN NOT NULL,
      duration_us DOUBLE NOT NULL,
      cpu_us DOUBLE,
      memory_bytes DOUBLE,
      pos_labels VARCHAR[] NOT NULL,
      pos_duration DOUBLE[] NOT NULL,
      pos_self DOUBLE[] NOT NULL,
      pos_cpu DOUBLE[] NOT NULL,        -- NULL items where CPU is not reported
      pos_memory DOUBLE[] NOT NULL,
      pos_error BOOLEAN[] NOT NULL,
      pos_critical DOUBLE[] NOT NULL
    )`,
    PATH_TRACES_TABLE,
    PATH_INDEX_RUNS_TABLE,
  ],
  // 3: path index v3 — one record per path per trace, with the branch time,
  // each position's service, calls, overlap, callee split and categorical
  // values. The index is derived data: its v2 tables are dropped (runs too,
  // so the indexer indexes their windows again) rather than converted.
  [
    'DROP TABLE path_records',
    'DROP TABLE path_traces',
    'DROP TABLE path_index_runs',
    `CREATE TABLE path_records (
      run_id VARCHAR NOT NULL,
      trace_id VARCHAR NOT NULL,
      trace_start_us BIGINT NOT NULL,
      trace_hash UBIGINT NOT NULL,
      path_key VARCHAR NOT NULL,
      incomplete BOOLEAN NOT NULL,
      error BOOLEAN NOT NULL,
      duration_us DOUBLE NOT NULL,
      branch_us DOUBLE NOT NULL,
      cpu_us DOUBLE,
      memory_bytes DOUBLE,
      pos_labels VARCHAR[] NOT NULL,
      pos_services VARCHAR[] NOT NULL,
      pos_calls INTEGER[] NOT NULL,
      pos_critical_calls INTEGER[] NOT NULL,
      pos_overlap DOUBLE[] NOT NULL,
      pos_duration DOUBLE[] NOT NULL,
      pos_self DOUBLE[] NOT NULL,
      pos_cpu DOUBLE[] NOT NULL,        -- NULL items where CPU is not reported
      pos_memory DOUBLE[] NOT NULL,
      pos_in_next DOUBLE[] NOT NULL,
      pos_in_other DOUBLE[] NOT NULL,
      pos_other_branch VARCHAR[] NOT NULL,  -- NULL items where no other branch took time
      pos_error BOOLEAN[] NOT NULL,
      pos_error_source VARCHAR[] NOT NULL,  -- NULL items where no span is named
      pos_critical DOUBLE[] NOT NULL
    )`,
    PATH_TRACES_TABLE,
    PATH_INDEX_RUNS_TABLE,
    // Retention counts from when a span was received: spans stored before
    // are taken as received now, so an upgrade deletes nothing at once.
    `ALTER TABLE spans ADD COLUMN received_us BIGINT DEFAULT ${Math.round(nowMicros)}`,
    'ALTER TABLE spans ALTER COLUMN received_us DROP DEFAULT',
    'ALTER TABLE spans ALTER COLUMN received_us SET NOT NULL',
    `ALTER TABLE traces ADD COLUMN received_us BIGINT DEFAULT ${Math.round(nowMicros)}`,
    'ALTER TABLE traces ALTER COLUMN received_us DROP DEFAULT',
    'ALTER TABLE traces ALTER COLUMN received_us SET NOT NULL',
  ],
  // 4: the path index's rollups, a run's windows pre-merged into engine
  // state (opaque bytes); windows of runs without one are read from rows.
  [
    `CREATE TABLE path_rollups (
      run_id VARCHAR NOT NULL,
      kind VARCHAR NOT NULL,
      state BLOB NOT NULL,
      PRIMARY KEY (run_id, kind)
    )`,
  ],
];

/**
 * Creates or migrates the schema to `version` (tests stop at an older one);
 * idempotent.
 */
export async function ensureSchema(
  conn: DuckDBConnection,
  where: string,
  clock: () => number,
  version: number = SCHEMA_VERSION,
): Promise<void> {
  await conn.run(
    'CREATE TABLE IF NOT EXISTS pathprof_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)',
  );
  const reader = await conn.runAndReadAll(
    "SELECT value FROM pathprof_meta WHERE key = 'schema_version'",
  );
  const stored =
    reader.currentRowCount === 0 ? 0 : Number(reader.getRows()[0]![0]);
  if (!Number.isSafeInteger(stored) || stored > SCHEMA_VERSION) {
    throw new StoreError(
      'PATHPROF_ERR_STORE_SCHEMA',
      `${where} holds schema version ${String(reader.getRows()[0]?.[0])}; this pathprof reads up to ${SCHEMA_VERSION}. Upgrade pathprof or use another --data directory.`,
    );
  }
  if (stored >= version) {
    return;
  }
  const steps = migrations(clock());
  await conn.run('BEGIN TRANSACTION');
  try {
    for (let v = stored + 1; v <= version; v++) {
      for (const sql of steps[v - 1]!) {
        await conn.run(sql);
      }
    }
    await conn.run(
      "INSERT OR REPLACE INTO pathprof_meta VALUES ('schema_version', $1)",
      [String(version)],
    );
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK');
    throw err;
  }
}
