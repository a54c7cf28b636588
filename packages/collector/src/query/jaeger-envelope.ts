/**
 * Jaeger v1's response envelope (`structuredResponse` of jaeger
 * `cmd/query/app/http_handler.go`) and how failures map onto it: a bad
 * parameter or a query the store refuses is 400, anything else 500.
 *
 * `total`, `limit` and `offset`: Jaeger fills `total` for the service and
 * operation lists only and leaves 0 elsewhere. Here `total` is always the
 * number of items that matched before paging (so a search reports every
 * matching trace, not just the page), and `limit`/`offset` echo the paging
 * a search applied (0 for unpaged answers). Jaeger's UI and the seed read
 * only `data` and `errors`.
 */
import type { FastifyReply } from 'fastify';
import { isStoreError } from '@pathprof/store';
import type { CollectorContext } from '../server/collector-context.js';
import { sendJaegerError } from '../server/error-replies.js';
import { BadParamError } from './query-params.js';

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

/** Answers a failed request in the envelope; logs what is not the caller's fault. */
export function sendJaegerFailure(
  reply: FastifyReply,
  err: unknown,
  context: CollectorContext,
): FastifyReply {
  if (err instanceof BadParamError) {
    return sendJaegerError(reply, 400, err.message);
  }
  if (isStoreError(err, 'PATHPROF_ERR_STORE_BAD_QUERY')) {
    return sendJaegerError(reply, 400, err.message);
  }
  context.log({
    level: 'error',
    msg: 'query failed',
    url: reply.request.url,
    error: err instanceof Error ? err.message : String(err),
  });
  return sendJaegerError(reply, 500, 'internal error');
}
