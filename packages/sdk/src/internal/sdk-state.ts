import type { TextMapPropagator, Tracer } from '@opentelemetry/api';
import { trace } from '@opentelemetry/api';
import { readMemorySampleRate } from '../config/memory-sample-rate.js';
import { DEFAULT_MAX_PATH_LENGTH } from '../hops/hop-path.js';
import { createPathprofPropagator } from '../propagation/create-propagator.js';
import { DEFAULT_PROPAGATORS } from '../propagation/propagator-names.js';
import { SDK_NAME, SDK_VERSION } from './version.js';

/**
 * What hops and propagation read at call time. `startTracing()` replaces it;
 * without it, hops use the global tracer provider and the defaults below.
 */
export interface SdkState {
  readonly serviceName: string;
  readonly seedCompat: boolean;
  readonly maxPathLength: number;
  /** 1 call in this many measures memory (0: none). */
  readonly memorySampleRate: number;
  readonly propagator: TextMapPropagator;
  /** The tracer of the provider `startTracing()` created, if any. */
  readonly tracer: Tracer | undefined;
}

function createDefaultState(): SdkState {
  return {
    serviceName: process.env['OTEL_SERVICE_NAME'] || 'unknown_service',
    seedCompat: false,
    maxPathLength: DEFAULT_MAX_PATH_LENGTH,
    memorySampleRate: readMemorySampleRate(undefined, process.env),
    propagator: createPathprofPropagator(DEFAULT_PROPAGATORS),
    tracer: undefined,
  };
}

let state: SdkState = createDefaultState();

export function getSdkState(): SdkState {
  return state;
}

export function setSdkState(next: SdkState): void {
  state = next;
}

export function resetSdkState(): void {
  state = createDefaultState();
}

/** The tracer hops are recorded with. */
export function getHopTracer(): Tracer {
  return state.tracer ?? trace.getTracer(SDK_NAME, SDK_VERSION);
}
