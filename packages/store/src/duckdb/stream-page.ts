import type { DuckDBConnection } from '@duckdb/node-api';
import type { TraceId } from '@pathprof/model';
import type { TimeWindow } from '../span-store.js';
import { queryColumns, sqlString } from './query-columns.js';
import { readPackedTraces } from './read-traces.js';
import type { PackedTrace, TraceSummary } from './read-traces.js';

export interface SpanBatch {
  /** The batch's traces (those with a span of the service, when given), still packed. */
  readonly traces: PackedTrace[];
  /** The next page's summaries, when asked for. */
  readonly nextPage: TraceSummary[] | undefined;
}

/** Stored times are BIGINT; window bounds beyond them are clamped to stay valid SQL. */
const MAX_MICROS = 9e18;

/**
 * The next `pageSize` summaries of traces starting in the window, by
 * (start, trace id) after `after` (keyset paging: each page is one bounded
 * query, however deep into the window).
 */
export async function readPageSummaries(
  conn: DuckDBConnection,
  window: TimeWindow,
  after: TraceSummary | undefined,
  pageSize: number,
): Promise<TraceSummary[]> {
  const keyset =
    after === undefined
      ? ''
      : `AND start_us >= ${after.startMicros} AND (start_us > ${after.startMicros} OR trace_id > ${sqlString(after.traceId)})`;
  const [ids, starts, ends] = (await queryColumns(
    conn,
    `SELECT trace_id, start_us::DOUBLE, end_us::DOUBLE FROM traces
     WHERE start_us >= ${toBound(window.startMicros)} AND start_us < ${toBound(window.endMicros)} ${keyset}
     ORDER BY start_us, trace_id LIMIT ${pageSize}`,
  )) as [TraceId[], number[], number[]];
  return ids.map((traceId, i) => ({
    traceId,
    startMicros: starts[i]!,
    endMicros: ends[i]!,
  }));
}

/**
 * A batch of `streamTraces`: the spans of the traces `summaries` names, then,
 * when `nextPageSize` is not 0, the summaries of the page after the batch's
 * last trace (so that a batch's read starts with its heavy query).
 */
export async function readSpanBatch(
  conn: DuckDBConnection,
  window: TimeWindow,
  summaries: readonly TraceSummary[],
  options: {
    readonly service: string | undefined;
    readonly nextPageSize: number;
  },
): Promise<SpanBatch> {
  const traces = await readPackedTraces(conn, summaries, options.service);
  const last = summaries[summaries.length - 1];
  return {
    traces,
    nextPage:
      last === undefined || options.nextPageSize === 0
        ? undefined
        : await readPageSummaries(conn, window, last, options.nextPageSize),
  };
}

/** Integer microseconds for the SQL text: BIGINT starts compare as before. */
function toBound(micros: number): string {
  return String(Math.max(-MAX_MICROS, Math.min(MAX_MICROS, Math.ceil(micros))));
}
