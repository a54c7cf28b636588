/**
 * What the services need from the tracing SDK, as a seam: the real one
 * (sdk-instrumentation.ts) wraps @pathprof/sdk; tests may pass
 * NO_INSTRUMENTATION to exercise routes without tracing.
 */
import type {
  IncomingMessage,
  OutgoingHttpHeaders,
  ServerResponse,
} from 'node:http';

/** Handles one request of a route; `params` are the path segments after the route name. */
export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: readonly string[],
) => Promise<void>;

export interface Instrumentation {
  /** The route handler as a profiled hop named `name`, a child of the request's trace context. */
  profileRoute(name: string, handler: RouteHandler): RouteHandler;
  /** The function as a profiled hop named `name` (a child hop when called inside one). */
  profileFunction<A extends unknown[], R>(
    name: string,
    fn: (...args: A) => R,
  ): (...args: A) => R;
  /** Headers for a call made while handling `incoming`: its trace context and Istio's request id. */
  outgoingHeaders(incoming: IncomingMessage): OutgoingHttpHeaders;
}

/** No tracing: handlers run as they are and nothing is forwarded. */
export const NO_INSTRUMENTATION: Instrumentation = {
  profileRoute: (_name, handler) => handler,
  profileFunction: (_name, fn) => fn,
  outgoingHeaders: () => ({}),
};
