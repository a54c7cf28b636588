import { describe, expect, it } from 'vitest';
import {
  analyzeRoute,
  evaluateTargets,
  findOverheadRoute,
  selectArms,
  selectComparisons,
} from '@pathprof/measure';
import type { RouteMeasurement } from '@pathprof/measure';

const OPTIONS = { resamples: 200, seed: 1, confidence: 0.95 };
const arms = selectArms(['otel-only', 'off']);
const armIds = arms.map((a) => a.id);

/** a1 (3 hops): decorated 1.04× the twin, twin 1.02× otel-only, otel-only 1.1× off; twins of the baselines equal their routes. */
function measurement(): RouteMeasurement {
  const base = Float64Array.from({ length: 100 }, (_, i) => 1000 + 10 * i);
  const scale = (f: number) => base.map((v) => v * f);
  const off = base;
  const otel = scale(1.1);
  const twin = scale(1.1 * 1.02);
  const decorated = scale(1.1 * 1.02 * 1.04);
  // per request: decorated 160 µs, twin 130 µs, otel-only 120 µs, off 100 µs,
  // of which on the main threads: decorated 112, twin 100 (the rest 70%)
  const block = (micros: number, mainMicros = micros * 0.7) => ({
    nanos: micros * 1000 * 50,
    mainNanos: mainMicros * 1000 * 50,
    calls: 50,
  });
  return {
    route: findOverheadRoute('a1')!,
    latencies: [decorated, twin, otel, otel, off, off],
    errors: armIds.map(() => new Map()),
    cpuRounds: Array.from({ length: 5 }, () => [
      block(160, 112),
      block(130, 100),
      block(120),
      block(120),
      block(100),
      block(100),
    ]),
  };
}

describe('analyzeRoute', () => {
  it('reports every arm’s quantiles and the ratios between arms', () => {
    const r = analyzeRoute(
      measurement(),
      armIds,
      selectComparisons(arms),
      OPTIONS,
    );
    expect(r.rounds).toBe(100);
    expect(r.arms.map((a) => a.arm)).toEqual([
      'decorated',
      'twin',
      'otel-only',
      'otel-only-twin',
      'sdk-off',
      'sdk-off-twin',
    ]);
    const off = r.arms[4]!.latencyMicros;
    expect(off.p50.estimate).toBe(1495);
    expect(off.mean.estimate).toBe(1495);
    const ratio = (id: string) => r.comparisons.find((c) => c.id === id)!;
    expect(ratio('decorated/twin').p50Ratio.estimate).toBeCloseTo(1.04, 10);
    expect(ratio('decorated/twin').meanRatio.low).toBeCloseTo(1.04, 10);
    expect(ratio('otel-only/sdk-off').p50Ratio.high).toBeCloseTo(1.1, 10);
    expect(ratio('decorated/sdk-off').meanRatio.estimate).toBeCloseTo(
      1.1 * 1.02 * 1.04,
      10,
    );
    expect(ratio('twin/otel-only-twin').p50Ratio.estimate).toBeCloseTo(
      1.02,
      10,
    );
    expect(ratio('sdk-off/sdk-off-twin').p50Ratio.estimate).toBe(1);
  });

  it('charges the CPU difference between the decorated route and its twin to each decorated hop', () => {
    const r = analyzeRoute(
      measurement(),
      armIds,
      selectComparisons(arms),
      OPTIONS,
    );
    // (160 − 130) µs per request over 3 hops
    expect(r.cpuMicrosPerDecoratedCall?.estimate).toBeCloseTo(10, 10);
    expect(r.cpuMicrosPerDecoratedCall?.low).toBeCloseTo(10, 10);
    expect(r.arms[0]!.cpuMicrosPerRequest?.estimate).toBeCloseTo(160, 10);
    // (112 − 100) µs per request over 3 hops
    expect(r.mainThreadCpuMicrosPerDecoratedCall?.estimate).toBeCloseTo(4, 10);
    expect(r.cpuRounds).toBe(5);
  });

  it('drops the rounds in which any arm failed', () => {
    const m = measurement();
    (m.latencies[1] as Float64Array)[7] = Number.NaN;
    (m.latencies[5] as Float64Array)[9] = Number.NaN;
    const r = analyzeRoute(m, armIds, selectComparisons(arms), OPTIONS);
    expect(r.rounds).toBe(98);
  });

  it('has no CPU figures without CPU rounds', () => {
    const m = { ...measurement(), cpuRounds: [] };
    const r = analyzeRoute(m, armIds, selectComparisons(arms), OPTIONS);
    expect(r.cpuMicrosPerDecoratedCall).toBeNull();
    expect(r.mainThreadCpuMicrosPerDecoratedCall).toBeNull();
    expect(r.arms[0]!.cpuMicrosPerRequest).toBeNull();
  });
});

describe('evaluateTargets', () => {
  it('judges the worst route against each target', () => {
    const r = analyzeRoute(
      measurement(),
      armIds,
      selectComparisons(arms),
      OPTIONS,
    );
    const [ratio, cpu, mainCpu] = evaluateTargets([r]);
    expect(ratio).toMatchObject({ limit: 1.05, worstRoute: 'a1', met: true });
    expect(ratio!.worst).toBeCloseTo(1.04, 10);
    expect(cpu).toMatchObject({ limit: 30, worstRoute: 'a1', met: true });
    expect(mainCpu).toMatchObject({ limit: 30, worstRoute: 'a1', met: true });
    expect(mainCpu!.worst).toBeCloseTo(4, 10);
  });

  it('says "not measured" (null) without data', () => {
    expect(evaluateTargets([]).map((t) => t.met)).toEqual([null, null, null]);
  });
});
