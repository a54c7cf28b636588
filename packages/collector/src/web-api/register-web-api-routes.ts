/**
 * Routes the web UI draws from, beside the path API and with its parameters
 * (`start`/`end` µs or `lookback`, `service`, `pathKey`, `keepProxies`):
 * `GET /api/service-graph` answers a `ServiceGraph` (services, calls between
 * them with counts, errors and latency), `GET /api/paths/:key/histogram` a
 * `LatencyHistogram` of one path's end-to-end durations. Both types come
 * from `@pathprof/engine`, which the UI's client imports too. Errors use
 * Jaeger's envelope, like the rest of the query port.
 */
import type { FastifyInstance } from 'fastify';
import { parsePathParams } from '../paths/parse-path-params.js';
import type { QueryParams } from '../query/query-params.js';
import type { CollectorContext } from '../server/collector-context.js';
import { buildPathHistogram } from './build-path-histogram.js';
import { buildStoredServiceGraph } from './build-stored-service-graph.js';

export function registerWebApiRoutes(
  app: FastifyInstance,
  context: CollectorContext,
): void {
  app.get<{ Querystring: QueryParams }>(
    '/api/service-graph',
    async (request) => {
      const query = parsePathParams(request.query, context.nowMicros());
      return await buildStoredServiceGraph(context.store, query);
    },
  );

  app.get<{ Params: { key: string }; Querystring: QueryParams }>(
    '/api/paths/:key/histogram',
    async (request) => {
      const query = parsePathParams(request.query, context.nowMicros());
      return await buildPathHistogram(context.store, query, request.params.key);
    },
  );
}
