/**
 * Seed-shaped traces decoded into spans for the rollup format tests: the
 * same traces every time (a fixed seed), so a state an older version
 * wrote from them can be checked against the current engine's.
 */
import { decodeJaegerTrace } from '@pathprof/engine';
import type { Span, TraceId } from '@pathprof/model';
import { generateSeedTraces } from '../../../../bench/seed-shaped-traces.mjs';

export interface FixtureTrace {
  readonly traceId: TraceId;
  readonly spans: readonly Span[];
}

/** `count` traces from `startMicros`, seed `seed`. */
export function fixtureTraces(
  count: number,
  startMicros: number,
  seed: number,
): FixtureTrace[] {
  return [
    ...generateSeedTraces({
      traces: count,
      seed,
      startMicros,
      errorRate: 0.05,
      outlierRate: 0.05,
    }),
  ].map((trace) => {
    const spans = decodeJaegerTrace(trace).spans;
    return { traceId: spans[0]!.traceId, spans };
  });
}
