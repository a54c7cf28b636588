/**
 * `streamTraces`: the window's traces by (first start, trace id), walked in
 * time slices so that every query aggregates only the traces of its slice.
 *
 * Invariant: a trace belongs to the slice [from, until] that holds its first
 * start `s` (from `trace_times`), and only to it. Its first span starts at
 * `s`, so it is among the slice's candidates (traces with a span starting in
 * the slice); candidates whose `s` lies before the slice (seen in an earlier
 * one, or before the window) or after it are dropped by the `s` filter.
 *
 *   slices     |  [a, b)   |  [b, c)   |  [c, d)   |
 *   trace t1      s──────────────●───●            yielded in [a, b) only
 *   trace t2                   s●──────────●       yielded in [b, c) only
 *
 * A slice is one query when it holds less than a page of traces. A full page
 * ends at trace `last`; the stream goes on from `last.start` with
 * `(s, trace_id) > last` (keyset paging) in a narrower slice. Each query
 * scans the spans of one slice and merges `trace_times` of its candidates
 * only, so a window costs work in proportion to its spans, and memory stays
 * bounded by the page size.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { TraceSpans } from '@pathprof/model';
import type { TimeWindow } from '../span-store.js';
import { quoteList, quoteString } from './clickhouse-sql.js';
import { RANGE_COLUMNS, readTraces, toTraceRange } from './read-traces.js';
import type { TraceRange, TraceRangeRow } from './read-traces.js';
import { selectRows } from './run-query.js';
import { initialWidth, widthAfterSlice } from './time-slices.js';

export interface StreamArgs {
  readonly window: TimeWindow;
  readonly pageSize: number;
  readonly service: string | undefined;
  /** Throws when the store has been closed; called before every page. */
  readonly checkOpen: () => void;
}

/** Span starts of the window, and a cheap estimate of its traces. */
interface Extent {
  readonly first: number;
  readonly last: number;
  readonly traces: number;
}

interface ExtentRow {
  n: string | number;
  first: string | number;
  last: string | number;
  traces: string | number;
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
  if (lo > hi) {
    return;
  }
  const extent = await readExtent(client, lo, hi);
  if (extent === undefined) {
    return;
  }
  const extentMicros = extent.last - extent.first + 1;
  let width = initialWidth(extentMicros, extent.traces, args.pageSize);
  let from = extent.first;
  let after: TraceRange | undefined;
  while (from <= extent.last) {
    args.checkOpen();
    const until = Math.min(extent.last, from + width - 1);
    const rows = await selectRows<TraceRangeRow>(
      client,
      buildSliceQuery(from, until, after, args.pageSize),
    );
    const ranges = rows.map(toTraceRange);
    const kept =
      args.service === undefined
        ? ranges
        : await keepWithService(client, ranges, args.service);
    yield* await readTraces(client, kept);
    const last = ranges[ranges.length - 1];
    if (last !== undefined && ranges.length === args.pageSize) {
      width = Math.max(1, last.start - from);
      from = last.start;
      after = last;
    } else {
      width = widthAfterSlice(
        width,
        ranges.length,
        args.pageSize,
        extentMicros,
      );
      from = until + 1;
      after = undefined;
    }
  }
}

/**
 * The first and last span start in [lo, hi]. Every trace of the window has
 * its first span there, so slices need cover no more.
 */
async function readExtent(
  client: ClickHouseClient,
  lo: number,
  hi: number,
): Promise<Extent | undefined> {
  const [row] = await selectRows<ExtentRow>(
    client,
    `SELECT count() AS n, min(start_us) AS first, max(start_us) AS last,
       uniq(trace_id) AS traces
     FROM spans WHERE start_us >= ${lo} AND start_us <= ${hi}`,
  );
  if (row === undefined || Number(row.n) === 0) {
    return undefined;
  }
  return {
    first: Number(row.first),
    last: Number(row.last),
    traces: Number(row.traces),
  };
}

/** Up to a page of the traces whose first start is in [from, until], past `after`. */
function buildSliceQuery(
  from: number,
  until: number,
  after: TraceRange | undefined,
  pageSize: number,
): string {
  const past =
    after === undefined
      ? ''
      : `AND (s, trace_id) > (${after.start}, ${quoteString(after.traceId)})`;
  return `SELECT trace_id, s, e FROM (
      SELECT ${RANGE_COLUMNS} FROM trace_times
      WHERE trace_id IN (SELECT trace_id FROM spans
        WHERE start_us >= ${from} AND start_us <= ${until})
      GROUP BY trace_id)
    WHERE s >= ${from} AND s <= ${until} ${past}
    ORDER BY s, trace_id
    LIMIT ${pageSize}`;
}

/** Ids per statement, as in `readTraces`: keeps `IN (...)` near 70 KiB. */
const IDS_PER_QUERY = 2000;

/**
 * The ranges of traces with a span of `service`, in their order. A trace's
 * spans start within its range, so each scan is bounded by its ranges.
 */
async function keepWithService(
  client: ClickHouseClient,
  ranges: readonly TraceRange[],
  service: string,
): Promise<TraceRange[]> {
  const found = new Set<string>();
  for (let i = 0; i < ranges.length; i += IDS_PER_QUERY) {
    const chunk = ranges.slice(i, i + IDS_PER_QUERY);
    let lo = Number.MAX_SAFE_INTEGER;
    let hi = 0;
    for (const r of chunk) {
      lo = Math.min(lo, r.start);
      hi = Math.max(hi, r.end);
    }
    const rows = await selectRows<{ trace_id: string }>(
      client,
      `SELECT DISTINCT trace_id FROM spans
       WHERE service = ${quoteString(service)}
         AND start_us >= ${lo} AND start_us <= ${hi}
         AND trace_id IN (${quoteList(chunk.map((r) => r.traceId))})`,
    );
    for (const row of rows) {
      found.add(row.trace_id);
    }
  }
  return ranges.filter((r) => found.has(r.traceId));
}
