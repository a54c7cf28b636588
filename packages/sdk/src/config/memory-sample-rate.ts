import { diag } from '@opentelemetry/api';
import type { Env } from './env.js';
import { readEnv } from './env.js';

/**
 * 1 call in this many carries the memory figure (see docs/sdk.md, "How
 * memory is measured"): reading the heap at every slice boundary of every
 * call cost more than the rest of the hop.
 */
export const DEFAULT_MEMORY_SAMPLE_RATE = 10;
export const MAX_MEMORY_SAMPLE_RATE = 1_000_000;
export const MEMORY_SAMPLE_RATE_ENV = 'PATHPROF_MEMORY_SAMPLE_RATE';

/** A whole number from 0 (never) through 1 (every call) to MAX_MEMORY_SAMPLE_RATE. */
export function isMemorySampleRate(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 0 &&
    value <= MAX_MEMORY_SAMPLE_RATE
  );
}

/** The option if valid, else `PATHPROF_MEMORY_SAMPLE_RATE` if valid, else the default; bad values are reported. */
export function readMemorySampleRate(option: unknown, env: Env): number {
  if (option !== undefined) {
    if (isMemorySampleRate(option)) {
      return option;
    }
    diag.warn(
      `@pathprof/sdk: startTracing(): memorySampleRate must be a whole number from 0 to ${MAX_MEMORY_SAMPLE_RATE}; ignored`,
    );
  }
  const text = readEnv(env, MEMORY_SAMPLE_RATE_ENV);
  if (text !== undefined) {
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (isMemorySampleRate(value)) {
      return value;
    }
    diag.warn(
      `@pathprof/sdk: ${MEMORY_SAMPLE_RATE_ENV}: "${text}" is not a whole number from 0 to ${MAX_MEMORY_SAMPLE_RATE}; using ${DEFAULT_MEMORY_SAMPLE_RATE}`,
    );
  }
  return DEFAULT_MEMORY_SAMPLE_RATE;
}

/** Whether a call is in the memory sample: always at 1, never at 0, else with probability 1/rate. */
export function isInMemorySample(rate: number): boolean {
  return rate === 1 || (rate > 1 && Math.random() * rate < 1);
}
