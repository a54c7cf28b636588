import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ActiveHop } from '../hops/start-hop.js';
import { reportSdkError, safeExecute } from '../internal/safe-execute.js';
import { startRequestHop } from './server-hop.js';

/** The parts of a Fastify request the profiler reads. */
export interface FastifyRequestLike {
  readonly raw: IncomingMessage;
  readonly routeOptions?: { readonly url?: string | undefined } | undefined;
}

/** The parts of a Fastify reply the profiler reads. */
export interface FastifyReplyLike {
  readonly raw: ServerResponse;
}

type HookDone = (error?: Error) => void;

/** The part of a Fastify instance the profiler uses, typed structurally. */
export interface FastifyInstanceLike {
  addHook(name: string, hook: (...args: never[]) => unknown): unknown;
}

/** Options of {@link fastifyProfiler}, passed to `register`. */
export interface FastifyProfilerOptions {
  /** The hop name of a request; default its route's URL. Requests without a name are not profiled. */
  readonly hopName?: (request: FastifyRequestLike) => string | undefined;
}

/** A Fastify plugin, typed structurally so that Fastify is not a dependency. */
export type FastifyProfilerPlugin = (
  instance: FastifyInstanceLike,
  options: FastifyProfilerOptions,
  done: (error?: Error) => void,
) => void;

const hops = new WeakMap<object, ActiveHop>();

function onRequest(
  options: FastifyProfilerOptions,
): (
  request: FastifyRequestLike,
  reply: FastifyReplyLike,
  done: HookDone,
) => void {
  return (request, reply, done) => {
    const hop = safeExecute(
      'starting a request hop',
      () => {
        const route = request.routeOptions?.url;
        const name = options.hopName ? options.hopName(request) : route;
        if (typeof name !== 'string' || name === '') {
          return undefined;
        }
        return startRequestHop(name, request.raw, reply.raw, route);
      },
      undefined,
    );
    if (hop === undefined) {
      done();
      return;
    }
    hops.set(request, hop);
    hop.run(() => done());
  };
}

/** Re-enters the hop before the handler: body parsing may have run outside it. */
function preHandler(
  request: FastifyRequestLike,
  _reply: FastifyReplyLike,
  done: HookDone,
): void {
  const hop = hops.get(request);
  if (hop === undefined) {
    done();
    return;
  }
  hop.run(() => done());
}

function onError(
  request: FastifyRequestLike,
  _reply: FastifyReplyLike,
  error: unknown,
  done: () => void,
): void {
  hops.get(request)?.fail(error);
  done();
}

/**
 * Fastify plugin: every routed request is a hop named after its route's URL
 * (or `hopName(request)`), from `onRequest` until the response has finished;
 * the handler runs inside the hop, errors reported to `onError` are recorded.
 * It applies to the whole instance (not encapsulated); register it before
 * the routes: `app.register(fastifyProfiler)`.
 */
export const fastifyProfiler: FastifyProfilerPlugin = Object.assign(
  function pathprofFastify(
    instance: FastifyInstanceLike,
    options: FastifyProfilerOptions,
    done: (error?: Error) => void,
  ): void {
    try {
      instance.addHook('onRequest', onRequest(options ?? {}));
      instance.addHook('preHandler', preHandler);
      instance.addHook('onError', onError);
    } catch (error) {
      reportSdkError('registering the Fastify plugin', error);
    }
    done();
  },
  {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: '@pathprof/sdk',
  },
);
