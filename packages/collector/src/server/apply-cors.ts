/**
 * CORS for the query port, off unless origins are configured. Answers
 * preflights itself; returns true when it did (the request is done).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export function applyCors(
  request: FastifyRequest,
  reply: FastifyReply,
  allowedOrigins: readonly string[],
): boolean {
  const origin = request.headers.origin;
  if (
    origin === undefined ||
    !(allowedOrigins.includes('*') || allowedOrigins.includes(origin))
  ) {
    return false;
  }
  reply.header('access-control-allow-origin', origin);
  reply.header('vary', 'Origin');
  if (request.method === 'OPTIONS') {
    reply
      .header('access-control-allow-methods', 'GET, POST, OPTIONS')
      .header(
        'access-control-allow-headers',
        'authorization, content-type, content-encoding',
      )
      .header('access-control-max-age', '600')
      .code(204)
      .send();
    return true;
  }
  return false;
}
