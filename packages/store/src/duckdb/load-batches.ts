/**
 * One write of the DuckDB store: a group of `duckdb-tsv-1` batches loaded in
 * one transaction. The rows go to files (one per batch) that DuckDB's CSV
 * reader loads in bulk on its own threads, their resource indexes turned
 * into resource ids by a join with a small table of this write; the
 * batches' per-trace and per-operation aggregates are merged here and then
 * into `traces` and `operations`, as before. With an ingest log, the same
 * transaction records the last sequence number it moved, so that after a
 * crash a batch is replayed exactly when it is not in the database.
 *
 * COMMIT writes DuckDB's WAL, so when `loadBatches` resolves the write
 * survives a crash; on failure nothing of it stays.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { OperationTuple, TraceTuple } from './encode-duckdb-batch.js';
import {
  TSV_COLUMNS,
  TSV_QUOTE,
  readDuckDbBatchHeader,
} from './encode-duckdb-batch.js';
import type { ResourceCache, ResourceUse } from './resource-cache.js';
import { LAST_SEEN_SLACK_MICROS } from './resource-cache.js';
import { SPAN_COLUMNS } from './schema.js';

/** The writer's memory of what `operations` already holds: key → last_seen_us written. */
export type OperationCache = Map<string, number>;

/** The CSV reader's own limit on a line; longer rows raise it for their write. */
const DEFAULT_MAX_LINE_BYTES = 2 * 1024 * 1024;

/** Key of `pathprof_meta` holding the last ingest-log record moved into the tables. */
export const MOVED_SEQ_KEY = 'ingest_log_moved_seq';

const MERGE_TRACES = `INSERT INTO traces SELECT * FROM trace_batch
  ON CONFLICT (trace_id) DO UPDATE SET
    start_us = least(traces.start_us, excluded.start_us),
    end_us = greatest(traces.end_us, excluded.end_us),
    span_count = traces.span_count + excluded.span_count,
    root_service = coalesce(traces.root_service, excluded.root_service),
    root_operation = coalesce(traces.root_operation, excluded.root_operation),
    received_us = greatest(traces.received_us, excluded.received_us)`;

const MERGE_OPERATIONS = `INSERT INTO operations SELECT * FROM operation_batch
  ON CONFLICT (service, operation, kind) DO UPDATE SET
    last_seen_us = greatest(operations.last_seen_us, excluded.last_seen_us)`;

/** Per-connection scratch tables of the writer. */
export const WRITER_TEMP_TABLES = [
  `CREATE TEMP TABLE trace_batch (
    trace_id VARCHAR, start_us BIGINT, end_us BIGINT, span_count INTEGER,
    root_service VARCHAR, root_operation VARCHAR, received_us BIGINT)`,
  `CREATE TEMP TABLE operation_batch (
    service VARCHAR, operation VARCHAR, kind VARCHAR, last_seen_us BIGINT)`,
  `CREATE TEMP TABLE resource_map (
    filename VARCHAR, resource_index INTEGER, resource_id INTEGER)`,
] as const;

const READ_COLUMNS = `{${TSV_COLUMNS.map(([name, type]) => `'${name}': '${type}'`).join(', ')}}`;
const SELECT_COLUMNS = SPAN_COLUMNS.map((c) =>
  c === 'resource_id' ? 'm.resource_id' : `s.${c}`,
).join(', ');

export interface LoadTarget {
  readonly conn: DuckDBConnection;
  readonly resources: ResourceCache;
  readonly operations: OperationCache;
  /** Where the rows are written for the reader; the files are removed after. */
  readonly scratchDir: string;
}

/** A batch to load: its bytes, and its log sequence number when logged. */
export interface LoadItem {
  readonly bytes: Uint8Array;
  readonly seq?: number;
}

let fileCounter = 0;

