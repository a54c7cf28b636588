/**
 * The services' instrumentation through @pathprof/sdk. Without `profile`
 * (`PATHPROF_SDK=otel-only`) handlers run unwrapped and only the trace
 * context is forwarded.
 */
import type { IncomingMessage } from 'node:http';
import { forwardHeaders, profiled, profileHttpHandler } from '@pathprof/sdk';
import type { Instrumentation } from './instrumentation.js';

export function createSdkInstrumentation(profile: boolean): Instrumentation {
  if (!profile) {
    return {
      profileRoute: (_name, handler) => handler,
      profileFunction: (_name, fn) => fn,
      outgoingHeaders: (incoming) => forwardHeaders(incoming),
    };
  }
  // a node:http listener takes (req, res) only; the route's params ride along here
  const paramsOf = new WeakMap<IncomingMessage, readonly string[]>();
  return {
    profileRoute(name, handler) {
      const listener = profileHttpHandler(name, (req, res) =>
        handler(req, res, paramsOf.get(req) ?? []),
      );
      return (req, res, params) => {
        paramsOf.set(req, params);
        return Promise.resolve(listener(req, res));
      };
    },
    profileFunction: (name, fn) => profiled(name, fn),
    outgoingHeaders: (incoming) => forwardHeaders(incoming),
  };
}
