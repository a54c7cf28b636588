import { describe, expect, it } from 'vitest';
import { comparePathSamples, PathSampleSet } from '@pathprof/engine';
import type { ComparisonReport } from '@pathprof/model';
import { freezeSpans } from '../helpers.js';
import { seedTrace } from '../seed-fixtures.js';
import type { SeedCall } from '../seed-fixtures.js';
import {
  BASE_TIMES,
  PATH_ABC,
  SLOWER_C,
  chainTrace,
  noisyChainTraces,
  sampleSetOf,
} from './compare-fixtures.js';

function compare(
  baseline: PathSampleSet,
  candidate: PathSampleSet,
): ComparisonReport {
  return comparePathSamples(
    { label: 'base', samples: baseline, windowSeconds: 60 },
    { label: 'cand', samples: candidate, windowSeconds: 30 },
  );
}

/** One request whose handler calls svc-d's `query` 12 times, each `callMicros` long. */
function loopTrace(n: number, callMicros: number) {
  const calls: SeedCall[] = Array.from({ length: 12 }, (_, k) => ({
    service: 'svc-d',
    fn: 'query',
    start: 1000 + k * (callMicros + 100),
    dur: callMicros,
  }));
  return seedTrace(n, {
    service: 'svc-a',
    fn: 'api',
    start: 0,
    dur: 2000 + 12 * (callMicros + 100),
    calls,
  });
}

