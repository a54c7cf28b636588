/**
 * Jaeger's v1 query API (jaeger `cmd/query/app/http_handler.go`), the one
 * Jaeger's UI and the seed's aggregator call: services, operations, trace
 * search, one trace, dependencies. Answers use Jaeger's envelope (see
 * `jaeger-envelope.ts`), errors too.
 */
import { badParam } from '../collector-error.js';
import type { FastifyInstance } from 'fastify';
import type { CollectorContext } from '../server/collector-context.js';
import { createJaegerEnvelope } from './jaeger-envelope.js';
import { sendJaegerError } from '../server/query-error-replies.js';
import type { JaegerEnvelopeError } from './jaeger-envelope.js';
import { formatJaegerTraceId, toJaegerTrace } from '@pathprof/engine';
import { mustParseJaegerTraceId } from './jaeger-ids.js';
import {
  parseOperationKind,
  toJaegerOperationKind,
} from './operation-kinds.js';
import { parseSearchParams } from './parse-search-params.js';
import type { QueryParams } from '../request-params/query-params.js';
import { mustParseInteger, readParam } from '../request-params/query-params.js';

/** Jaeger's `defaultDependencyLookbackDuration`: one day, in ms. */
const DEFAULT_DEPENDENCY_LOOKBACK_MILLIS = 86_400_000;

export function registerJaegerV1Routes(
  app: FastifyInstance,
  context: CollectorContext,
): void {
  const { store } = context;

  app.get('/api/services', async () => {
    const services = await store.listServices();
    return createJaegerEnvelope(services, { total: services.length });
  });

  app.get<{ Params: { service: string } }>(
    '/api/services/:service/operations',
    async (request) => {
      const operations = await store.listOperations(request.params.service);
      const names = [...new Set(operations.map((o) => o.name))];
      return createJaegerEnvelope(names, { total: names.length });
    },
  );

  app.get<{ Querystring: QueryParams }>('/api/operations', async (request) => {
    const service = readParam(request.query, 'service');
    if (service === undefined) {
      throw badParam("parameter 'service' is required");
    }
    const kind = parseOperationKind(request.query, ['spanKind']);
    const operations = await store.listOperations(service, kind);
    const data = operations.map((o) => ({
      name: o.name,
      spanKind: toJaegerOperationKind(o.spanKind),
    }));
    return createJaegerEnvelope(data, { total: data.length });
  });

  app.get<{ Querystring: QueryParams }>('/api/traces', async (request) => {
    const search = parseSearchParams(request.query, context.nowMicros());
    if (search.kind === 'ids') {
      const found = await store.getTraces(search.traceIds);
      const foundIds = new Set(found.map((t) => t.traceId));
      const errors: JaegerEnvelopeError[] = search.traceIds
        .filter((id) => !foundIds.has(id))
        .map((id) => ({
          msg: 'trace not found',
          traceID: formatJaegerTraceId(id),
        }));
      return createJaegerEnvelope(found.map(toJaegerTrace), {
        total: found.length,
        errors,
      });
    }
    const result = await store.searchTraces(search.query);
    return createJaegerEnvelope(result.traces.map(toJaegerTrace), {
      total: result.total,
      limit: search.query.limit,
      offset: search.query.offset ?? 0,
    });
  });

  app.get<{ Params: { traceID: string }; Querystring: QueryParams }>(
    '/api/traces/:traceID',
    async (request, reply) => {
      const id = mustParseJaegerTraceId(request.params.traceID, 'traceID');
      for (const param of ['start', 'end']) {
        const text = readParam(request.query, param);
        if (text !== undefined) {
          mustParseInteger(text, param);
        }
      }
      const [trace] = await store.getTraces([id]);
      if (trace === undefined) {
        return sendJaegerError(reply, 404, 'trace not found');
      }
      return createJaegerEnvelope([toJaegerTrace(trace)], { total: 1 });
    },
  );

  app.get<{ Querystring: QueryParams }>(
    '/api/dependencies',
    async (request) => {
      const endText = readParam(request.query, 'endTs');
      const lookbackText = readParam(request.query, 'lookback');
      const endMillis =
        endText === undefined
          ? Math.floor(context.nowMicros() / 1000)
          : mustParseInteger(endText, 'endTs');
      const lookbackMillis =
        lookbackText === undefined
          ? DEFAULT_DEPENDENCY_LOOKBACK_MILLIS
          : mustParseInteger(lookbackText, 'lookback');
      if (lookbackMillis < 0) {
        throw badParam(
          `'lookback' must be at least 0 ms, got ${lookbackMillis}`,
        );
      }
      const service = readParam(request.query, 'service');
      const links = (
        await store.getDependencies(endMillis * 1000, lookbackMillis * 1000)
      ).filter(
        (l) =>
          service === undefined || l.parent === service || l.child === service,
      );
      const data = links.map((l) => ({
        parent: l.parent,
        child: l.child,
        callCount: l.callCount,
      }));
      return createJaegerEnvelope(data, { total: data.length });
    },
  );
}
