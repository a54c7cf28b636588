/**
 * `GET /api/service-graph`, with the path API's window and options
 * (`start`/`end` µs or `lookback`, `service`, `pathKey`, `keepProxies`):
 * a `ServiceGraph` of the web UI (services, calls between them with counts,
 * errors and latency), a type from `@pathprof/engine`, which the UI's client
 * imports too. Errors use Jaeger's envelope, like the rest of the query port.
 */
import type { FastifyInstance } from 'fastify';
import { parsePathParams } from '../paths/parse-path-params.js';
import type { QueryParams } from '../request-params/query-params.js';
import type { CollectorContext } from '../server/collector-context.js';
import { buildStoredServiceGraph } from './build-stored-service-graph.js';

export function registerServiceGraphRoute(
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
}
