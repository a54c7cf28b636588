import { setImmediate as nextMacrotask } from 'node:timers/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TraceSpans } from '@pathprof/model';
import { checkStreamArgs } from '../internal/check-args.js';
import type { StreamTracesOptions, TimeWindow } from '../span-store.js';
import { decodeTrace } from './read-traces.js';
import type { ResourceCache } from './resource-cache.js';
import { parsePackedSpans, resourceIdsOf } from './span-rows.js';
import { readPageSummaries, readSpanBatch } from './stream-page.js';
import type { SpanBatch } from './stream-page.js';

/** Runs a read on a pooled connection (the store's, with its error mapping). */
export type ReadOnConnection = <T>(
  body: (conn: DuckDBConnection) => Promise<T>,
) => Promise<T>;

/**
 * Traces whose spans one query reads. Smaller than a page: a batch's strings
 * live while the consumer works through it, and short-lived strings are
 * cheap to collect; long-lived ones are copied by every young collection.
 */
const SPAN_BATCH_TRACES = 250;

/** Traces yielded between two turns of the event loop while a batch is prefetched. */
const TRACES_PER_TURN = 50;

/**
 * `streamTraces` of the DuckDB store. A page's summaries come from one keyset
 * query; its spans are read in batches, the next batch while the consumer
 * works through the current one, so DuckDB's scan overlaps the consumer's
 * work. At most two batches are held, still packed: a trace is decoded only
 * when it is yielded, so its spans can die young. The last batch of a page
 * also reads the next page's summaries.
 *
 *   DuckDB:    [s1][batch 1][batch 2       ][batch 3 + s2]
 *   consumer:               [use batch 1   ][use batch 2   ][use batch 3 …
 */
export async function* streamTraces(
  read: ReadOnConnection,
  resources: ResourceCache,
  window: TimeWindow,
  options: StreamTracesOptions,
): AsyncGenerator<TraceSpans> {
  const pageSize = checkStreamArgs(window, options);
  let queue = await read((conn) =>
    readPageSummaries(conn, window, undefined, pageSize),
  );
  let morePages = queue.length === pageSize;
  const readNext = (): Promise<SpanBatch> | undefined => {
    if (queue.length === 0) {
      return undefined;
    }
    const summaries = queue.splice(0, SPAN_BATCH_TRACES);
    const nextPage = queue.length === 0 && morePages;
    return read((conn) =>
      readSpanBatch(conn, window, summaries, {
        service: options.service,
        nextPageSize: nextPage ? pageSize : 0,
      }),
    );
  };
  let next = readNext();
  try {
    while (next !== undefined) {
      const batch: SpanBatch = await next;
      if (batch.nextPage !== undefined) {
        queue = batch.nextPage;
        morePages = queue.length === pageSize;
      }
      next = readNext();
      let sinceTurn = 0;
      for (const { traceId, json } of batch.traces) {
        if (next !== undefined && ++sinceTurn === TRACES_PER_TURN) {
          // A consumer that never waits runs on microtasks alone, and
          // DuckDB's replies are macrotasks: give them a turn now and then.
          sinceTurn = 0;
          await nextMacrotask();
        }
        const spans = parsePackedSpans(json);
        const missing = resources.missing(resourceIdsOf(spans));
        if (missing.length > 0) {
          await read((conn) => resources.fetch(conn, missing));
        }
        const trace = decodeTrace(traceId, spans, resources.attributesOf);
        // SQL kept traces with a stored span of the service; a copy of a span
        // dropped as re-sent may be that span, so check the spans returned.
        if (
          options.service === undefined ||
          trace.spans.some((s) => s.service === options.service)
        ) {
          yield trace;
        }
      }
    }
  } finally {
    // The consumer stopped early: nobody reads the prefetched batch.
    next?.catch(() => undefined);
  }
}
