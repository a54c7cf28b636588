/**
 * The path API. `GET /api/paths` answers the profile of the stored traces
 * in a window: the same `AnalysisReport` object `pathprof analyze --format
 * json --anomalies` prints; with `key`, the same report with that one
 * path's row in `paths` (404 when the window lacks the path), so a view of
 * one path does not carry every other. `GET /api/paths/:key/traces` lists one path's
 * exemplar traces and anomalous traces (404 when the window lacks the
 * path). Errors use Jaeger's envelope, like the rest of the query port.
 */
import type { FastifyInstance } from 'fastify';
import type { QueryParams } from '../request-params/query-params.js';
import type { CollectorContext } from '../server/collector-context.js';
import { sendJaegerError } from '../server/query-error-replies.js';
import { findPathTraces } from './find-path-traces.js';
import { parsePathKeyFilter, parsePathParams } from './parse-path-params.js';
import { profileStoredTraces } from './profile-stored-traces.js';

export function registerPathRoutes(
  app: FastifyInstance,
  context: CollectorContext,
): void {
  app.get<{ Querystring: QueryParams }>(
    '/api/paths',
    async (request, reply) => {
      const query = parsePathParams(request.query, context.nowMicros());
      const key = parsePathKeyFilter(request.query, query.groupBy);
      if (key === undefined) {
        return await profileStoredTraces(context.store, query);
      }
      // `top` would cut the rows before the one asked for: it is not applied
      const report = await profileStoredTraces(context.store, {
        ...query,
        top: undefined,
      });
      const row = report.paths?.find((p) => p.key === key);
      if (row === undefined) {
        return sendJaegerError(reply, 404, notFound(key));
      }
      return { ...report, paths: [row] };
    },
  );

  app.get<{ Params: { key: string }; Querystring: QueryParams }>(
    '/api/paths/:key/traces',
    async (request, reply) => {
      const query = parsePathParams(request.query, context.nowMicros());
      const report = await profileStoredTraces(context.store, {
        ...query,
        groupBy: 'path',
        anomalies: true,
        top: undefined,
      });
      const found = findPathTraces(report, request.params.key);
      if (found === null) {
        return sendJaegerError(reply, 404, notFound(request.params.key));
      }
      return found;
    },
  );
}

function notFound(key: string): string {
  return `path ${JSON.stringify(key)} not found in the window`;
}
