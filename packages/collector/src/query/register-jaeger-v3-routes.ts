/**
 * Jaeger's api_v3 over HTTP (jaeger `apiv3/http_gateway.go`): services,
 * operations, trace search and one trace, traces as OTLP JSON wrapped in
 * `{"result": …}`, errors as `{"error": {httpCode, message}}`. Empty lists
 * are sent as `[]` where jsonpb would leave the field out.
 */
import { badParam } from '../collector-error.js';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TraceId, TraceSpans } from '@pathprof/model';
import type { CollectorContext } from '../server/collector-context.js';
import { mustParseJaegerTraceId } from './jaeger-ids.js';
import { parseOperationKind, toV3OperationKind } from './operation-kinds.js';
import {
  mustParseV3Bool,
  mustParseV3Time,
  parseV3SearchParams,
  resolveV3Param,
} from './parse-v3-search-params.js';
import type { QueryParams } from '../request-params/query-params.js';
import { readParam } from '../request-params/query-params.js';
import { summarizeTrace, toSummaryJson } from './summarize-trace.js';
import { toOtlpJson } from '@pathprof/engine';
import { NO_TRACES_FOUND, sendV3Error } from '../server/query-error-replies.js';

export function registerJaegerV3Routes(
  app: FastifyInstance,
  context: CollectorContext,
): void {
  const { store } = context;

  app.get('/api/v3/services', async () => {
    return { services: await store.listServices() };
  });

  app.get<{ Querystring: QueryParams }>(
    '/api/v3/operations',
    async (request) => {
      const service = readParam(request.query, 'service');
      const kind = parseOperationKind(request.query, ['spanKind', 'span_kind']);
      const operations =
        service === undefined ? [] : await store.listOperations(service, kind);
      return {
        operations: operations.map((o) => ({
          name: o.name,
          spanKind: toV3OperationKind(o.spanKind),
        })),
      };
    },
  );

  app.get<{ Querystring: QueryParams }>(
    '/api/v3/traces',
    async (request, reply) => {
      const result = await store.searchTraces(
        parseV3SearchParams(request.query),
      );
      return sendTraces(reply, result.traces);
    },
  );

  // The Jaeger UI's search (since v2.19): one summary per matching trace.
  // An empty result is an empty list, as Jaeger's gateway answers it.
  app.get<{ Querystring: QueryParams }>(
    '/api/v3/trace-summaries',
    async (request) => {
      const result = await store.searchTraces(
        parseV3SearchParams(request.query),
      );
      return {
        summaries: result.traces.map((t) => toSummaryJson(summarizeTrace(t))),
      };
    },
  );

  app.get<{ Params: { traceId: string }; Querystring: QueryParams }>(
    '/api/v3/traces/:traceId',
    async (request, reply) => {
      const id = mustParseTraceIdParam(request.params.traceId);
      const q = request.query;
      const start = resolveV3Param(q, 'startTime', 'start_time');
      const end = resolveV3Param(q, 'endTime', 'end_time');
      if (start !== undefined) {
        mustParseV3Time(start);
      }
      if (end !== undefined) {
        mustParseV3Time(end);
      }
      mustParseV3Bool(resolveV3Param(q, 'rawTraces', 'raw_traces'));
      return sendTraces(reply, await store.getTraces([id]));
    },
  );
}

/** api_v3 answers 404 rather than an empty result. */
function sendTraces(
  reply: FastifyReply,
  traces: readonly TraceSpans[],
): FastifyReply {
  if (traces.length === 0) {
    return sendV3Error(reply, 404, NO_TRACES_FOUND);
  }
  return reply.send({ result: toOtlpJson(traces.flatMap((t) => t.spans)) });
}

function mustParseTraceIdParam(text: string): TraceId {
  try {
    return mustParseJaegerTraceId(text, 'trace_id');
  } catch {
    throw badParam(
      `malformed parameter trace_id: "${text}" is not a trace id of 1 to 32 hex digits`,
    );
  }
}
