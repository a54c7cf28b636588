/**
 * The rest of what the Jaeger UI calls (its `api/jaeger.ts`), beside the v1,
 * api_v3 and metrics routes:
 *
 * - `GET /analytics/v1/dependencies?service=&operation=&start=&end=`: the Deep
 *   Dependency Graph, from the window's real call paths (start/end in µs;
 *   0 or absent: the last hour);
 * - `POST /api/transform`: OTLP JSON in, the UI's Jaeger JSON out (what its
 *   "upload OTLP file" sends);
 * - `GET /api/quality-metrics`, archive `POST|GET /api/archive/{id}`: 501 with
 *   a message that says why, in the v1 envelope.
 */
import { badParam } from '../collector-error.js';
import { decodeOtlpTraces, toJaegerTrace } from '@pathprof/engine';
import type {
  OtlpExportTraceServiceRequest,
  Span,
  TraceId,
} from '@pathprof/model';
import type { FastifyInstance } from 'fastify';
import { buildDeepDependencies } from './build-deep-dependencies.js';
import { DEFAULT_PATH_LOOKBACK_MICROS } from '../paths/parse-path-params.js';
import { profileStoredTraces } from '../paths/profile-stored-traces.js';
import type { CollectorContext } from '../server/collector-context.js';
import { createJaegerEnvelope } from './jaeger-envelope.js';
import { sendJaegerError } from '../server/query-error-replies.js';
import { parseTimeWindow } from '../request-params/parse-time-window.js';
import type { QueryParams } from '../request-params/query-params.js';
import { readParam } from '../request-params/query-params.js';

export const QUALITY_METRICS_UNSUPPORTED =
  'pathprof does not compute trace quality metrics; turn the Quality Metrics tab off in the Jaeger UI (qualityMetrics.menuEnabled: false)';
export const ARCHIVE_UNSUPPORTED =
  'pathprof has no archive storage: traces are kept until --retention deletes them (serve with --retention 0 to keep everything)';

export function registerJaegerUiRoutes(
  app: FastifyInstance,
  context: CollectorContext,
): void {
  app.get<{ Querystring: QueryParams }>(
    '/analytics/v1/dependencies',
    async (request, reply) => {
      const service = readParam(request.query, 'service');
      if (service === undefined) {
        throw badParam("parameter 'service' is required");
      }
      const operationText = readParam(request.query, 'operation');
      const window = parseTimeWindow(
        withoutZeroTimes(request.query),
        context.nowMicros(),
        DEFAULT_PATH_LOOKBACK_MICROS,
      );
      const abort = new AbortController();
      reply.raw.once('close', () => abort.abort());
      const report = await profileStoredTraces(context.store, {
        ...window,
        service,
        anomalies: false,
        signal: abort.signal,
      });
      return buildDeepDependencies(
        report,
        service,
        operationText === '*' ? undefined : operationText,
      );
    },
  );

  app.get('/api/quality-metrics', (_request, reply) =>
    sendJaegerError(reply, 501, QUALITY_METRICS_UNSUPPORTED),
  );
  for (const method of ['GET', 'POST'] as const) {
    app.route({
      method,
      url: '/api/archive/:traceID',
      handler: (_request, reply) =>
        sendJaegerError(reply, 501, ARCHIVE_UNSUPPORTED),
    });
  }

  // The UI posts the file's text without a JSON media type: read any body as JSON.
  void app.register((scope, _opts, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'string' },
      (_request, text, parsed) => {
        try {
          parsed(null, JSON.parse(text as string) as unknown);
        } catch (err) {
          parsed(
            Object.assign(
              new Error(
                `the body is not JSON: ${err instanceof Error ? err.message : String(err)}`,
              ),
              { statusCode: 400 },
            ),
          );
        }
      },
    );
    registerTransformRoute(scope);
    done();
  });
}

function registerTransformRoute(app: FastifyInstance): void {
  app.post('/api/transform', (request, reply) => {
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendJaegerError(
        reply,
        400,
        'the body is not OTLP JSON: expected an object with resourceSpans',
      );
    }
    const { resourceSpans } = body as { resourceSpans?: unknown };
    if (resourceSpans !== undefined && !Array.isArray(resourceSpans)) {
      return sendJaegerError(
        reply,
        400,
        'the body is not OTLP JSON: resourceSpans must be an array',
      );
    }
    const { spans } = decodeOtlpTraces(body as OtlpExportTraceServiceRequest);
    const traces = groupByTrace(spans).map(toJaegerTrace);
    return createJaegerEnvelope(traces, { total: traces.length });
  });
}

/** The UI sends `start=0&end=0` for "no window": read them as absent. */
function withoutZeroTimes(query: QueryParams): QueryParams {
  return Object.fromEntries(
    Object.entries(query).filter(
      ([k, v]) => !((k === 'start' || k === 'end') && v === '0'),
    ),
  );
}

/** Spans per trace, in first-appearance order, ordered as the store orders them. */
function groupByTrace(
  spans: readonly Span[],
): { traceId: TraceId; spans: Span[] }[] {
  const traces = new Map<TraceId, Span[]>();
  for (const span of spans) {
    let list = traces.get(span.traceId);
    if (list === undefined) {
      list = [];
      traces.set(span.traceId, list);
    }
    list.push(span);
  }
  return [...traces].map(([traceId, list]) => ({
    traceId,
    spans: list.sort(
      (a, b) =>
        a.startMicros - b.startMicros ||
        (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0),
    ),
  }));
}
