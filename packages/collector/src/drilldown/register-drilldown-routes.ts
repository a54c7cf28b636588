/**
 * The drill-down routes of the web UI, with the path API's window and
 * options (`start`/`end` µs or `lookback`, `service`, `pathKey`,
 * `keepProxies`):
 *
 * - `GET /api/paths/series?points=&key=…` — request rate, error rate and
 *   p50/p95/p99 per path over time (`PathSeriesReport`);
 * - `GET /api/paths/{key}/requests?minDuration=&maxDuration=&errors=&position=&orderBy=&direction=&limit=`
 *   — the path's requests that match (`PathRequestsReport`);
 * - `GET /api/paths/{key}/breakdown?by=&position=&sample=` — its latency
 *   and errors split by an attribute, and the attributes on offer
 *   (`PathBreakdownReport`);
 * - `GET /api/paths/{key}/histogram` — a `LatencyHistogram` of the path's
 *   end-to-end durations;
 * - `GET /api/attributes/{key}/values?limit=` — the values an attribute
 *   takes on the window's spans (`AttributeValuesReport`).
 *
 * Errors use Jaeger's envelope, like the rest of the query port.
 */
import type { AttributeValuesReport } from '@pathprof/model';
import type { FastifyInstance } from 'fastify';
import { parsePathParams } from '../paths/parse-path-params.js';
import type { QueryParams } from '../request-params/query-params.js';
import type { CollectorContext } from '../server/collector-context.js';
import { buildPathBreakdown } from './build-path-breakdown.js';
import { buildPathHistogram } from './build-path-histogram.js';
import { buildPathSeries } from './build-path-series.js';
import { findPathRequests } from './find-path-requests.js';
import {
  parseBreakdownParams,
  parseRequestsParams,
  parseSeriesParams,
  parseValuesLimit,
} from './parse-drilldown-params.js';

export function registerDrilldownRoutes(
  app: FastifyInstance,
  context: CollectorContext,
): void {
  app.get<{ Querystring: QueryParams }>(
    '/api/paths/series',
    async (request) => {
      const window = parsePathParams(request.query, context.nowMicros());
      return await buildPathSeries(context.store, {
        ...window,
        ...parseSeriesParams(request.query),
      });
    },
  );

  app.get<{ Params: { key: string }; Querystring: QueryParams }>(
    '/api/paths/:key/requests',
    async (request) => {
      const window = parsePathParams(request.query, context.nowMicros());
      return await findPathRequests(
        context.store,
        window,
        parseRequestsParams(request.query, request.params.key),
      );
    },
  );

  app.get<{ Params: { key: string }; Querystring: QueryParams }>(
    '/api/paths/:key/breakdown',
    async (request) => {
      const window = parsePathParams(request.query, context.nowMicros());
      return await buildPathBreakdown(
        context.store,
        window,
        parseBreakdownParams(request.query, request.params.key),
      );
    },
  );

  app.get<{ Params: { key: string }; Querystring: QueryParams }>(
    '/api/paths/:key/histogram',
    async (request) => {
      const window = parsePathParams(request.query, context.nowMicros());
      return await buildPathHistogram(
        context.store,
        window,
        request.params.key,
      );
    },
  );

  app.get<{ Params: { key: string }; Querystring: QueryParams }>(
    '/api/attributes/:key/values',
    async (request) => {
      const window = parsePathParams(request.query, context.nowMicros());
      const found = await context.store.listAttributeValues(
        request.params.key,
        { startMicros: window.startMicros, endMicros: window.endMicros },
        {
          limit: parseValuesLimit(request.query),
          ...(window.service === undefined ? {} : { service: window.service }),
        },
      );
      const report: AttributeValuesReport = {
        key: request.params.key,
        ...found,
      };
      return report;
    },
  );
}
