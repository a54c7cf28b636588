/**
 * One write (the appends of a group) in two steps. `stageWrite` appends the
 * span rows to an appender, which only buffers them in this process (up to
 * `APPENDER_BUFFER_ROWS`); it can run while another connection still commits
 * the previous write. `commitStaged` then, in one transaction, flushes the
 * rows into `spans` and merges the write's trace, operation and resource
 * aggregates into their tables. COMMIT writes DuckDB's WAL, so when it
 * resolves the write survives a crash; on failure nothing of it stays.
 */
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { WriteSet } from '../internal/prepare-batch.js';
import { appendSpanRow } from './append-span-row.js';
import type { ResourceCache, ResourceUse } from './resource-cache.js';
import { LAST_SEEN_SLACK_MICROS } from './resource-cache.js';
import { SPAN_COLUMNS } from './schema.js';

/** Rows appended between two yields to the event loop. */
const ROWS_PER_SLICE = 4096;

/**
 * Rows DuckDB's appender buffers before flushing on its own (100 vectors of
 * 2048), which outside a transaction would commit them by themselves. A
 * larger write begins its transaction before staging.
 */
export const APPENDER_BUFFER_ROWS = 204_800;

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

/** The writer's memory of what `operations` already holds: key → last_seen_us written. */
export type OperationCache = Map<string, number>;

/** A write whose span rows wait in an appender of the connection that will commit them. */
export interface StagedWrite {
  readonly batch: WriteSet;
  readonly appender: DuckDBAppender;
  readonly uses: Map<string, ResourceUse>;
  /** The transaction was begun before staging (a write too large to buffer). */
  readonly begun: boolean;
}

export async function stageWrite(
  conn: DuckDBConnection,
  batch: WriteSet,
  resources: ResourceCache,
): Promise<StagedWrite> {
  const begun = batch.spans.length >= APPENDER_BUFFER_ROWS;
  if (begun) {
    await conn.run('BEGIN TRANSACTION');
  }
  const uses = new Map<string, ResourceUse>();
  let appender: DuckDBAppender | undefined;
  try {
    appender = await conn.createAppender('spans');
    if (appender.columnCount !== SPAN_COLUMNS.length) {
      throw new Error(
        `spans has ${appender.columnCount} columns, the appender writes ${SPAN_COLUMNS.length}`,
      );
    }
    let slice = 0;
    for (const row of batch.spans) {
      appendSpanRow(
        appender,
        row,
        resources.use(row.span.resource, row.storedStart, uses),
      );
      if (++slice === ROWS_PER_SLICE) {
        slice = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    return { batch, appender, uses, begun };
  } catch (err) {
    discard(appender);
    if (begun) {
      await conn.run('ROLLBACK').catch(() => undefined);
    }
    throw err;
  }
}

export async function commitStaged(
  conn: DuckDBConnection,
  staged: StagedWrite,
  resources: ResourceCache,
  operations: OperationCache,
): Promise<void> {
  const { batch, appender, uses } = staged;
  const opsToWrite = batch.operations.filter((op) => {
    const written = operations.get(opKey(op));
    return (
      written === undefined ||
      op.lastSeenMicros > written + LAST_SEEN_SLACK_MICROS
    );
  });
  let flushed = false;
  let resourcesToWrite: ResourceUse[] = [];
  try {
    if (!staged.begun) {
      await conn.run('BEGIN TRANSACTION');
    }
    appender.flushSync();
    flushed = true;
    appender.closeSync();
    await appendInto(conn, 'trace_batch', (a) => {
      for (const [traceId, t] of batch.traces) {
        a.appendVarchar(traceId);
        a.appendDouble(t.startMicros);
        a.appendDouble(t.endMicros);
        a.appendInteger(t.spanCount);
        appendNullable(a, t.rootService);
        appendNullable(a, t.rootOperation);
        a.appendDouble(t.receivedMicros);
        a.endRow();
      }
    });
    await conn.run(MERGE_TRACES);
    await conn.run('DELETE FROM trace_batch');
    if (opsToWrite.length > 0) {
      await appendInto(conn, 'operation_batch', (a) => {
        for (const op of opsToWrite) {
          a.appendVarchar(op.service);
          a.appendVarchar(op.operation);
          a.appendVarchar(op.kind);
          a.appendDouble(op.lastSeenMicros);
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
        [u.id, u.json, BigInt(u.lastSeen)],
      );
    }
    await conn.run('COMMIT');
  } catch (err) {
    if (!flushed) {
      discard(appender);
    }
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
  resources.commit(resourcesToWrite);
  for (const op of opsToWrite) {
    const key = opKey(op);
    operations.set(
      key,
      Math.max(op.lastSeenMicros, operations.get(key) ?? -Infinity),
    );
  }
}

/** Drops a staged write's rows: closing an appender would otherwise flush (and commit) them. */
export function discard(appender: DuckDBAppender | undefined): void {
  if (appender === undefined) {
    return;
  }
  try {
    appender.clear();
  } finally {
    appender.closeSync();
  }
}

export function opKey(op: {
  service: string;
  operation: string;
  kind: string;
}): string {
  return `${op.service}\u0000${op.operation}\u0000${op.kind}`;
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

function appendNullable(
  appender: DuckDBAppender,
  text: string | undefined,
): void {
  if (text === undefined) {
    appender.appendNull();
  } else {
    appender.appendVarchar(text);
  }
}
