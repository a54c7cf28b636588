import type {
  JaegerTrace,
  OtlpExportTraceServiceRequest,
} from '@pathprof/model';
import type { TimeWindow } from './build-search-urls.js';
import { buildV1SearchUrl, buildV3SearchUrl } from './build-search-urls.js';
import type { JaegerApi } from './detect-jaeger-api.js';
import { detectJaegerApi, hasV3Api } from './detect-jaeger-api.js';
import type { JaegerHttpOptions } from './jaeger-http.js';
import { getFromJaeger } from './jaeger-http.js';
import { isSourceError } from '../source-error.js';
import type { JaegerQuery } from './jaeger-query.js';
import {
  DEFAULT_MAX_TRACES_PER_REQUEST,
  DEFAULT_WINDOW_MICROS,
  planTimeWindows,
  planWindowLimit,
} from './plan-time-windows.js';
import {
  readV1SearchAnswer,
  readV3SearchAnswer,
} from './read-search-answers.js';
import type { NewTraces } from './select-new-traces.js';
import { selectNewV1Traces, selectNewV3Spans } from './select-new-traces.js';

/** The new traces of one window, in the wire format of the API that sent them. */
export type JaegerBatch =
  | { api: 'v1'; window: TimeWindow; traces: JaegerTrace[] }
  | {
      api: 'v3';
      window: TimeWindow;
      request: OtlpExportTraceServiceRequest;
      traceCount: number;
    };

/** Reported after detection and after each window, for a progress bar. */
export interface JaegerProgress {
  api: JaegerApi;
  windowsDone: number;
  windowsTotal: number;
  /** Distinct traces read so far (never above the query's limit). */
  traces: number;
  /** Traces dropped because an earlier window had already returned them. */
  duplicates: number;
}

export interface JaegerSourceOptions {
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Per request attempt, headers and body together. Default 30 000. */
  timeoutMillis?: number;
  /** Extra attempts after a network error, timeout, 429 or 5xx. Default 2. */
  retries?: number;
  /** Wait before the first retry, doubled each time. Default 500. */
  retryDelayMillis?: number;
  /** Skip detection and use this API. Default 'auto'. */
  api?: JaegerApi | 'auto';
  /** Longest window one request covers. Default 15 min. */
  windowMicros?: number;
  /** Most traces one request asks for. Default 100. */
  maxTracesPerRequest?: number;
  onProgress?: (progress: JaegerProgress) => void;
  signal?: AbortSignal;
}

export const DEFAULT_JAEGER_TIMEOUT_MILLIS = 30_000;
export const DEFAULT_JAEGER_RETRIES = 2;
export const DEFAULT_JAEGER_RETRY_DELAY_MILLIS = 500;

/**
 * Reads the traces matching `query` from a live Jaeger, one batch per time
 * window that found new traces, oldest window first. Detects the API (v1
 * preferred, see `detectJaegerApi`), cuts the range into windows
 * (`planTimeWindows`), spreads `query.limit` over them, drops traces already
 * returned by an earlier window and stops at `query.limit` distinct traces.
 * If auto-detection chose v1 but the server's v1 search is gone (404/410 or
 * the UI's HTML page on the first search) and api_v3 answers, it switches to api_v3.
 * Throws `SourceError`.
 */
export async function* readJaegerTraces(
  query: JaegerQuery,
  options: JaegerSourceOptions = {},
): AsyncGenerator<JaegerBatch, void, undefined> {
  const http: JaegerHttpOptions = {
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMillis: options.timeoutMillis ?? DEFAULT_JAEGER_TIMEOUT_MILLIS,
    retries: options.retries ?? DEFAULT_JAEGER_RETRIES,
    retryDelayMillis:
      options.retryDelayMillis ?? DEFAULT_JAEGER_RETRY_DELAY_MILLIS,
    ...(query.authorization === undefined
      ? {}
      : { authorization: query.authorization }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const detect = options.api === undefined || options.api === 'auto';
  let api: JaegerApi = detect
    ? await detectJaegerApi(query.baseUrl, http)
    : (options.api as JaegerApi);
  const maxPerRequest =
    options.maxTracesPerRequest ?? DEFAULT_MAX_TRACES_PER_REQUEST;
  const windows = planTimeWindows(
    query.startMicros,
    query.endMicros,
    query.limit,
    options.windowMicros ?? DEFAULT_WINDOW_MICROS,
    maxPerRequest,
  );
  const seen = new Set<string>();
  const progress: JaegerProgress = {
    api,
    windowsDone: 0,
    windowsTotal: windows.length,
    traces: 0,
    duplicates: 0,
  };
  options.onProgress?.({ ...progress });

  for (const [index, window] of windows.entries()) {
    if (progress.traces >= query.limit) {
      break;
    }
    const ask = planWindowLimit(
      query.limit - progress.traces,
      index,
      windows.length,
      maxPerRequest,
    );
    const remaining = query.limit - progress.traces;
    let batch: JaegerBatch | null;
    try {
      batch = await searchWindow(
        api,
        query,
        window,
        ask,
        remaining,
        seen,
        http,
        progress,
      );
    } catch (err) {
      if (!(
        detect &&
        api === 'v1' &&
        index === 0 &&
        isMissingSearch(err) &&
        (await hasV3Api(query.baseUrl, http))
      )) {
        throw err;
      }
      api = 'v3';
      progress.api = api;
      batch = await searchWindow(
        api,
        query,
        window,
        ask,
        remaining,
        seen,
        http,
        progress,
      );
    }
    progress.windowsDone = index + 1;
    options.onProgress?.({ ...progress });
    if (batch !== null) {
      yield batch;
    }
  }
}

async function searchWindow(
  api: JaegerApi,
  query: JaegerQuery,
  window: TimeWindow,
  ask: number,
  remaining: number,
  seen: Set<string>,
  http: JaegerHttpOptions,
  progress: JaegerProgress,
): Promise<JaegerBatch | null> {
  if (api === 'v1') {
    const answer = await getFromJaeger(
      buildV1SearchUrl(query, window, ask),
      http,
    );
    const selected = selectNewV1Traces(
      readV1SearchAnswer(answer),
      seen,
      remaining,
    );
    count(progress, selected);
    return selected.traceCount === 0
      ? null
      : { api, window, traces: selected.value };
  }
  const answer = await getFromJaeger(
    buildV3SearchUrl(query, window, ask),
    http,
  );
  const selected = selectNewV3Spans(
    readV3SearchAnswer(answer),
    seen,
    remaining,
  );
  count(progress, selected);
  return selected.traceCount === 0
    ? null
    : {
        api,
        window,
        request: { resourceSpans: selected.value },
        traceCount: selected.traceCount,
      };
}

function count(progress: JaegerProgress, selected: NewTraces<unknown>): void {
  progress.traces += selected.traceCount;
  progress.duplicates += selected.duplicates;
}

function isMissingSearch(err: unknown): boolean {
  return (
    isSourceError(err, 'PATHPROF_ERR_JAEGER') &&
    ((err.reason === 'http' && (err.status === 404 || err.status === 410)) ||
      err.reason === 'not-json')
  );
}
