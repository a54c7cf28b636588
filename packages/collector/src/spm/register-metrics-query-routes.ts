/**
 * Jaeger's metrics query API, which the Jaeger UI's Monitor tab calls:
 * `GET /api/metrics/{latencies,calls,errors}` answering a `MetricFamily`
 * in proto JSON (jaeger `internal/proto/metrics/openmetrics.proto`), and
 * `GET /api/metrics/minstep`, the smallest step in ms in the v1 envelope.
 * Computed from the stored spans (`computeSpanMetrics`). Errors use the v1
 * envelope, as Jaeger's handler answers them.
 */
import type { FastifyInstance } from 'fastify';
import { createJaegerEnvelope } from '../query/jaeger-envelope.js';
import type { QueryParams } from '../request-params/query-params.js';
import type { CollectorContext } from '../server/collector-context.js';
import { computeSpanMetrics } from './compute-span-metrics.js';
import type { MetricKind } from './compute-span-metrics.js';
import {
  MIN_METRICS_STEP_MILLIS,
  parseMetricsParams,
  parseQuantile,
} from './parse-metrics-params.js';

export function registerMetricsQueryRoutes(
  app: FastifyInstance,
  context: CollectorContext,
): void {
  app.get('/api/metrics/minstep', () =>
    createJaegerEnvelope(MIN_METRICS_STEP_MILLIS, { total: 0 }),
  );
  for (const kind of ['latencies', 'calls', 'errors'] as const) {
    app.get<{ Querystring: QueryParams }>(
      `/api/metrics/${kind}`,
      async (request, reply) => {
        const quantile: number =
          kind === 'latencies' ? parseQuantile(request.query) : 0;
        const query = parseMetricsParams(
          request.query,
          Math.floor(context.nowMicros() / 1000),
        );
        const abort = new AbortController();
        reply.raw.once('close', () => abort.abort());
        return await computeSpanMetrics(
          context.store,
          query,
          kind as MetricKind,
          quantile,
          abort.signal,
        );
      },
    );
  }
}
