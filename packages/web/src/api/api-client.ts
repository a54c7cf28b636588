/**
 * The typed client of the query port's APIs. Every method takes the query
 * parameters as pairs (see state/window-state.ts) and an AbortSignal, and
 * rejects with an ApiError carrying the server's message. With a token, every
 * call sends `Authorization: Bearer …`; a 401 is reported to `onUnauthorized`
 * with the token that call carried.
 */
import { ApiError, readErrorMessage } from './api-error.js';
import type {
  AnalysisReport,
  ComparisonReport,
  JaegerTrace,
  LatencyHistogram,
  ServiceGraph,
} from './api-types.js';

export type QueryPairs = readonly (readonly [string, string])[];

export interface ApiClient {
  getPaths(params: QueryPairs, signal?: AbortSignal): Promise<AnalysisReport>;
  getPathHistogram(
    key: string,
    params: QueryPairs,
    signal?: AbortSignal,
  ): Promise<LatencyHistogram>;
  getServiceGraph(
    params: QueryPairs,
    signal?: AbortSignal,
  ): Promise<ServiceGraph>;
  getComparison(
    params: QueryPairs,
    signal?: AbortSignal,
  ): Promise<ComparisonReport>;
  /** One trace in Jaeger's JSON; rejects with status 404 when unknown. */
  getTrace(traceId: string, signal?: AbortSignal): Promise<JaegerTrace>;
  getServices(signal?: AbortSignal): Promise<string[]>;
}

interface JaegerEnvelope<T> {
  readonly data: T;
}

export interface ApiClientOptions {
  readonly fetchFn?: typeof fetch;
  /** The bearer token to send, read at every call; null sends none. */
  readonly token?: () => string | null;
  readonly onUnauthorized?: (sentToken: string | null) => void;
}

export function createApiClient(
  apiBase: string,
  options: ApiClientOptions = {},
): ApiClient {
  const fetchFn =
    options.fetchFn ??
    ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const get = async <T>(
    path: string,
    params: QueryPairs,
    signal: AbortSignal | undefined,
  ): Promise<T> => {
    const query = new URLSearchParams(params as [string, string][]).toString();
    const url = `${apiBase}${path}${query === '' ? '' : `?${query}`}`;
    const token = options.token?.() ?? null;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token !== null) {
      headers['authorization'] = `Bearer ${token}`;
    }
    let response: Response;
    try {
      response = await fetchFn(url, {
        headers,
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (err) {
      if (signal?.aborted === true) {
        throw err;
      }
      throw new ApiError(0, `cannot reach the collector (${String(err)})`);
    }
    if (response.status === 401) {
      options.onUnauthorized?.(token);
    }
    if (!response.ok) {
      const body = await response.text();
      throw new ApiError(
        response.status,
        readErrorMessage(response.status, body),
      );
    }
    return (await response.json()) as T;
  };
  const segment = encodeURIComponent;
  return {
    getPaths: (params, signal) => get('/api/paths', params, signal),
    getPathHistogram: (key, params, signal) =>
      get(`/api/paths/${segment(key)}/histogram`, params, signal),
    getServiceGraph: (params, signal) =>
      get('/api/service-graph', params, signal),
    getComparison: (params, signal) => get('/api/compare', params, signal),
    getTrace: async (traceId, signal) => {
      const envelope = await get<JaegerEnvelope<JaegerTrace[]>>(
        `/api/traces/${segment(traceId)}`,
        [],
        signal,
      );
      const trace = envelope.data[0];
      if (trace === undefined) {
        throw new ApiError(404, `trace ${traceId} not found`);
      }
      return trace;
    },
    getServices: async (signal) =>
      (await get<JaegerEnvelope<string[] | null>>('/api/services', [], signal))
        .data ?? [],
  };
}
