/**
 * One path's requests in a window, filtered as a user narrows them down from
 * Path detail — slower than X, with errors, or by one hop's calls ("where
 * svc-e:e1 took over 500 ms") — one page in the order asked, with the count
 * of all matches. The path index answers the windows it holds; the rest is
 * streamed through the engine and selected by the same rule
 * (`matchPathRecord`), keeping only the best `limit` in memory.
 */
import { comparePathRecordMatches, matchPathRecord } from '@pathprof/model';
import type {
  PathRecordMatch,
  PathRecordPage,
  PathRecordQuery,
  PathRequestsReport,
} from '@pathprof/model';
import type { SpanStore } from '@pathprof/store';
import type { IndexWindow } from '../path-index/path-index-windows.js';
import type { ProfileQuery } from '../paths/profile-stored-traces.js';
import { planIndexReads } from './plan-index-reads.js';
import { streamPathRecords } from './stream-path-records.js';

export const DEFAULT_REQUESTS_LIMIT = 20;
export const MAX_REQUESTS_LIMIT = 1500;

/**
 * The matching records of the window, from the index and the streamed rest,
 * and the index's windows read to plan that (null when the index did not apply).
 */
export async function searchWindowRecords(
  store: SpanStore,
  window: ProfileQuery,
  query: PathRecordQuery,
): Promise<
  PathRecordPage & { readonly windows: readonly IndexWindow[] | null }
> {
  const plan = await planIndexReads(store, window);
  const order = comparePathRecordMatches(query);
  let kept: PathRecordMatch[] = [];
  let total = 0;
  if (plan.index !== undefined) {
    const page = await plan.index.searchPathRecords(
      plan.runIds,
      { startMicros: window.startMicros, endMicros: window.endMicros },
      query,
    );
    kept = [...page.records];
    total = page.total;
  }
  for await (const r of streamPathRecords(store, plan.streamed, window)) {
    if (
      r.traceStartMicros < window.startMicros ||
      r.traceStartMicros >= window.endMicros
    ) {
      continue;
    }
    const m = matchPathRecord(r, query);
    if (m === null) {
      continue;
    }
    total++;
    kept.push(m);
    if (kept.length >= 2 * query.limit) {
      kept = kept.sort(order).slice(0, query.limit);
    }
  }
  return {
    records: kept.sort(order).slice(0, query.limit),
    total,
    windows: plan.windows,
  };
}

export async function findPathRequests(
  store: SpanStore,
  window: ProfileQuery,
  query: PathRecordQuery,
): Promise<PathRequestsReport> {
  const page = await searchWindowRecords(store, window, query);
  const position = query.position ?? null;
  return {
    key: query.key,
    position,
    hop: position === null ? null : (query.key.split(' > ')[position] ?? null),
    total: page.total,
    limit: query.limit,
    requests: page.records.map((m) => ({
      traceId: m.traceId,
      startMicros: m.traceStartMicros,
      durationMicros: m.durationMicros,
      error: m.error,
      hopDurationMicros: m.positionDurationMicros,
      hopError: m.positionError,
    })),
  };
}
