/**
 * The query port's error bodies and the one handler that turns a route's
 * thrown error into one.
 *
 * - Jaeger v1 (`structuredResponse` of jaeger `cmd/query/app/http_handler.go`)
 *   and every other route of the query port:
 *   `{"data": null, "total": 0, "limit": 0, "offset": 0, "errors": [{"code": 400, "msg": "…"}]}`.
 * - api_v3 (`GRPCGatewayError` of jaeger `apiv3/http_gateway.go`):
 *   `{"error": {"httpCode": 400, "message": "…"}}`, also for "No traces
 *   found" (404), which api_v3 answers for an empty search as well as for an
 *   unknown trace id.
 *
 * Routes throw; `setQueryErrorHandler` answers a bad parameter or a query
 * the store refuses with 400 and anything else with 500 (logged, as it is
 * not the caller's fault). Errors Fastify raised before the route ran carry
 * their own status and go on to the server's handler.
 */
import { isCollectorError } from '../collector-error.js';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isStoreError } from '@pathprof/store';
import type { CollectorContext } from './collector-context.js';

export interface JaegerErrorBody {
  readonly data: null;
  readonly total: 0;
  readonly limit: 0;
  readonly offset: 0;
  readonly errors: readonly { readonly code: number; readonly msg: string }[];
}

export function jaegerErrorBody(status: number, msg: string): JaegerErrorBody {
  return {
    data: null,
    total: 0,
    limit: 0,
    offset: 0,
    errors: [{ code: status, msg }],
  };
}

export function sendJaegerError(
  reply: FastifyReply,
  status: number,
  msg: string,
): FastifyReply {
  return reply.code(status).send(jaegerErrorBody(status, msg));
}

export const NO_TRACES_FOUND = 'No traces found';

export function sendV3Error(
  reply: FastifyReply,
  httpCode: number,
  message: string,
): FastifyReply {
  return reply.code(httpCode).send({ error: { httpCode, message } });
}

/** How one API writes an error body. */
export type SendQueryError = (
  reply: FastifyReply,
  status: number,
  message: string,
) => FastifyReply;

/**
 * Answers what the routes of `scope` throw in `send`'s shape. An error with
 * a `statusCode` (Fastify's own: a body too large, a body that does not
 * parse) is thrown on to the parent scope's handler.
 */
export function setQueryErrorHandler(
  scope: FastifyInstance,
  context: CollectorContext,
  send: SendQueryError,
): void {
  scope.setErrorHandler((err: unknown, request, reply) => {
    if (hasStatusCode(err)) {
      throw err;
    }
    if (
      isCollectorError(err, 'PATHPROF_ERR_COLLECTOR_BAD_PARAM') ||
      isStoreError(err, 'PATHPROF_ERR_STORE_BAD_QUERY')
    ) {
      return send(reply, 400, err.message);
    }
    context.log({
      level: 'error',
      msg: 'query failed',
      url: request.url,
      error: err instanceof Error ? err.message : String(err),
    });
    return send(reply, 500, 'internal error');
  });
}

function hasStatusCode(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { statusCode?: unknown }).statusCode === 'number'
  );
}
