import {
  context,
  diag,
  propagation,
  ProxyTracerProvider,
  trace,
} from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { readEnv } from './config/env.js';
import { createSamplerFromEnv } from './config/sampler-from-env.js';
import { createServiceResource } from './config/service-resource.js';
import { resolveTracesEndpoint } from './config/traces-endpoint.js';
import type {
  StartTracingOptions,
  TracingConfig,
} from './config/tracing-options.js';
import { normaliseTracingOptions } from './config/tracing-options.js';
import { instrumentHttp } from './internal/instrument-http.js';
import { reportSdkError } from './internal/safe-execute.js';
import { resetSdkState, setSdkState } from './internal/sdk-state.js';
import { SDK_NAME, SDK_VERSION } from './internal/version.js';
import { createPathprofPropagator } from './propagation/create-propagator.js';

/** The tracing set up by {@link startTracing}. */
export interface Tracing {
  /** The SDK's tracer (a no-op one when the SDK is disabled). */
  readonly tracer: Tracer;
  /** The resolved `service.name`, used in hop labels (`service:name`). */
  readonly serviceName: string;
  /** Exports every finished span now. Never rejects. */
  forceFlush(): Promise<void>;
  /** Flushes and stops tracing; idempotent, never rejects. */
  shutdown(): Promise<void>;
}

let running: Tracing | undefined;

function isOurs(provider: NodeTracerProvider): boolean {
  const global = trace.getTracerProvider();
  return (
    global instanceof ProxyTracerProvider && global.getDelegate() === provider
  );
}

function createTracing(config: TracingConfig): Tracing {
  const { resource, serviceName } = createServiceResource(config, config.env);
  const propagator = createPathprofPropagator(config.propagators);
  const sdkState = {
    serviceName,
    seedCompat: config.seedCompat,
    maxPathLength: config.maxPathLength,
    memorySampleRate: config.memorySampleRate,
    propagator,
  };
  if (readEnv(config.env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true') {
    setSdkState({ ...sdkState, tracer: undefined });
    return createDisabledTracing(serviceName);
  }
  const exporter =
    config.exporter ??
    new OTLPTraceExporter({
      url: resolveTracesEndpoint(config.endpoint, config.env),
    });
  const provider = new NodeTracerProvider({
    resource,
    sampler: createSamplerFromEnv(config.env),
    spanProcessors: [
      config.spanProcessor === 'simple'
        ? new SimpleSpanProcessor(exporter)
        : new BatchSpanProcessor(exporter),
    ],
  });
  provider.register({ propagator });
  const registered = isOurs(provider);
  if (!registered) {
    diag.warn(
      '@pathprof/sdk: another tracer provider is registered; hops still export through this one',
    );
  }
  const uninstrument = config.instrumentHttp
    ? instrumentHttp(provider, config.httpServerSpans)
    : undefined;
  const tracer = provider.getTracer(SDK_NAME, SDK_VERSION);
  setSdkState({ ...sdkState, tracer });

  let stopping: Promise<void> | undefined;
  const tracing: Tracing = {
    tracer,
    serviceName,
    async forceFlush() {
      try {
        await provider.forceFlush();
      } catch (error) {
        reportSdkError('flushing spans', error);
      }
    },
    shutdown() {
      stopping ??= (async () => {
        try {
          uninstrument?.();
          await provider.shutdown();
        } catch (error) {
          reportSdkError('shutting down', error);
        } finally {
          if (registered) {
            trace.disable();
            propagation.disable();
            context.disable();
          }
          if (running === tracing) {
            running = undefined;
            resetSdkState();
          }
        }
      })();
      return stopping;
    },
  };
  return tracing;
}

function createDisabledTracing(serviceName: string): Tracing {
  const tracing: Tracing = {
    tracer: trace.getTracer(SDK_NAME, SDK_VERSION),
    serviceName,
    forceFlush: () => Promise.resolve(),
    shutdown() {
      if (running === tracing) {
        running = undefined;
        resetSdkState();
      }
      return Promise.resolve();
    },
  };
  return tracing;
}

/**
 * Sets up OpenTelemetry tracing for this process, once: resource, OTLP/HTTP
 * protobuf export through a batch span processor, sampler from
 * `OTEL_TRACES_SAMPLER`, the SDK's propagators and `node:http` client
 * instrumentation. Call it before the application's own modules load (e.g.
 * from a file passed to `node --import`) so that every HTTP client is
 * instrumented; `forwardHeaders()` propagates context regardless.
 *
 * Bad options are reported with `diag.warn` and replaced by defaults; this
 * never throws. A second call returns the running instance.
 */
export function startTracing(options?: StartTracingOptions): Tracing {
  if (running !== undefined) {
    diag.warn(
      '@pathprof/sdk: startTracing() was already called; options ignored',
    );
    return running;
  }
  try {
    running = createTracing(normaliseTracingOptions(options));
  } catch (error) {
    reportSdkError('startTracing()', error);
    resetSdkState();
    running = createDisabledTracing('unknown_service');
  }
  return running;
}
