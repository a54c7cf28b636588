/**
 * `GET /api/compare`: the comparison of two sets of stored traces (two
 * windows, or one window split by an attribute) as the same
 * `ComparisonReport` `pathprof compare --format json` prints. Bad parameters
 * answer 400 in Jaeger's error envelope, like the rest of the query port.
 * `GET /api/compare/distributions`, with the same parameters, answers both
 * sides' latency per path on shared buckets, for the UI to overlay.
 */
import type { FastifyInstance } from 'fastify';
import type { QueryParams } from '../request-params/query-params.js';
import type { CollectorContext } from '../server/collector-context.js';
import {
  collectCompareSides,
  compareStoredTraces,
} from './compare-stored-traces.js';
import { overlayDistributions } from './overlay-distributions.js';
import { parseCompareParams } from './parse-compare-params.js';

export function registerCompareRoutes(
  app: FastifyInstance,
  context: CollectorContext,
): void {
  app.get<{ Querystring: QueryParams }>('/api/compare', async (request) => {
    const query = parseCompareParams(request.query, context.nowMicros());
    return await compareStoredTraces(context.store, query);
  });

  app.get<{ Querystring: QueryParams }>(
    '/api/compare/distributions',
    async (request) => {
      const query = parseCompareParams(request.query, context.nowMicros());
      const sides = await collectCompareSides(context.store, query);
      return overlayDistributions(
        sides.baseline.samples,
        sides.candidate.samples,
      );
    },
  );
}
