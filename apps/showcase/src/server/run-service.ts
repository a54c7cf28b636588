/**
 * Runs one showcase service until SIGTERM/SIGINT (or, under the local runner,
 * until standard input closes): listen, serve, then stop accepting, let
 * in-flight requests finish, flush spans and exit.
 */
import type { ServiceConfig } from '../config/service-config.js';
import { mountPath } from '../config/service-config.js';
import { formatDownstreamServices } from '../config/downstream.js';
import { findMultiSvcService } from '../services/multi-svc.js';
import { createRollCounter } from '../services/roll-counter.js';
import { createRolldiceRoutes } from '../services/rolldice.js';
import type { ShowcaseApp } from '../services/showcase-apps.js';
import { createHttpService } from './http-service.js';
import type { Route } from './http-service.js';
import type { Instrumentation } from './instrumentation.js';
import type { Logger } from './log.js';
import { describeError } from './log.js';
import { createStepRoutes } from './step-routes.js';

/** How long in-flight requests may take after a stop signal. */
export const DRAIN_DEADLINE_MILLIS = 10_000;
/** How long the span flush may take. */
export const FLUSH_DEADLINE_MILLIS = 5_000;

export interface Flushable {
  shutdown(): Promise<void>;
}

export async function runService(
  app: ShowcaseApp,
  config: ServiceConfig,
  instrumentation: Instrumentation,
  tracing: Flushable,
  log: Logger,
): Promise<void> {
  const { routes, metrics } = createAppRoutes(app, config, instrumentation);
  const service = createHttpService({
    mount: mountPath(config),
    routes,
    metrics,
    log,
  });

  let stopping: Promise<void> | undefined;
  const stop = (reason: string, exitCode: number): Promise<void> => {
    stopping ??= (async () => {
      log('stopping', { reason });
      await service.close(DRAIN_DEADLINE_MILLIS);
      await flush(tracing, log);
      log('stopped', { exitCode });
      process.exit(exitCode);
    })();
    return stopping;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void stop(signal, 0));
  }
  if (config.exitWithStdin) {
    // the runner holds the other end of these pipes; once it is gone, logs go nowhere
    process.stdout.on('error', () => {});
    process.stderr.on('error', () => {});
    process.stdin.on('end', () => void stop('stdin closed', 0));
    process.stdin.on('error', () => void stop('stdin closed', 0));
    process.stdin.resume();
  }

  try {
    const port = await service.listen(config.port, config.host);
    log('listening', {
      port,
      host: config.host ?? '*',
      mount: mountPath(config),
      routes: [...routes.keys()].join(','),
      downstream: formatDownstreamServices(config.downstream),
      exportTraces: config.exportTraces,
      sdk: config.sdkMode,
    });
  } catch (err) {
    log('listen-failed', { port: config.port, message: describeError(err) });
    await flush(tracing, log);
    process.exit(1);
  }
}

function createAppRoutes(
  app: ShowcaseApp,
  config: ServiceConfig,
  instrumentation: Instrumentation,
): { routes: Map<string, Route>; metrics?: () => string } {
  if (app.kind === 'multi-svc') {
    return {
      routes: createStepRoutes({
        definition: app.definition,
        config,
        instrumentation,
        prefixOf: (name) => findMultiSvcService(name)?.prefix,
      }),
    };
  }
  const counter = createRollCounter();
  return {
    routes: createRolldiceRoutes({
      serviceName: config.serviceName,
      instrumentation,
      counter,
    }),
    metrics: () => counter.render(),
  };
}

async function flush(tracing: Flushable, log: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      tracing.shutdown(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new Error(`no flush within ${FLUSH_DEADLINE_MILLIS} ms`)),
          FLUSH_DEADLINE_MILLIS,
        );
      }),
    ]);
  } catch (err) {
    log('flush-failed', { message: describeError(err) });
  } finally {
    clearTimeout(timer);
  }
}
