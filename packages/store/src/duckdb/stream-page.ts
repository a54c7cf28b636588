import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { TraceId, TraceSpans } from '@pathprof/model';
import type { TimeWindow } from '../span-store.js';
import { readTraces } from './read-traces.js';
import type { ResourceCache } from './resource-cache.js';
import { toSummary } from './search-traces.js';

/** Where the next page starts: after this (start, trace id). */
export interface StreamCursor {
  readonly start: bigint;
  readonly traceId: string;
}

/**
 * One page of `streamTraces`: the next `pageSize` traces starting in the
 * window, by (start, trace id) after the cursor (keyset paging: each page is
 * one bounded query, however deep into the window).
 */
export async function readStreamPage(
  conn: DuckDBConnection,
  window: TimeWindow,
  cursor: StreamCursor | undefined,
  pageSize: number,
  resources: ResourceCache,
): Promise<{ traces: TraceSpans[]; next: StreamCursor | undefined }> {
  const params: DuckDBValue[] = [
    BigInt(Math.ceil(window.startMicros)),
    BigInt(Math.ceil(window.endMicros)),
  ];
  let keyset = '';
  if (cursor !== undefined) {
    params.push(cursor.start, cursor.traceId);
    keyset = 'AND start_us >= $3 AND (start_us > $3 OR trace_id > $4)';
  }
  const reader = await conn.runAndReadAll(
    `SELECT trace_id, start_us::DOUBLE, end_us::DOUBLE FROM traces
     WHERE start_us >= $1 AND start_us < $2 ${keyset}
     ORDER BY start_us, trace_id LIMIT ${pageSize}`,
    params,
  );
  const summaries = (reader.getRows() as [TraceId, number, number][]).map(
    toSummary,
  );
  const last = summaries[summaries.length - 1];
  return {
    traces: await readTraces(conn, summaries, resources),
    next:
      last === undefined || summaries.length < pageSize
        ? undefined
        : { start: BigInt(last.startMicros), traceId: last.traceId },
  };
}
