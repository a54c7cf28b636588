/** CONTRACT (to be implemented): registers its routes on `app`; paths are relative to the app's prefix. */
import type { FastifyInstance } from 'fastify';
import type { CollectorContext } from '../server/collector-context.js';

export function registerPathRoutes(
  _app: FastifyInstance,
  _context: CollectorContext,
): void {}
