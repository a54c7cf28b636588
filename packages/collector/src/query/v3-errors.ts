/**
 * api_v3's error body (`GRPCGatewayError` of jaeger
 * `apiv3/http_gateway.go`): `{"error": {"httpCode": 400, "message": "…"}}`,
 * also for "No traces found" (404), which api_v3 answers for an empty
 * search as well as for an unknown trace id.
 */
import type { FastifyReply } from 'fastify';
import { isStoreError } from '@pathprof/store';
import type { CollectorContext } from '../server/collector-context.js';
import { BadParamError } from './query-params.js';

export const NO_TRACES_FOUND = 'No traces found';

export function sendV3Error(
  reply: FastifyReply,
  httpCode: number,
  message: string,
): FastifyReply {
  return reply.code(httpCode).send({ error: { httpCode, message } });
}

export function sendV3Failure(
  reply: FastifyReply,
  err: unknown,
  context: CollectorContext,
): FastifyReply {
  if (err instanceof BadParamError) {
    return sendV3Error(reply, 400, err.message);
  }
  if (isStoreError(err, 'PATHPROF_ERR_STORE_BAD_QUERY')) {
    return sendV3Error(reply, 400, err.message);
  }
  context.log({
    level: 'error',
    msg: 'query failed',
    url: reply.request.url,
    error: err instanceof Error ? err.message : String(err),
  });
  return sendV3Error(reply, 500, 'internal error');
}
