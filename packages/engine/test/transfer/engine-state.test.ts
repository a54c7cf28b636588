/**
 * A profiler's or sample set's state, exported, cloned as postMessage clones
 * it and imported into a fresh instance, reports exactly as the original and
 * merges as the original would: what lets worker threads profile parts of an
 * input and the main thread merge them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  comparePathSamples,
  decodeJaegerTrace,
  exportEngineState,
  importEngineState,
  KEY_BY_SERVICE,
  PathProfiler,
  PathSampleSet,
} from '@pathprof/engine';
import type { PathProfilerOptions } from '@pathprof/engine';
import type { JaegerTrace, Span, TraceId } from '@pathprof/model';
import { generateSeedTraces } from '../../../../bench/seed-shaped-traces.mjs';

/** Seed-shaped traces: past the exact limit (sketches), with errors and outliers (anomalies). */
const TRACES: { traceId: TraceId; spans: Span[] }[] = [
  ...generateSeedTraces({ traces: 1500, seed: 7, outlierRate: 0.02 }),
].map((t) => {
  const { spans } = decodeJaegerTrace(t as unknown as JaegerTrace);
  return { traceId: spans[0]!.traceId, spans };
});

const OPTIONS: PathProfilerOptions[] = [
  {},
  { pathKey: KEY_BY_SERVICE, keepProxies: true, maxGroups: 5 },
];

function profile(
  traces: readonly { traceId: TraceId; spans: Span[] }[],
  options: PathProfilerOptions,
): PathProfiler {
  const p = new PathProfiler(options);
  for (const t of traces) {
    p.addTrace(t.traceId, t.spans);
  }
  return p;
}

function reports(p: PathProfiler): string {
  return JSON.stringify(
    (['path', 'shape', 'hop'] as const).map((groupBy) =>
      p.report({ groupBy, anomalies: true }),
    ),
  );
}

function roundTrip(
  p: PathProfiler,
  options: PathProfilerOptions,
): PathProfiler {
  return importEngineState(
    structuredClone(exportEngineState(p)),
    new PathProfiler(options),
  );
}

describe('engine state transfer', () => {
  it.each(OPTIONS)(
    'a profiler reports the same after the trip (%o)',
    (options) => {
      const p = profile(TRACES, options);
      expect(reports(roundTrip(p, options))).toBe(reports(p));
    },
  );

  it('a transferred part merges as the part itself would', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), {
          minLength: TRACES.length,
          maxLength: TRACES.length,
        }),
        fc.constantFrom(...OPTIONS),
        (inA, options) => {
          const a = TRACES.filter((_, i) => inA[i]);
          const b = TRACES.filter((_, i) => !inA[i]);
          const local = profile(a, options);
          local.merge(profile(b, options));
          const remote = profile(a, options);
          remote.merge(roundTrip(profile(b, options), options));
          expect(reports(remote)).toBe(reports(local));
        },
      ),
      { numRuns: 6 },
    );
  });

  it('a transferred profiler keeps accumulating as the original does', () => {
    const half = TRACES.length / 2;
    const original = profile(TRACES.slice(0, half), {});
    const moved = roundTrip(original, {});
    for (const t of TRACES.slice(half)) {
      original.addTrace(t.traceId, t.spans);
      moved.addTrace(t.traceId, t.spans);
    }
    expect(reports(moved)).toBe(reports(original));
  });

  it('a sample set compares the same after the trip', () => {
    const sets = [0, 1].map((side) => {
      const s = new PathSampleSet();
      TRACES.filter((_, i) => i % 2 === side).forEach((t) =>
        s.addTrace(t.traceId, t.spans),
      );
      return s;
    });
    const moved = sets.map((s) =>
      importEngineState(
        structuredClone(exportEngineState(s)),
        new PathSampleSet(),
      ),
    );
    const input = (s: PathSampleSet) => ({
      label: 'x',
      samples: s,
      windowSeconds: null,
    });
    expect(
      JSON.stringify(comparePathSamples(input(moved[0]!), input(moved[1]!))),
    ).toBe(
      JSON.stringify(comparePathSamples(input(sets[0]!), input(sets[1]!))),
    );
  });

  it('refuses state of a class it does not know', () => {
    class Unknown {
      n = 1;
    }
    const p = new PathProfiler();
    (p as unknown as { extra: Unknown }).extra = new Unknown();
    expect(() => exportEngineState(p)).toThrow(/no registered class Unknown/);
  });
});
