import { describe, expect, it } from 'vitest';
import { PathProfiler } from '@pathprof/engine';
import { a3Trace, seedTrace } from '../seed-fixtures.js';
import type { SeedCall } from '../seed-fixtures.js';

/** Deterministic jitter in [-1, 1). */
function jitter(i: number): number {
  return ((i * 7919) % 200) / 100 - 1;
}

describe('PathProfiler', () => {
  it('profiles each path of seed-mesh traces with per-hop self time, CPU and memory', () => {
    const profiler = new PathProfiler();
    for (let i = 0; i < 50; i++) {
      const { traceId, spans } = a3Trace(i, { d2Dur: 2000 + 100 * jitter(i) });
      profiler.addTrace(traceId, spans);
    }
    const report = profiler.report();
    expect(report.totals).toMatchObject({
      traces: 50,
      paths: 3,
      warnings: 0,
      tracesWithoutHops: 0,
    });
    const d2 = report.paths!.find(
      (p) => p.key === 'svc-a:a3 > svc-e:e1 > svc-d:d2',
    )!;
    expect(d2.count).toBe(50);
    expect(d2.hops.map((h) => h.label)).toEqual([
      'svc-a:a3',
      'svc-e:e1',
      'svc-d:d2',
    ]);
    const e1 = d2.hops[1]!;
    // e1 lasts 205 000 + d2 µs and waits for f1 (1 500) and d2: self ≈ 203 500
    expect(e1.selfMicros.p50).toBeCloseTo(203_500, -1);
    expect(e1.cpuMicros!.p50).toBe(3000);
    expect(e1.waitingMicros!.p50).toBeCloseTo(e1.durationMicros.p50 - 3000, 0);
    expect(e1.memoryBytes!.p50).toBe(100 * 1024);
    expect(d2.cpuMicros!.min).toBeGreaterThan(0);
    expect(d2.exemplars.length).toBeGreaterThanOrEqual(3);
  });

  it('finds a duration anomaly, one row per trace, and names the hop that caused it', () => {
    const profiler = new PathProfiler();
    for (let i = 0; i < 200; i++) {
      const d2Dur = i === 77 ? 60_000 : 2000 + 200 * jitter(i);
      const { traceId, spans } = a3Trace(i, { d2Dur });
      profiler.addTrace(traceId, spans);
    }
    const report = profiler.report({ anomalies: true });
    const path = report.paths!.find(
      (p) => p.key === 'svc-a:a3 > svc-e:e1 > svc-d:d2',
    )!;
    expect(path.anomalies!.rule).toBe('robust');
    expect(path.anomalies!.detected).toBe(1);
    const [row] = path.anomalies!.items;
    expect(row!.traceId).toBe(a3Trace(77).traceId);
    expect(row!.hop).toBe('svc-d:d2');
    // duration and CPU (d2's CPU grew with it) fired for the same request: one row
    expect(row!.findings.map((f) => [f.metric, f.rule])).toEqual([
      ['duration', 'robust'],
      ['cpu', 'robust'],
    ]);
    for (const f of row!.findings) {
      expect(f.value).toBeGreaterThan(f.threshold);
      expect(f.threshold).toBeGreaterThan(f.median);
    }
    // every path of that request counts it once
    for (const p of report.paths!) {
      expect(p.anomalies!.items.map((a) => a.traceId)).toEqual(
        p.anomalies!.detected === 0 ? [] : [a3Trace(77).traceId],
      );
    }
  });

  it('keeps the seed rule (mean+2sd) available', () => {
    const profiler = new PathProfiler();
    for (let i = 0; i < 200; i++) {
      const d2Dur = i === 77 ? 60_000 : 2000 + 200 * jitter(i);
      const { traceId, spans } = a3Trace(i, { d2Dur });
      profiler.addTrace(traceId, spans);
    }
    const path = profiler
      .report({ anomalies: true, anomalyOptions: { rule: 'mean+2sd' } })
      .paths!.find((p) => p.key === 'svc-a:a3 > svc-e:e1 > svc-d:d2')!;
    expect(path.anomalies!.rule).toBe('mean+2sd');
    expect(path.anomalies!.items.map((a) => a.traceId)).toContain(
      a3Trace(77).traceId,
    );
  });

  it('does not flag the natural right tail of a busy path (log-normal jitter)', () => {
    // 2 000 requests whose d2 varies log-normally (σ = 0.25): a symmetric rule
    // on raw values flags its tail, the robust rule on logs must not
    const profiler = new PathProfiler();
    let seed = 12345;
    const uniform = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return (seed + 1) / 2147483649;
    };
    for (let i = 0; i < 2000; i++) {
      const z =
        Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
      const d2Dur = Math.round(20_000 * Math.exp(0.25 * z));
      const { traceId, spans } = a3Trace(i, { d2Dur });
      profiler.addTrace(traceId, spans);
    }
    const paths = profiler.report({ anomalies: true }).paths!;
    const seedRule = profiler.report({
      anomalies: true,
      anomalyOptions: { rule: 'mean+2sd' },
    }).paths!;
    const d2 = (ps: typeof paths) =>
      ps.find((p) => p.key === 'svc-a:a3 > svc-e:e1 > svc-d:d2')!.anomalies!
        .detected;
    // the seed rule flags about 3% of these requests; the robust rule at most 0.5%
    expect(d2(seedRule)).toBeGreaterThan(40);
    expect(d2(paths)).toBeLessThanOrEqual(10);
  });

  it('gives a fan-out branch its own branch time and names the sibling its caller waited for', () => {
    // a3 ─┬─ e1 (205 ms: f1, 200 ms wait, d2)
    //     └─ g1 (3 ms)            a3 > g1 waits on e1, not on g1
    const profiler = new PathProfiler();
    for (let i = 0; i < 5; i++) {
      const { traceId, spans } = a3Trace(i);
      profiler.addTrace(traceId, spans);
    }
    const g1 = profiler
      .report()
      .paths!.find((p) => p.key === 'svc-a:a3 > svc-g:g1')!;
    // the request takes 217 ms; this branch is a3's own 10 ms plus g1's 3 ms
    expect(g1.durationMicros.p50).toBe(217_000);
    expect(g1.branchMicros.p50).toBe(13_000);
    const a3 = g1.hops[0]!;
    expect(a3.inNextHopMicros.p50).toBe(3000);
    expect(a3.inOtherBranchesMicros.p50).toBe(204_000);
    expect(a3.otherBranches).toEqual([{ value: 'svc-e:e1', count: 5 }]);
    // the d2 branch: everything but f1's time, which went to the other branch of e1
    const d2 = profiler
      .report()
      .paths!.find((p) => p.key === 'svc-a:a3 > svc-e:e1 > svc-d:d2')!;
    expect(d2.branchMicros.p50).toBe(217_000 - 1500);
    expect(d2.hops[1]!.otherBranches).toEqual([
      { value: 'svc-f:f1', count: 5 },
    ]);
  });

  it('counts a path once per request and shows an N+1 loop as serial calls', () => {
    // api ─ db ×10 one after another (5 ms each), then ─ cache ×4 side by side (2 ms)
    const profiler = new PathProfiler();
    for (let n = 0; n < 3; n++) {
      const t = n * 1_000_000;
      const calls: SeedCall[] = [];
      for (let k = 0; k < 10; k++) {
        calls.push({
          service: 'svc-d',
          fn: 'query',
          start: t + 1000 + k * 5000,
          dur: 5000,
        });
      }
      for (let k = 0; k < 4; k++) {
        calls.push({
          service: 'svc-c',
          fn: 'get',
          start: t + 52_000,
          dur: 2000,
        });
      }
      const { traceId, spans } = seedTrace(n, {
        service: 'svc-a',
        fn: 'api',
        start: t,
        dur: 60_000,
        calls,
      });
      profiler.addTrace(traceId, spans);
    }
    const paths = profiler.report().paths!;
    const db = paths.find((p) => p.key === 'svc-a:api > svc-d:query')!;
    const cache = paths.find((p) => p.key === 'svc-a:api > svc-c:get')!;
    expect([db.count, cache.count]).toEqual([3, 3]);
    const q = db.hops[1]!;
    expect(q.calls.p50).toBe(10);
    expect(q.overlap.p50).toBeCloseTo(1, 9);
    expect(q.durationMicros.p50).toBe(50_000);
    expect(q.criticalCalls.p50).toBe(10);
    const g = cache.hops[1]!;
    expect(g.calls.p50).toBe(4);
    expect(g.overlap.p50).toBeCloseTo(4, 9);
    expect(g.durationMicros.p50).toBe(2000);
    expect(g.criticalCalls.p50).toBeLessThanOrEqual(1);
  });

  it('calls an overlap of calls that took no measurable time 1, not 0', () => {
    // api ─ cache ×3 of 0 µs each, 1 ms apart (a property test's counterexample)
    const profiler = new PathProfiler();
    const { traceId, spans } = seedTrace(0, {
      service: 'svc-a',
      fn: 'api',
      start: 0,
      dur: 10_000,
      calls: [0, 1, 2].map((k) => ({
        service: 'svc-c',
        fn: 'get',
        start: 1000 + k * 1000,
        dur: 0,
      })),
    });
    profiler.addTrace(traceId, spans);
    const cache = profiler
      .report()
      .paths!.find((p) => p.key === 'svc-a:api > svc-c:get')!;
    expect(cache.hops[1]!.calls.p50).toBe(3);
    expect(cache.hops[1]!.overlap.p50).toBe(1);
  });

  it('counts spans read, kept and dropped, and samples warnings per code', () => {
    const profiler = new PathProfiler();
    const { traceId, spans } = a3Trace(0);
    profiler.addTrace(traceId, [...spans, spans[3]!]);
    profiler.addDroppedSpans('invalid', 2);
    const { totals, warningSamples } = profiler.report();
    expect(totals.spans).toBe(spans.length);
    expect(totals.spansRead).toBe(spans.length + 3);
    expect(totals.droppedSpans).toEqual({ duplicate: 1, invalid: 2 });
    expect(warningSamples).toEqual([
      expect.objectContaining({
        code: 'duplicate-span-id',
        traceId,
        spanId: spans[3]!.spanId,
      }),
    ]);
  });

  it('reports rates per second over the time the requests cover', () => {
    // 11 requests, one every 50 ms: 20 per second whatever window holds them
    const profiler = new PathProfiler();
    for (let i = 0; i < 11; i++) {
      const { traceId, spans } = a3Trace(i, {
        base: 1_000_000_000 + i * 50_000,
      });
      profiler.addTrace(traceId, spans);
    }
    const report = profiler.report();
    expect(report.totals.coverage!.seconds).toBeCloseTo(0.55, 9);
    for (const p of report.paths!) {
      expect(p.ratePerSecond).toBeCloseTo(20, 9);
    }
  });

  it('lists only the paths through a service when asked', () => {
    const profiler = new PathProfiler();
    const { traceId, spans } = a3Trace(0);
    profiler.addTrace(traceId, spans);
    expect(
      profiler.report({ service: 'svc-d' }).paths!.map((p) => p.key),
    ).toEqual(['svc-a:a3 > svc-e:e1 > svc-d:d2']);
    expect(
      profiler
        .report({ service: 'svc-g', groupBy: 'hop' })
        .hops!.map((h) => h.label),
    ).toEqual(['svc-g:g1']);
  });

  it('reports no anomaly on identical records', () => {
    const profiler = new PathProfiler();
    for (let i = 0; i < 20; i++) {
      const { traceId, spans } = a3Trace(i);
      profiler.addTrace(traceId, spans);
    }
    const report = profiler.report({ anomalies: true });
    expect(report.paths!.every((p) => p.anomalies!.items.length === 0)).toBe(
      true,
    );
  });

  it('marks /a4 incomplete and keeps shapes and hop summaries', () => {
    const profiler = new PathProfiler();
    for (let i = 0; i < 3; i++) {
      const t = i * 1_000_000;
      const { traceId, spans } = seedTrace(i, {
        service: 'svc-a',
        fn: 'a4',
        start: t,
        dur: 5000,
        calls: [
          {
            service: 'svc-c',
            fn: null,
            start: t + 500,
            dur: 4000,
            calls: [{ service: 'svc-e', fn: 'e2', start: t + 1000, dur: 2000 }],
          },
        ],
      });
      profiler.addTrace(traceId, spans);
    }
    const paths = profiler.report().paths!;
    expect(paths.map((p) => [p.key, p.incomplete])).toEqual([
      ['svc-a:a4 > svc-e:e2', 3],
    ]);
    expect(
      profiler
        .report({ groupBy: 'shape' })
        .shapes!.map((s) => [s.key, s.count]),
    ).toEqual([['svc-a:a4(svc-e:e2)', 3]]);
    expect(
      profiler.report({ groupBy: 'hop' }).hops!.map((h) => h.label),
    ).toEqual(['svc-a:a4', 'svc-e:e2']);
  });

  it('caps the number of distinct paths and counts the overflow', () => {
    const profiler = new PathProfiler({ maxGroups: 2 });
    for (let i = 0; i < 3; i++) {
      const { traceId, spans } = seedTrace(i, {
        service: 'svc-a',
        fn: `f${i}`,
        start: 0,
        dur: 100,
      });
      profiler.addTrace(traceId, spans);
    }
    expect(profiler.report().paths).toHaveLength(2);
    expect(profiler.overflowRecords).toBe(1);
  });

  it('accumulates only the groupings it is made for, with the same path report', () => {
    const all = new PathProfiler();
    const pathsOnly = new PathProfiler({ groupings: ['path'] });
    for (let i = 0; i < 20; i++) {
      const { traceId, spans } = a3Trace(i, { d2Dur: 2000 + 100 * jitter(i) });
      all.addTrace(traceId, spans);
      pathsOnly.addTrace(traceId, spans);
    }
    expect(pathsOnly.report({ anomalies: true })).toEqual(
      all.report({ anomalies: true }),
    );
    expect(() => pathsOnly.report({ groupBy: 'shape' })).toThrow(
      /without the shape grouping/,
    );
    expect(() => pathsOnly.report({ groupBy: 'hop' })).toThrow(
      /without the hop grouping/,
    );
    const shapes = new PathProfiler({ groupings: ['shape'] });
    const { traceId, spans } = a3Trace(0);
    shapes.addTrace(traceId, spans);
    expect(shapes.report({ groupBy: 'shape' }).shapes).toHaveLength(1);
  });
});
