/**
 * Jaeger v1's response envelope (`structuredResponse` of jaeger
 * `cmd/query/app/http_handler.go`).
 *
 * `total`, `limit` and `offset`: Jaeger fills `total` for the service and
 * operation lists only and leaves 0 elsewhere. Here `total` is always the
 * number of items that matched before paging (so a search reports every
 * matching trace, not just the page), and `limit`/`offset` echo the paging
 * a search applied (0 for unpaged answers). Jaeger's UI and the seed read
 * only `data` and `errors`. Error bodies: `server/query-error-replies.ts`.
 */

export interface JaegerEnvelopeError {
  readonly code?: number;
  readonly msg: string;
  readonly traceID?: string;
}

export interface JaegerEnvelope<T> {
  readonly data: T;
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  readonly errors: readonly JaegerEnvelopeError[] | null;
}

export function createJaegerEnvelope<T>(
  data: T,
  paging: {
    total: number;
    limit?: number;
    offset?: number;
    errors?: readonly JaegerEnvelopeError[];
  },
): JaegerEnvelope<T> {
  return {
    data,
    total: paging.total,
    limit: paging.limit ?? 0,
    offset: paging.offset ?? 0,
    errors:
      paging.errors === undefined || paging.errors.length === 0
        ? null
        : paging.errors,
  };
}