export async function loadBatches(
  target: LoadTarget,
  items: readonly LoadItem[],
): Promise<void> {
  const { conn, resources, operations, scratchDir } = target;
  const traces = new Map<string, TraceTuple>();
  const ops = new Map<string, OperationTuple>();
  const uses = new Map<string, ResourceUse>();
  const files: { path: string; ids: number[] }[] = [];
  let maxLine = 0;
  let movedSeq: number | undefined;
  const writes: Promise<void>[] = [];
  try {
    for (const item of items) {
      const { header, rowsStart } = readDuckDbBatchHeader(item.bytes);
      if (item.seq !== undefined) {
        movedSeq = Math.max(movedSeq ?? item.seq, item.seq);
      }
      for (const t of header.t) {
        mergeTrace(traces, t);
      }
      for (const op of header.o) {
        const key = opKey(op[0], op[1], op[2]);
        const known = ops.get(key);
        if (known === undefined) {
          ops.set(key, [...op]);
        } else {
          known[3] = Math.max(known[3], op[3]);
        }
      }
      if (rowsStart === item.bytes.length) {
        continue;
      }
      const ids = header.r.map(([json, lastSeen]) =>
        resources.use(json, lastSeen, uses),
      );
      const path = join(scratchDir, `load-${process.pid}-${++fileCounter}.tsv`);
      files.push({ path, ids });
      maxLine = Math.max(maxLine, header.m);
      // written side by side: one after another, each file's open, write
      // and close took three turns of the thread pool, and the load waited
      // for them in turn
      writes.push(writeFile(path, item.bytes.subarray(rowsStart)));
    }
    await Promise.all(writes);
    const opsToWrite = [...ops.values()].filter(([s, o, k, lastSeen]) => {
      const written = operations.get(opKey(s, o, k));
      return (
        written === undefined || lastSeen > written + LAST_SEEN_SLACK_MICROS
      );
    });
    let resourcesToWrite: ResourceUse[] = [];
    await conn.run('BEGIN TRANSACTION');
    try {
      if (files.length > 0) {
        await appendInto(conn, 'resource_map', (a) => {
          for (const { path, ids } of files) {
            ids.forEach((id, index) => {
              a.appendVarchar(path);
              a.appendInteger(index);
              a.appendInteger(id);
              a.endRow();
            });
          }
        });
        await conn.run(
          insertSpansSql(
            files.map((f) => f.path),
            maxLine,
          ),
        );
        await conn.run('DELETE FROM resource_map');
      }
      if (traces.size > 0) {
        await appendInto(conn, 'trace_batch', (a) => {
          for (const t of traces.values()) {
            a.appendVarchar(t[0]);
            a.appendDouble(t[1]);
            a.appendDouble(t[2]);
            a.appendInteger(t[3]);
            appendNullable(a, t[4]);
            appendNullable(a, t[5]);
            a.appendDouble(Math.round(t[6]));
            a.endRow();
          }
        });
        await conn.run(MERGE_TRACES);
        await conn.run('DELETE FROM trace_batch');
      }
      if (opsToWrite.length > 0) {
        await appendInto(conn, 'operation_batch', (a) => {
          for (const [service, operation, kind, lastSeen] of opsToWrite) {
            a.appendVarchar(service);
            a.appendVarchar(operation);
            a.appendVarchar(kind);
            a.appendDouble(lastSeen);
            a.endRow();
          }
        });
        await conn.run(MERGE_OPERATIONS);
        await conn.run('DELETE FROM operation_batch');
      }
      resourcesToWrite = resources.toWrite(uses);
      for (const u of resourcesToWrite) {
        await conn.run(
          `INSERT INTO resources VALUES ($1, $2, $3)
           ON CONFLICT (resource_id) DO UPDATE SET
             last_seen_us = greatest(resources.last_seen_us, excluded.last_seen_us)`,
          [u.id, u.json, BigInt(Math.round(u.lastSeen))],
        );
      }
      if (movedSeq !== undefined) {
        await conn.run('INSERT OR REPLACE INTO pathprof_meta VALUES ($1, $2)', [
          MOVED_SEQ_KEY,
          String(movedSeq),
        ]);
      }
      await conn.run('COMMIT');
    } catch (err) {
      await conn.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
    resources.commit(resourcesToWrite);
    for (const [service, operation, kind, lastSeen] of opsToWrite) {
      const key = opKey(service, operation, kind);
      operations.set(key, Math.max(lastSeen, operations.get(key) ?? -Infinity));
    }
  } finally {
    await Promise.allSettled(writes);
    await Promise.all(files.map((f) => rm(f.path, { force: true })));
  }
}

/** The last ingest-log sequence number the tables hold, 0 when none. */
export async function readMovedSeq(conn: DuckDBConnection): Promise<number> {
  const reader = await conn.runAndReadAll(
    'SELECT value FROM pathprof_meta WHERE key = $1',
    [MOVED_SEQ_KEY],
  );
  const value = reader.getRows()[0]?.[0];
  return value === undefined ? 0 : Number(value);
}

function insertSpansSql(
  paths: readonly string[],
  maxLineBytes: number,
): string {
  const list = paths.map((p) => `'${p.replaceAll("'", "''")}'`).join(', ');
  const lineLimit =
    maxLineBytes > DEFAULT_MAX_LINE_BYTES
      ? `, max_line_size = ${maxLineBytes}, buffer_size = ${4 * maxLineBytes}`
      : '';
  // new_line stated: left to itself the reader also takes a carriage return
  // for a line end and fails on one inside a quoted field ("svc\rb")
  return `INSERT INTO spans SELECT ${SELECT_COLUMNS}
    FROM read_csv([${list}], delim = '\t', quote = '${TSV_QUOTE}', escape = '${TSV_QUOTE}',
      new_line = '\\n', header = false, auto_detect = false, allow_quoted_nulls = false,
      filename = true, columns = ${READ_COLUMNS}${lineLimit}) s
    JOIN resource_map m ON m.filename = s.filename AND m.resource_index = s.resource_index`;
}

function mergeTrace(traces: Map<string, TraceTuple>, t: TraceTuple): void {
  const known = traces.get(t[0]);
  if (known === undefined) {
    traces.set(t[0], [...t]);
    return;
  }
  known[1] = Math.min(known[1], t[1]);
  known[2] = Math.max(known[2], t[2]);
  known[3] += t[3];
  if (known[4] === null && t[4] !== null) {
    known[4] = t[4];
    known[5] = t[5];
  }
  known[6] = Math.max(known[6], t[6]);
}

export function opKey(
  service: string,
  operation: string,
  kind: string,
): string {
  return `${service}\u0000${operation}\u0000${kind}`;
}

async function appendInto(
  conn: DuckDBConnection,
  table: string,
  fill: (appender: DuckDBAppender) => void,
): Promise<void> {
  const appender = await conn.createAppender(table, 'main', 'temp');
  try {
    fill(appender);
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function appendNullable(appender: DuckDBAppender, text: string | null): void {
  if (text === null) {
    appender.appendNull();
  } else {
    appender.appendVarchar(text);
  }
}
