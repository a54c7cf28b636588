/**
 * `GET /metrics`: the Prometheus text exposition (format 0.0.4) of the
 * collector's registry. The bearer token, when set, is checked by the
 * server's `onRequest` hook like on every other route.
 */
import type { FastifyInstance } from 'fastify';
import type { CollectorContext } from '../server/collector-context.js';

export const METRICS_ROUTE = '/metrics';

export function registerMetricsRoute(
  app: FastifyInstance,
  context: CollectorContext,
): void {
  app.get(METRICS_ROUTE, async (_request, reply) => {
    const { contentType, body } = await context.metrics.render();
    return reply
      .header('content-type', contentType)
      .header('cache-control', 'no-store')
      .send(body);
  });
}
