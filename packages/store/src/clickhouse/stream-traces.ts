/**
 * `streamTraces`: pages of trace ids by (first start, trace id), each page
 * read whole before the next is asked for. Keyset paging: a page starts after
 * the last trace of the previous one, and its candidate traces come from
 * spans starting at or after that trace's start, so each page reads less of
 * the window, never more.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { TraceSpans } from '@pathprof/model';
import type { TimeWindow } from '../span-store.js';
import { quoteString } from './clickhouse-sql.js';
import { RANGE_COLUMNS, readTraces, toTraceRange } from './read-traces.js';
import type { TraceRange, TraceRangeRow } from './read-traces.js';
import { selectRows } from './run-query.js';

export interface StreamArgs {
  readonly window: TimeWindow;
  readonly pageSize: number;
  readonly service: string | undefined;
  /** Throws when the store has been closed; called before every page. */
  readonly checkOpen: () => void;
}

export async function* streamTraces(
  client: ClickHouseClient,
  args: StreamArgs,
): AsyncGenerator<TraceSpans> {
  args.checkOpen();
  const lo = Math.max(0, Math.ceil(args.window.startMicros));
  const hi = Math.min(
    Math.ceil(args.window.endMicros) - 1,
    Number.MAX_SAFE_INTEGER,
  );
  let last: TraceRange | undefined;
  while (lo <= hi) {
    if (last !== undefined) {
      args.checkOpen();
    }
    const rows = await selectRows<TraceRangeRow>(
      client,
      buildPageQuery(args, lo, hi, last),
    );
    const ranges = rows.map(toTraceRange);
    yield* await readTraces(client, ranges);
    if (ranges.length < args.pageSize) {
      return;
    }
    last = ranges[ranges.length - 1];
  }
}

function buildPageQuery(
  args: StreamArgs,
  lo: number,
  hi: number,
  last: TraceRange | undefined,
): string {
  const from = Math.max(lo, last?.start ?? lo);
  const service =
    args.service === undefined
      ? ''
      : `AND trace_id IN (SELECT trace_id FROM spans
           WHERE service = ${quoteString(args.service)} AND start_us >= ${lo})`;
  const after =
    last === undefined
      ? ''
      : `AND (s, trace_id) > (${last.start}, ${quoteString(last.traceId)})`;
  return `SELECT trace_id, s, e FROM (
      SELECT ${RANGE_COLUMNS} FROM trace_times
      WHERE trace_id IN (SELECT trace_id FROM spans
        WHERE start_us >= ${from} AND start_us <= ${hi}) ${service}
      GROUP BY trace_id)
    WHERE s >= ${lo} AND s <= ${hi} ${after}
    ORDER BY s, trace_id
    LIMIT ${args.pageSize}`;
}
