/** Zipkin v2 receiver: `POST /api/v2/spans` (see `zipkin-ingest-format.ts`). */
import type { FastifyInstance } from 'fastify';
import { registerIngestRoute } from '../ingest/register-ingest-route.js';
import type { CollectorContext } from '../server/collector-context.js';
import { ZIPKIN_INGEST_FORMAT } from './zipkin-ingest-format.js';

export function registerZipkinRoutes(
  app: FastifyInstance,
  context: CollectorContext,
): void {
  registerIngestRoute(app, context, ZIPKIN_INGEST_FORMAT);
}
