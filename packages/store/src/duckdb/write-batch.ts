/**
 * One write (the appends of a group), in one transaction on the writer connection: span rows through
 * the appender (DuckDB's bulk path), then the batch's trace, operation and
 * resource aggregates merged into their tables. COMMIT writes DuckDB's WAL, so
 * when this resolves the batch survives a crash; on failure nothing of it stays.
 */
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { WriteSet } from '../internal/prepare-batch.js';
import type { ResourceCache, ResourceUse } from './resource-cache.js';
import { LAST_SEEN_SLACK_MICROS } from './resource-cache.js';
import { SPAN_COLUMNS } from './schema.js';
import { appendSpanRow } from './span-rows.js';
import type { EncodedSpan } from './span-rows.js';

/** Rows appended between two yields to the event loop. */
const ROWS_PER_SLICE = 4096;

const MERGE_TRACES = `INSERT INTO traces SELECT * FROM trace_batch
  ON CONFLICT (trace_id) DO UPDATE SET
    start_us = least(traces.start_us, excluded.start_us),
    end_us = greatest(traces.end_us, excluded.end_us),
    span_count = traces.span_count + excluded.span_count,
    root_service = coalesce(traces.root_service, excluded.root_service),
    root_operation = coalesce(traces.root_operation, excluded.root_operation)`;

const MERGE_OPERATIONS = `INSERT INTO operations SELECT * FROM operation_batch
  ON CONFLICT (service, operation, kind) DO UPDATE SET
    last_seen_us = greatest(operations.last_seen_us, excluded.last_seen_us)`;

/** The writer's memory of what `operations` already holds: key → last_seen_us written. */
export type OperationCache = Map<string, number>;

export async function writeBatch(
  conn: DuckDBConnection,
  batch: WriteSet<EncodedSpan>,
  resources: ResourceCache,
  operations: OperationCache,
): Promise<void> {
  const uses = new Map<string, ResourceUse>();
  const opsToWrite = batch.operations.filter((op) => {
    const written = operations.get(opKey(op));
    return (
      written === undefined ||
      op.lastSeenMicros > written + LAST_SEEN_SLACK_MICROS
    );
  });
  await conn.run('BEGIN TRANSACTION');
  let resourcesToWrite: ResourceUse[] = [];
  try {
    const spans = await conn.createAppender('spans');
    try {
      if (spans.columnCount !== SPAN_COLUMNS.length) {
        throw new Error(
          `spans has ${spans.columnCount} columns, the appender writes ${SPAN_COLUMNS.length}`,
        );
      }
      let slice = 0;
      for (const row of batch.spans) {
        appendSpanRow(
          spans,
          row,
          resources.use(row.span.resource, row.storedStart, uses),
        );
        if (++slice === ROWS_PER_SLICE) {
          slice = 0;
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
      spans.flushSync();
    } finally {
      spans.closeSync();
    }
    await appendInto(conn, 'trace_batch', (a) => {
      for (const [traceId, t] of batch.traces) {
        a.appendVarchar(traceId);
        a.appendBigInt(BigInt(t.startMicros));
        a.appendBigInt(BigInt(t.endMicros));
        a.appendInteger(t.spanCount);
        appendNullable(a, t.rootService);
        appendNullable(a, t.rootOperation);
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
          a.appendBigInt(BigInt(op.lastSeenMicros));
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
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
  resources.commit(resourcesToWrite, uses.size);
  for (const op of opsToWrite) {
    const key = opKey(op);
    operations.set(
      key,
      Math.max(op.lastSeenMicros, operations.get(key) ?? -Infinity),
    );
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
