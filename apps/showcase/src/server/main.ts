/**
 * Entry point of every showcase service: `node dist/server/main.js` with the
 * environment of config/service-config.ts. Tracing starts first; the modules
 * that load node:http come after it, so the SDK's HTTP instrumentation sees them.
 */
import { startTracing } from '@pathprof/sdk';
import type { StartTracingOptions } from '@pathprof/sdk';
import type { ServiceConfig } from '../config/service-config.js';
import { mountPath, readServiceConfig } from '../config/service-config.js';
import type { ShowcaseApp } from '../services/showcase-apps.js';
import {
  ROLLDICE_DEFAULTS,
  selectShowcaseApp,
} from '../services/showcase-apps.js';
import { createLogger, describeError } from './log.js';
import { isShowcaseError } from '../showcase-error.js';
import { DISCARDING_EXPORTER } from './discarding-exporter.js';
import { NO_INSTRUMENTATION } from './instrumentation.js';

function exitWithConfigError(message: string): never {
  createLogger(process.env.SVC_NAME ?? 'showcase')('config-error', { message });
  process.exit(2);
}

function readConfig(app: ShowcaseApp): ServiceConfig {
  try {
    return readServiceConfig(
      process.env,
      app.kind === 'rolldice'
        ? ROLLDICE_DEFAULTS
        : {
            serviceName: app.definition.name,
            apiPrefix: app.definition.prefix,
            apiVersion: app.definition.version,
          },
    );
  } catch (err) {
    if (isShowcaseError(err, 'SHOWCASE_ERR_CONFIG')) {
      exitWithConfigError(err.message);
    }
    throw err;
  }
}

/** Health checks and scrapes: never traced, or every probe would be a one-span trace. */
const OPERATIONAL_PATHS = new Set(['/healthz', '/health', '/metrics']);

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const query = raw.indexOf('?');
  return query < 0 ? raw : raw.slice(0, query);
}

/**
 * Which requests get a SERVER span: not the operational endpoints, and in full
 * SDK mode not the profiled multi-svc routes (their hop is the entry span).
 */
function serverSpanFilter(
  showcaseApp: ShowcaseApp,
  serviceConfig: ServiceConfig,
  sdkMode: string,
): NonNullable<StartTracingOptions['httpServerSpans']> {
  if (showcaseApp.kind !== 'multi-svc' || sdkMode !== 'full') {
    return (request) => !OPERATIONAL_PATHS.has(pathOf(request.url));
  }
  const mount = mountPath(serviceConfig);
  const profiledPaths = new Set(
    showcaseApp.definition.routes
      .filter((route) => route.profiled)
      .map((route) => (route.name === '' ? mount : `${mount}/${route.name}`)),
  );
  return (request) => {
    const path = pathOf(request.url);
    return !profiledPaths.has(path) && !OPERATIONAL_PATHS.has(path);
  };
}

const app =
  selectShowcaseApp(process.env) ??
  exitWithConfigError(
    `SHOWCASE_APP or SVC_NAME must name a showcase service (svc-a … svc-g, rolldice…), got "${process.env.SHOWCASE_APP ?? process.env.SVC_NAME ?? ''}"`,
  );
const config = readConfig(app);
const log = createLogger(config.serviceName);
process.on('uncaughtException', (err) => {
  log('uncaught-exception', { message: describeError(err) });
  process.exit(1);
});

// SERVER spans for the requests of unprofiled handlers: c2skip must leave an
// entry span, or the engine cannot see that /a4's path misses a hop. A
// profiled route's hop is its entry span; a SERVER span around it would cost
// a second span per request and say nothing the hop does not.
const tracingOptions: StartTracingOptions = {
  serviceName: config.serviceName,
  // otel-only (plain OpenTelemetry) keeps a SERVER span for every application request.
  httpServerSpans: serverSpanFilter(app, config, config.sdkMode),
  ...(config.exportTraces ? {} : { exporter: DISCARDING_EXPORTER }),
};
const tracing =
  config.sdkMode === 'off'
    ? { shutdown: () => Promise.resolve() }
    : startTracing(tracingOptions);

const { runService } = await import('./run-service.js');
const { createSdkInstrumentation } = await import('./sdk-instrumentation.js');
await runService(
  app,
  config,
  config.sdkMode === 'off'
    ? NO_INSTRUMENTATION
    : createSdkInstrumentation(config.sdkMode === 'full'),
  tracing,
  log,
);
