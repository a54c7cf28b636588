import type { IncomingMessage } from 'node:http';
import { diag } from '@opentelemetry/api';
import type { AttributeValue } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-node';
import {
  DEFAULT_MAX_PATH_LENGTH,
  MAX_MAX_PATH_LENGTH,
  MIN_MAX_PATH_LENGTH,
} from '../hops/hop-path.js';
import type { PropagatorName } from '../propagation/propagator-names.js';
import {
  DEFAULT_PROPAGATORS,
  isPropagatorName,
  parsePropagatorList,
} from '../propagation/propagator-names.js';
import type { Env } from './env.js';
import { readMemorySampleRate } from './memory-sample-rate.js';

/** Whether an incoming request gets a SERVER span of the HTTP instrumentation. */
export type HttpServerSpanFilter = (request: IncomingMessage) => boolean;

/** Options of {@link startTracing}; every one is optional. */
export interface StartTracingOptions {
  /** `service.name`; default `OTEL_SERVICE_NAME`, then `OTEL_RESOURCE_ATTRIBUTES`. */
  readonly serviceName?: string;
  readonly serviceVersion?: string;
  /** Extra resource attributes; they override `OTEL_RESOURCE_ATTRIBUTES`. */
  readonly resourceAttributes?: Readonly<Record<string, AttributeValue>>;
  /** OTLP/HTTP endpoint: an origin (`/v1/traces` is appended) or the full traces URL. */
  readonly endpoint?: string;
  /** Export spans here instead of OTLP (tests pass an `InMemorySpanExporter`). */
  readonly exporter?: SpanExporter;
  /** Default `batch`: export never blocks a request. */
  readonly spanProcessor?: 'batch' | 'simple';
  /** Injection formats; default `OTEL_PROPAGATORS`, then tracecontext, baggage, b3multi. */
  readonly propagators?: readonly PropagatorName[];
  /** Instrument `node:http`/`node:https` clients so outgoing calls carry context (default true). */
  readonly instrumentHttp?: boolean;
  /**
   * Also record a SERVER span for every incoming HTTP request (default false:
   * hops are the entry spans), or, given a function, for the requests it
   * accepts (e.g. the unprofiled routes only).
   */
  readonly httpServerSpans?: boolean | HttpServerSpanFilter;
  /** Emit the seed's `<fn>_summary` + `<fn>_performance_metrics` spans instead of hop spans. */
  readonly seedCompat?: boolean;
  /** Bound of `pathprof.path`, in characters (default 1024, clamped to [320, 1300]). */
  readonly maxPathLength?: number;
  /**
   * 1 call in this many measures memory (0: none, 1: every call); default
   * `PATHPROF_MEMORY_SAMPLE_RATE`, else 10.
   */
  readonly memorySampleRate?: number;
  /** Environment to read (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Options after normalisation: bad values reported and replaced by defaults. */
export interface TracingConfig {
  readonly serviceName: string | undefined;
  readonly serviceVersion: string | undefined;
  readonly resourceAttributes:
    Readonly<Record<string, AttributeValue>> | undefined;
  readonly endpoint: string | undefined;
  readonly exporter: SpanExporter | undefined;
  readonly spanProcessor: 'batch' | 'simple';
  readonly propagators: readonly PropagatorName[];
  readonly instrumentHttp: boolean;
  readonly httpServerSpans: boolean | HttpServerSpanFilter;
  readonly seedCompat: boolean;
  readonly maxPathLength: number;
  readonly memorySampleRate: number;
  readonly env: Env;
}

type Options = Readonly<Record<string, unknown>>;

function warn(option: string, expected: string): void {
  diag.warn(
    `@pathprof/sdk: startTracing(): ${option} must be ${expected}; using the default`,
  );
}

function readString(options: Options, key: string): string | undefined {
  const value = options[key];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    return value.trim();
  }
  warn(key, 'a non-empty string');
  return undefined;
}

function readBoolean(
  options: Options,
  key: string,
  fallback: boolean,
): boolean {
  const value = options[key];
  if (value === undefined) {
    return fallback;
  }
  if (typeof value === 'boolean') {
    return value;
  }
  warn(key, 'a boolean');
  return fallback;
}

