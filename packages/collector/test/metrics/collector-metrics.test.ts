import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createCollectorMetrics } from '../../src/metrics/collector-metrics.js';
import type { CollectorMetricsOptions } from '../../src/metrics/collector-metrics.js';
import { hopSpan } from './hop-span.js';
import { findSampleValue, parseExposition } from './parse-exposition.js';
import type { Sample } from './parse-exposition.js';

const OPTIONS: CollectorMetricsOptions = {
  maxPaths: 10,
  queueDepth: () => 0,
  queueCapacity: 5000,
  processMetrics: false,
};

async function scrapeWith(
  options: Partial<CollectorMetricsOptions>,
  act: (m: ReturnType<typeof createCollectorMetrics>) => void = () => {},
): Promise<Sample[]> {
  const metrics = createCollectorMetrics({ ...OPTIONS, ...options });
  act(metrics);
  return parseExposition((await metrics.render()).body);
}

describe('collector health metrics', () => {
  it('counts received spans per receiver, starting every receiver at zero', async () => {
    const samples = await scrapeWith({}, (m) => {
      m.spansReceived('otlp_json', 3);
      m.spansReceived('otlp_json', 2);
    });
    const received = (receiver: string): number | undefined =>
      findSampleValue(samples, 'pathprof_spans_received_total', { receiver });
    expect(received('otlp_json')).toBe(5);
    expect(received('otlp_protobuf')).toBe(0);
    expect(received('zipkin')).toBe(0);
  });

  it('counts rejected spans per reason', async () => {
    const samples = await scrapeWith({}, (m) => {
      m.spansRejected('queue_full', 7);
      m.spansRejected('unauthorized', 0);
    });
    const rejected = (reason: string): number | undefined =>
      findSampleValue(samples, 'pathprof_spans_rejected_total', { reason });
    expect(rejected('queue_full')).toBe(7);
    expect(rejected('unauthorized')).toBe(0);
    expect(rejected('shutting_down')).toBe(0);
  });

  it('counts requests refused as a whole per reason, apart from spans', async () => {
    const samples = await scrapeWith({}, (m) => {
      m.requestRejected('unauthorized');
      m.requestRejected('unauthorized');
      m.requestRejected('too_large');
    });
    const requests = (reason: string): number | undefined =>
      findSampleValue(samples, 'pathprof_requests_rejected_total', { reason });
    expect(requests('unauthorized')).toBe(2);
    expect(requests('too_large')).toBe(1);
    expect(requests('decode')).toBe(0);
    expect(
      findSampleValue(samples, 'pathprof_spans_rejected_total', {
        reason: 'unauthorized',
      }),
    ).toBe(0);
  });

  it('ignores negative and non-finite counts instead of throwing', async () => {
    const samples = await scrapeWith({}, (m) => {
      m.spansReceived('zipkin', -1);
      m.spansRejected('invalid', Number.NaN);
      m.observeWrite(Number.POSITIVE_INFINITY, Number.NaN, true);
    });
    expect(
      findSampleValue(samples, 'pathprof_spans_received_total', {
        receiver: 'zipkin',
      }),
    ).toBe(0);
    expect(findSampleValue(samples, 'pathprof_spans_stored_total')).toBe(0);
    expect(
      findSampleValue(samples, 'pathprof_store_writes_total', {
        outcome: 'ok',
      }),
    ).toBe(1);
  });

  it('records store writes: duration, outcome and spans stored', async () => {
    const samples = await scrapeWith({}, (m) => {
      m.observeWrite(100, 0.004, true);
      m.observeWrite(50, 0.2, false);
    });
    const writes = (outcome: string): number | undefined =>
      findSampleValue(samples, 'pathprof_store_writes_total', { outcome });
    expect(writes('ok')).toBe(1);
    expect(writes('error')).toBe(1);
    expect(findSampleValue(samples, 'pathprof_spans_stored_total')).toBe(100);
    const bucket = (le: string): number | undefined =>
      findSampleValue(samples, 'pathprof_store_write_duration_seconds_bucket', {
        le,
      });
    expect(bucket('0.005')).toBe(1);
    expect(bucket('0.25')).toBe(2);
  });

  it('reads the write queue depth at scrape time', async () => {
    let depth = 0;
    const metrics = createCollectorMetrics({
      ...OPTIONS,
      queueDepth: () => depth,
    });
    depth = 42;
    const samples = parseExposition((await metrics.render()).body);
    expect(findSampleValue(samples, 'pathprof_write_queue_spans')).toBe(42);
    expect(
      findSampleValue(samples, 'pathprof_write_queue_capacity_spans'),
    ).toBe(5000);
  });
});

describe('collector metrics registry', () => {
  it('keeps each collector apart and leaves the global registry alone', async () => {
    const before = (await globalRegistry.metrics()).length;
    const first = createCollectorMetrics(OPTIONS);
    const second = createCollectorMetrics({ ...OPTIONS, processMetrics: true });
    first.observeStoredSpans([hopSpan({ path: ['svc-a:a1'] })]);
    const samples = parseExposition((await second.render()).body);
    expect(
      samples.filter((s) => s.name === 'pathprof_path_requests_total'),
    ).toEqual([]);
    expect((await globalRegistry.metrics()).length).toBe(before);
  });

  it("adds prom-client's process and Node.js metrics unless turned off", async () => {
    const withProcess = await scrapeWith({ processMetrics: true });
    const names = new Set(withProcess.map((s) => s.name));
    expect(names).toContain('process_cpu_seconds_total');
    expect(names).toContain('process_resident_memory_bytes');
    expect(names).toContain('nodejs_eventloop_lag_p99_seconds');
    const without = await scrapeWith({});
    expect(without.some((s) => s.name.startsWith('process_'))).toBe(false);
  });

  it("renders with prom-client's text content type", async () => {
    const metrics = createCollectorMetrics(OPTIONS);
    expect((await metrics.render()).contentType).toBe(
      'text/plain; version=0.0.4; charset=utf-8',
    );
  });
});
