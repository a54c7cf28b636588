/** OTLP/HTTP trace receiver: `POST /v1/traces` (see `otlp-ingest-format.ts`). */
import type { FastifyInstance } from 'fastify';
import { registerIngestRoute } from '../ingest/register-ingest-route.js';
import type { CollectorContext } from '../server/collector-context.js';
import { OTLP_INGEST_FORMAT } from './otlp-ingest-format.js';

export function registerOtlpRoutes(
  app: FastifyInstance,
  context: CollectorContext,
): void {
  registerIngestRoute(app, context, OTLP_INGEST_FORMAT);
}
