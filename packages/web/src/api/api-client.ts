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
  AttributeValuesReport,
  ComparisonReport,
  CompareDistributions,
  JaegerTrace,
  LatencyHistogram,
  PathBreakdownReport,
  PathRequestsReport,
  PathSeriesReport,
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
  getOperations(service: string, signal?: AbortSignal): Promise<string[]>;
  /** Jaeger's trace search (`/api/traces`): whole traces and how many matched. */
  searchTraces(
    params: QueryPairs,
    signal?: AbortSignal,
  ): Promise<{ traces: JaegerTrace[]; total: number }>;
  /** One trace as OTLP JSON (`/api/v3/traces/{id}`), as the server sends it. */
  getTraceOtlp(traceId: string, signal?: AbortSignal): Promise<unknown>;
  getPathSeries(
    params: QueryPairs,
    signal?: AbortSignal,
  ): Promise<PathSeriesReport>;
  getPathRequests(
    key: string,
    params: QueryPairs,
    signal?: AbortSignal,
  ): Promise<PathRequestsReport>;
  getPathBreakdown(
    key: string,
    params: QueryPairs,
    signal?: AbortSignal,
  ): Promise<PathBreakdownReport>;
  getAttributeValues(
    key: string,
    params: QueryPairs,
    signal?: AbortSignal,
  ): Promise<AttributeValuesReport>;
  getCompareDistributions(
    params: QueryPairs,
    signal?: AbortSignal,
  ): Promise<CompareDistributions>;
}

interface JaegerEnvelope<T> {
  readonly data: T;
  readonly total?: number;
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
    getOperations: async (service, signal) =>
      (
        await get<JaegerEnvelope<string[] | null>>(
          `/api/services/${segment(service)}/operations`,
          [],
          signal,
        )
      ).data ?? [],
    searchTraces: async (params, signal) => {
      const envelope = await get<JaegerEnvelope<JaegerTrace[] | null>>(
        '/api/traces',
        params,
        signal,
      );
      const traces = envelope.data ?? [];
      return { traces, total: envelope.total ?? traces.length };
    },
    getTraceOtlp: (traceId, signal) =>
      get(`/api/v3/traces/${segment(traceId)}`, [], signal),
    getPathSeries: (params, signal) => get('/api/paths/series', params, signal),
    getPathRequests: (key, params, signal) =>
      get(`/api/paths/${segment(key)}/requests`, params, signal),
    getPathBreakdown: (key, params, signal) =>
      get(`/api/paths/${segment(key)}/breakdown`, params, signal),
    getAttributeValues: (key, params, signal) =>
      get(`/api/attributes/${segment(key)}/values`, params, signal),
    getCompareDistributions: (params, signal) =>
      get('/api/compare/distributions', params, signal),
  };
}
