import { describe, expect, it } from 'vitest';
import { buildLoadReport, LatencyRecorder } from '@pathprof/measure';
import type { LoadRun, RouteCounters } from '@pathprof/measure';
import { renderLoadReport } from '../../src/load/render-load-report.js';

function counters(name: string, latencies: number[]): RouteCounters {
  const latency = new LatencyRecorder();
  const service = new LatencyRecorder();
  latencies.forEach((l) => {
    latency.record(l);
    service.record(l - 100);
  });
  return {
    target: { name, url: new URL(`http://127.0.0.1:1/${name}`), weight: 1 },
    scheduled: latencies.length + 1,
    sent: latencies.length,
    dropped: 1,
    ok: latencies.length,
    httpErrors: 0,
    networkErrors: 0,
    statuses: new Map([[200, latencies.length]]),
    errorCodes: new Map(),
    latency,
    service,
  };
}

function run(): LoadRun {
  const a = counters('a1', [1000, 2000, 3000, 4000]);
  const b = counters('a2', [10_000, 20_000]);
  const all = {
    latency: new LatencyRecorder(),
    service: new LatencyRecorder(),
  };
  for (const v of [1000, 2000, 3000, 4000, 10_000, 20_000]) {
    all.latency.record(v);
    all.service.record(v - 100);
  }
  return {
    plan: {
      targets: [a.target, b.target],
      rps: 4,
      durationMicros: 2_000_000,
      concurrency: 64,
      timeoutMillis: 10_000,
    },
    routes: [a, b],
    all,
    sendLag: new LatencyRecorder(),
    scheduleMicros: 1_750_000,
    elapsedMicros: 4_000_000,
  };
}

describe('buildLoadReport', () => {
  it('rates sends over the planned duration and answers over the whole run', () => {
    const report = buildLoadReport(run(), 'http://127.0.0.1:1');
    const a1 = report.routes[0]!;
    expect(a1.achievedRps).toBe(2); // 4 sent over 2 s
    expect(a1.okPerSecond).toBe(1); // 4 answers over 4 s
    expect(a1.latencyMicros.p50).toBe(2500);
    expect(a1.serviceMicros.p50).toBe(2400);
  });

  it('adds the routes up into a total whose quantiles cover every answer', () => {
    const total = buildLoadReport(run(), 'x').total;
    expect(total).toMatchObject({
      route: 'all',
      scheduled: 8,
      sent: 6,
      dropped: 2,
      ok: 6,
      statuses: { '200': 6 },
    });
    expect(total.latencyMicros.max).toBe(20_000);
    expect(total.achievedRps).toBe(3);
  });

  it('renders JSON with statistics of nothing as null', () => {
    const json = JSON.parse(
      renderLoadReport(buildLoadReport(run(), 'x'), 'json'),
    ) as { kind: string; sendLagMicros: { p50: unknown } };
    expect(json.kind).toBe('pathprof.load');
    expect(json.sendLagMicros.p50).toBeNull();
  });

  it('renders a table with a row per route, a total and the dropped arrivals', () => {
    const text = renderLoadReport(buildLoadReport(run(), 'x'), 'table');
    expect(text).toMatch(/^ROUTE\s+SENT\s+OK\s+HTTP ERR/m);
    expect(text).toMatch(/^a1\s+4\s+4\s+0\s+0\s+1\s+2\.0\s+2\.50ms/m);
    expect(text).toMatch(/^all\s+6\s+6/m);
    expect(text).toContain('Dropped 2 of 8 arrivals');
  });
});
