import type { IncomingMessage, ServerResponse } from 'node:http';
import { safeExecute } from '../internal/safe-execute.js';
import { startRequestHop } from './server-hop.js';

/** The parts of an Express request the profiler reads. */
export interface ExpressRequestLike extends IncomingMessage {
  readonly baseUrl?: string;
  readonly path?: string;
  readonly route?: { readonly path?: unknown } | undefined;
}

/** An Express middleware, typed structurally so that Express is not a dependency. */
export type ExpressMiddleware = (
  req: ExpressRequestLike,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/** `baseUrl` + the route's path when routed, else + the request path. */
function routeOf(req: ExpressRequestLike): string {
  const base = req.baseUrl ?? '';
  const routePath = req.route?.path;
  if (typeof routePath === 'string') {
    return `${base}${routePath}`;
  }
  return `${base}${req.path ?? req.url ?? '/'}`;
}

/**
 * Express middleware that runs the rest of the request's handling as a hop
 * named `name`, or by default the route's path: use it on a route
 * (`app.get('/a1', expressProfiler(), handler)`) to get `/a1`; as app-level
 * middleware, before routing, the default is the request path. The hop ends
 * when the response has finished; a 5xx answer marks it as an error (Express
 * handles handler errors itself, so their exception is not recorded).
 */
export function expressProfiler(name?: string): ExpressMiddleware {
  return function pathprofExpress(req, res, next): void {
    const hop = safeExecute(
      'starting a request hop',
      () => {
        const route = routeOf(req);
        return startRequestHop(
          name ?? route,
          req,
          res,
          typeof req.route?.path === 'string' ? route : undefined,
        );
      },
      undefined,
    );
    if (hop === undefined) {
      next();
      return;
    }
    hop.run(() => next());
  };
}