describe('comparePathSamples', () => {
  it('counts requests, not calls: one request per side is never significant', () => {
    // each side holds ONE request that calls the same hop 12 times
    const side = (n: number, micros: number): PathSampleSet => {
      const set = new PathSampleSet();
      const { traceId, spans } = loopTrace(n, micros);
      set.addTrace(traceId, spans);
      return set;
    };
    const report = compare(side(1, 1000), side(2, 9000));
    const path = report.paths.find((p) => p.key === 'svc-a:api > svc-d:query')!;
    expect([path.count.baseline, path.count.candidate]).toEqual([1, 1]);
    expect(path.verdict).toBe('insufficient');
    expect(path.test).toBeUndefined();
  });

  it('reports no change when both sides hold the same traces', () => {
    const traces = noisyChainTraces(200, BASE_TIMES, 1);
    const report = compare(sampleSetOf(traces), sampleSetOf(traces));
    expect(report.summary).toEqual({
      regressed: 0,
      improved: 0,
      unchanged: 1,
      appeared: 0,
      vanished: 0,
      insufficient: 0,
    });
    const path = report.paths[0]!;
    expect(path.verdict).toBe('unchanged');
    expect(path.test!.pValue).toBe(1);
    expect(path.test!.effect).toBe(0.5);
    expect(path.p50Micros.delta).toBe(0);
    expect(path.responsibleHop).toBeUndefined();
  });

  // a > b > c with c's self time 10 ms → 12 ms (20 % slower), noise σ = 10 %
  it('finds a hop made 20 % slower and names it as responsible', () => {
    const report = compare(
      sampleSetOf(noisyChainTraces(200, BASE_TIMES, 1)),
      sampleSetOf(noisyChainTraces(200, SLOWER_C, 2)),
    );
    const path = report.paths[0]!;
    expect(path.key).toBe(PATH_ABC);
    expect(path.verdict).toBe('regressed');
    expect(path.test!.significant).toBe(true);
    expect(path.test!.pValue).toBeLessThan(1e-6);
    expect(path.test!.effect).toBeGreaterThan(0.7);
    expect(path.p50Micros.relative).toBeGreaterThan(0.08);
    const [low, high] = path.test!.p50DeltaInterval!;
    expect(low).toBeGreaterThan(0);
    expect(high).toBeGreaterThan(low);
    expect(path.responsibleHop).toMatchObject({
      position: 2,
      label: 'svc-c:c',
      measure: 'selfMicros',
    });
    expect(path.responsibleHop!.p50.relative).toBeCloseTo(0.2, 1);
    expect(path.responsibleHop!.shareOfPathChange).toBeGreaterThan(0.6);
    expect(report.summary.regressed).toBe(1);
  });

  it('finds the slower hop past the exact limit, on binned samples', () => {
    const report = compare(
      sampleSetOf(noisyChainTraces(1500, BASE_TIMES, 3)),
      sampleSetOf(noisyChainTraces(1500, SLOWER_C, 4)),
    );
    const path = report.paths[0]!;
    expect(path.verdict).toBe('regressed');
    expect(path.test!.pValue).toBeLessThan(1e-12);
    expect(path.responsibleHop!.label).toBe('svc-c:c');
  });

  it('reports a faster path as improved with the hop that got faster', () => {
    const report = compare(
      sampleSetOf(noisyChainTraces(200, SLOWER_C, 5)),
      sampleSetOf(noisyChainTraces(200, BASE_TIMES, 6)),
    );
    expect(report.paths[0]!.verdict).toBe('improved');
    expect(report.paths[0]!.responsibleHop!.label).toBe('svc-c:c');
    expect(report.summary.improved).toBe(1);
  });

  it('calls a significant change below the minimum effect unchanged', () => {
    const report = comparePathSamples(
      {
        label: 'b',
        samples: sampleSetOf(noisyChainTraces(1000, BASE_TIMES, 7)),
        windowSeconds: null,
      },
      {
        label: 'c',
        samples: sampleSetOf(noisyChainTraces(1000, SLOWER_C, 8)),
        windowSeconds: null,
      },
      { minEffect: 0.5 },
    );
    expect(report.paths[0]!.test!.significant).toBe(true);
    expect(report.paths[0]!.verdict).toBe('unchanged');
  });

  it('lists paths found on one side only as appeared and vanished', () => {
    const common = noisyChainTraces(30, BASE_TIMES, 9);
    const old = chainTrace(100, BASE_TIMES, { root: 'old' });
    const fresh = chainTrace(101, BASE_TIMES, { root: 'new' });
    const report = compare(
      sampleSetOf([...common, old]),
      sampleSetOf([...common, fresh]),
    );
    const verdicts = report.paths.map((p) => [p.verdict, p.key]);
    expect(verdicts).toEqual([
      ['appeared', 'svc-a:new > svc-b:b > svc-c:c'],
      ['vanished', 'svc-a:old > svc-b:b > svc-c:c'],
      ['unchanged', PATH_ABC],
    ]);
    const appeared = report.paths[0]!;
    expect(appeared.count).toEqual({
      baseline: 0,
      candidate: 1,
      delta: 1,
      relative: null,
    });
    expect(appeared.p50Micros.baseline).toBeNull();
    expect(appeared.hops).toEqual([]);
    expect(appeared.test).toBeUndefined();
    expect(appeared.exemplars.baseline).toEqual([]);
    expect(appeared.exemplars.candidate).toEqual([fresh.traceId]);
  });

  it('does not test a path with too few samples on a side', () => {
    const report = compare(
      sampleSetOf(noisyChainTraces(5, BASE_TIMES, 10)),
      sampleSetOf(noisyChainTraces(500, SLOWER_C, 11)),
    );
    expect(report.paths[0]!.verdict).toBe('insufficient');
    expect(report.paths[0]!.test).toBeUndefined();
    expect(report.paths[0]!.hops).toHaveLength(3);
  });

  it("derives rates from the time each side's requests cover, whatever its window, and error rates from errors", () => {
    // one request a second on both sides: 1/s, though the windows are 60 s and 30 s
    const withErrors = Array.from({ length: 30 }, (_, i) =>
      chainTrace(i + 1, BASE_TIMES, { error: i < 3 }),
    );
    const report = compare(
      sampleSetOf(withErrors),
      sampleSetOf(withErrors.slice(0, 15)),
    );
    const path = report.paths[0]!;
    expect(path.rate).toEqual({
      baseline: 1,
      candidate: 1,
      delta: 0,
      relative: 0,
    });
    expect(path.errorRate.baseline).toBeCloseTo(0.1);
    expect(path.errorRate.candidate).toBeCloseTo(0.2);
    expect(report.baseline).toEqual({
      label: 'base',
      traces: 30,
      windowSeconds: 60,
      coverage: {
        firstStartMicros: 1_000_000,
        lastStartMicros: 30_000_000,
        seconds: 30,
      },
    });
  });

  it('gives the same report whatever order partial sets are merged in', () => {
    const traces = noisyChainTraces(900, SLOWER_C, 12);
    const parts = [
      traces.slice(0, 300),
      traces.slice(300, 700),
      traces.slice(700),
    ].map(sampleSetOf);
    const merge = (order: number[]): PathSampleSet => {
      const set = new PathSampleSet();
      order.forEach((i) => set.merge(parts[i]!));
      return set;
    };
    const baseline = sampleSetOf(noisyChainTraces(900, BASE_TIMES, 13));
    const whole = compare(baseline, sampleSetOf(traces));
    expect(compare(baseline, merge([0, 1, 2]))).toEqual(whole);
    expect(compare(baseline, merge([2, 0, 1]))).toEqual(whole);
  });

  it('leaves its inputs unchanged and repeats itself exactly', () => {
    const traces = noisyChainTraces(100, BASE_TIMES, 14).map((t) => ({
      traceId: t.traceId,
      spans: freezeSpans(t.spans),
    }));
    const baseline = sampleSetOf(traces);
    const candidate = sampleSetOf(noisyChainTraces(100, SLOWER_C, 15));
    const first = compare(baseline, candidate);
    expect(compare(baseline, candidate)).toEqual(first);
    expect(baseline.traces).toBe(100);
  });

  it('keeps the family-wise level across many unchanged paths', () => {
    const baseline = new PathSampleSet();
    const candidate = new PathSampleSet();
    for (let p = 0; p < 40; p++) {
      const root = `r${p}`;
      noisyChainTraces(40, BASE_TIMES, 100 + p, p * 1000 + 1).forEach((t, i) =>
        (i % 2 === 0 ? baseline : candidate).addTrace(
          t.traceId,
          t.spans.map((s) =>
            s.operation === 'a' ? { ...s, operation: root } : s,
          ),
        ),
      );
    }
    const report = compare(baseline, candidate);
    expect(report.summary.unchanged).toBe(40);
    for (const path of report.paths) {
      expect(path.test!.pValue).toBeGreaterThanOrEqual(path.test!.rawPValue);
    }
  });
});
