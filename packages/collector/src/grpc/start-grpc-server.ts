/**
 * One gRPC server (grpc-js, plaintext HTTP/2) on one port, holding the
 * services of the gRPC roles given that port. Every call needs the bearer
 * token when one is set (metadata `authorization: Bearer <token>`; gRPC
 * clients send it as Kiali and the OpenTelemetry exporters do). Requests
 * above the body limit are refused by grpc-js itself (RESOURCE_EXHAUSTED).
 * `close()` stops accepting calls and waits for the ones in flight.
 */
import { Server, ServerCredentials, status as GrpcStatus } from '@grpc/grpc-js';
import type {
  Metadata,
  UntypedHandleCall,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { CollectorContext } from '../server/collector-context.js';
import { createTokenCheck } from '../server/check-bearer-token.js';
import { createGrpcError, logGrpcFailure } from './grpc-errors.js';
import type { GrpcService } from './grpc-ingest-services.js';

/** How long `close()` lets calls in flight finish before cutting them off. */
export const GRPC_SHUTDOWN_GRACE_MILLIS = 30_000;

export interface RunningGrpcServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startGrpcServer(
  context: CollectorContext,
  port: number,
  services: readonly GrpcService[],
): Promise<RunningGrpcServer> {
  const { options } = context;
  const server = new Server({
    'grpc.max_receive_message_length': options.maxBodyBytes,
  });
  const checkToken =
    options.token === undefined ? undefined : createTokenCheck(options.token);
  for (const service of services) {
    server.addService(
      service.definition,
      checkToken === undefined
        ? service.implementation
        : guardImplementation(
            service.implementation,
            (metadata) => {
              const value = metadata.get('authorization')[0];
              const ok = checkToken(
                typeof value === 'string' ? value : undefined,
              );
              if (!ok) {
                context.metrics.requestRejected('unauthorized');
              }
              return ok;
            },
            (method) =>
              logGrpcFailure(
                context,
                service.definition[method]?.path ?? method,
                GrpcStatus.UNAUTHENTICATED,
              ),
          ),
    );
  }
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const boundPort = await new Promise<number>((resolve, reject) => {
    server.bindAsync(
      `${host}:${port}`,
      ServerCredentials.createInsecure(),
      (err, bound) =>
        err === null ? resolve(bound) : reject(bindError(err, port)),
    );
  });
  return {
    port: boundPort,
    close: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, GRPC_SHUTDOWN_GRACE_MILLIS);
        timer.unref();
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}

const UNAUTHENTICATED_MESSAGE = 'missing or wrong bearer token';

/** Wraps every method so a call without the token is refused before its handler runs. */
function guardImplementation(
  implementation: UntypedServiceImplementation,
  allowed: (metadata: Metadata) => boolean,
  onRefused: (method: string) => void,
): UntypedServiceImplementation {
  const guarded: UntypedServiceImplementation = {};
  for (const [name, handler] of Object.entries(implementation)) {
    guarded[name] = ((
      call: { metadata: Metadata; emit(e: string, v: unknown): void },
      callback?: (err: unknown) => void,
    ) => {
      if (allowed(call.metadata)) {
        return (handler as (...args: unknown[]) => unknown)(call, callback);
      }
      const error = createGrpcError(
        GrpcStatus.UNAUTHENTICATED,
        UNAUTHENTICATED_MESSAGE,
      );
      onRefused(name);
      if (callback !== undefined) {
        callback(error);
      } else {
        call.emit('error', error);
      }
      return undefined;
    }) as UntypedHandleCall;
  }
  return guarded;
}

/** grpc-js reports a busy port in its message; give it the errno code and port the CLI's message needs. */
function bindError(err: Error, port: number): Error {
  const wrapped = new Error(err.message) as Error & {
    code?: string;
    port?: number;
  };
  if (/EADDRINUSE|address already in use/i.test(err.message)) {
    wrapped.code = 'EADDRINUSE';
  } else if (/EADDRNOTAVAIL/i.test(err.message)) {
    wrapped.code = 'EADDRNOTAVAIL';
  }
  wrapped.port = port;
  return wrapped;
}
