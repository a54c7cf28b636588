/**
 * What the path semantics say about real third-party traces, checked against
 * what their projects are known to do.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeOtlpTraces,
  decodeZipkinSpans,
  PathProfiler,
} from '@pathprof/engine';
import type { OtlpExportTraceServiceRequest, Span } from '@pathprof/model';
import { readTraceJson } from '../ingest/real-traces.js';

function profileOf(spans: readonly Span[]): PathProfiler {
  const profiler = new PathProfiler();
  profiler.addTrace(spans[0]!.traceId, spans);
  return profiler;
}

describe('HotROD (Jaeger api_v3 getTrace fixture)', () => {
  const raw = readTraceJson('hotrod-jaeger-apiv3-getTrace.otlp.json') as {
    result: OtlpExportTraceServiceRequest;
  };
  const report = profileOf(decodeOtlpTraces(raw.result).spans).report();
  const path = (suffix: string) =>
    report.paths!.find((p) => p.key.endsWith(suffix))!;

  it('counts one request per path, however many calls reach it', () => {
    expect(report.paths!.map((p) => p.count)).toEqual([1, 1, 1, 1]);
  });

  it("shows the driver's Redis lookups as an N+1 loop of serial calls", () => {
    // HotROD's driver service fetches each driver from Redis one after another
    const redis = path('redis-manual:GetDriver').hops[2]!;
    expect(redis.calls.p50).toBe(13);
    expect(redis.overlap.p50).toBeGreaterThan(0.9);
    expect(redis.overlap.p50).toBeLessThanOrEqual(1.0001);
    expect(redis.criticalCalls.p50).toBe(13);
  });

  it('shows the route calls as parallel (a worker pool)', () => {
    const route = path('route:GET /route').hops[1]!;
    expect(route.calls.p50).toBe(10);
    expect(route.overlap.p50).toBeGreaterThan(1.5);
    expect(route.criticalCalls.p50).toBeLessThan(10);
    // the union of the calls' work, never more than the time they span
    expect(route.selfMicros.p50).toBeLessThanOrEqual(route.durationMicros.p50);
  });

  it('gives each fan-out branch of /dispatch its own branch time', () => {
    const mysql = path('mysql:SQL SELECT');
    expect(mysql.branchMicros.p50).toBeLessThan(mysql.durationMicros.p50 / 2);
    const dispatch = mysql.hops[0]!;
    expect(dispatch.inOtherBranchesMicros.p50).toBeGreaterThan(
      dispatch.inNextHopMicros.p50,
    );
    expect(dispatch.otherBranches[0]!.value).toBe('route:GET /route');
  });

  it("charges the failed Redis call's error to its path", () => {
    expect(path('redis-manual:GetDriver').errors).toBe(1);
  });
});

describe('Zipkin smartthings: a broadcast to five consumers', () => {
  const spans = decodeZipkinSpans(
    readTraceJson('zipkin-smartthings-oauth-authorization.json') as unknown[],
  ).spans;
  const report = profileOf(spans).report();

  it("keeps the five pusher servers that reuse the sender's id as five calls", () => {
    // three end their paths; two go on to deliver to dove and to paperboy
    const calls = report
      .paths!.map((p) =>
        p.hops.find((h) => h.label === 'pusher:receive iot-events360'),
      )
      .filter((h) => h !== undefined)
      .map((h) => h.calls.p50);
    expect(calls.sort()).toEqual([1, 1, 3]);
  });
});
