import { describe, expect, it } from 'vitest';
import { PathProfiler } from '@pathprof/engine';
import { a3Trace, seedTrace } from '../seed-fixtures.js';

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

  it('finds a duration anomaly and names the hop that caused it', () => {
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
    const durationAnomalies = path.anomalies!.items.filter(
      (a) => a.metric === 'duration',
    );
    expect(durationAnomalies.map((a) => a.rule).sort()).toEqual([
      'mean+2sd',
      'median+mad',
    ]);
    for (const a of durationAnomalies) {
      expect(a.traceId).toBe(a3Trace(77).traceId);
      expect(a.hop).toBe('svc-d:d2');
      expect(a.value).toBeGreaterThan(a.threshold);
    }
    // the g1 path does not pass through d2: there the extra time is a3's own (waiting on e1)
    const g1 = report.paths!.find((p) => p.key === 'svc-a:a3 > svc-g:g1')!;
    expect(
      g1
        .anomalies!.items.filter((a) => a.metric === 'duration')
        .every((a) => a.hop === 'svc-a:a3'),
    ).toBe(true);
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
});