function isRecord(value: unknown): value is Options {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readResourceAttributes(
  options: Options,
): Record<string, AttributeValue> | undefined {
  const value = options['resourceAttributes'];
  if (value === undefined) {
    return undefined;
  }
  if (!isRecord(value)) {
    warn('resourceAttributes', 'an object');
    return undefined;
  }
  const attributes: Record<string, AttributeValue> = {};
  for (const [key, v] of Object.entries(value)) {
    if (
      typeof v === 'string' ||
      typeof v === 'number' ||
      typeof v === 'boolean'
    ) {
      attributes[key] = v;
    } else {
      diag.warn(
        `@pathprof/sdk: startTracing(): resource attribute "${key}" skipped`,
      );
    }
  }
  return attributes;
}

function readExporter(options: Options): SpanExporter | undefined {
  const value = options['exporter'];
  if (value === undefined) {
    return undefined;
  }
  if (
    isRecord(value) &&
    typeof value['export'] === 'function' &&
    typeof value['shutdown'] === 'function'
  ) {
    return value as unknown as SpanExporter;
  }
  warn('exporter', 'a SpanExporter');
  return undefined;
}

function readPropagators(
  options: Options,
  env: Env,
): readonly PropagatorName[] {
  const value = options['propagators'];
  if (value !== undefined) {
    if (Array.isArray(value)) {
      const names = value.filter(isPropagatorName);
      if (names.length !== value.length) {
        diag.warn(
          `@pathprof/sdk: startTracing(): propagators: unsupported names skipped`,
        );
      }
      return [...new Set(names)];
    }
    warn('propagators', 'an array of propagator names');
  }
  return parsePropagatorList(env['OTEL_PROPAGATORS']) ?? DEFAULT_PROPAGATORS;
}

function readMaxPathLength(options: Options): number {
  const value = options['maxPathLength'];
  if (value === undefined) {
    return DEFAULT_MAX_PATH_LENGTH;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    warn('maxPathLength', 'a number');
    return DEFAULT_MAX_PATH_LENGTH;
  }
  const clamped = Math.min(
    MAX_MAX_PATH_LENGTH,
    Math.max(MIN_MAX_PATH_LENGTH, Math.floor(value)),
  );
  if (clamped !== value) {
    diag.warn(
      `@pathprof/sdk: startTracing(): maxPathLength ${value} clamped to ${clamped}`,
    );
  }
  return clamped;
}

/** Normalises `startTracing()`'s options; never throws. */
export function normaliseTracingOptions(input: unknown): TracingConfig {
  let options: Options = {};
  if (isRecord(input)) {
    options = input;
  } else if (input !== undefined) {
    diag.warn('@pathprof/sdk: startTracing(): options must be an object');
  }
  let env: Env = process.env;
  if (options['env'] !== undefined) {
    if (isRecord(options['env'])) {
      env = options['env'] as Env;
    } else {
      warn('env', 'an object');
    }
  }
  const spanProcessor = options['spanProcessor'];
  if (
    spanProcessor !== undefined &&
    spanProcessor !== 'batch' &&
    spanProcessor !== 'simple'
  ) {
    warn('spanProcessor', '"batch" or "simple"');
  }
  return {
    serviceName: readString(options, 'serviceName'),
    serviceVersion: readString(options, 'serviceVersion'),
    resourceAttributes: readResourceAttributes(options),
    endpoint: readString(options, 'endpoint'),
    exporter: readExporter(options),
    spanProcessor: spanProcessor === 'simple' ? 'simple' : 'batch',
    propagators: readPropagators(options, env),
    instrumentHttp: readBoolean(options, 'instrumentHttp', true),
    httpServerSpans:
      typeof options['httpServerSpans'] === 'function'
        ? (options['httpServerSpans'] as HttpServerSpanFilter)
        : readBoolean(options, 'httpServerSpans', false),
    seedCompat: readBoolean(options, 'seedCompat', false),
    maxPathLength: readMaxPathLength(options),
    memorySampleRate: readMemorySampleRate(options['memorySampleRate'], env),
    env,
  };
}
