import { afterEach, describe, expect, it } from 'vitest';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import { requestSpans } from './hop-span.js';
import { findSampleValue, parseExposition } from './parse-exposition.js';

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

describe('GET /metrics', () => {
  it('serves the per-path and health series as Prometheus text', async () => {
    collector = await startTestCollector({ maxQueuedSpans: 1234 });
    collector.metrics.observeStoredSpans(
      requestSpans(['svc-a:a3', 'svc-e:e1']),
    );
    const res = await fetch(`${collector.urls.query!}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'text/plain; version=0.0.4; charset=utf-8',
    );
    const samples = parseExposition(await res.text());
    expect(
      findSampleValue(samples, 'pathprof_path_requests_total', {
        path: 'svc-a:a3 > svc-e:e1',
      }),
    ).toBe(1);
    expect(
      findSampleValue(samples, 'pathprof_write_queue_capacity_spans'),
    ).toBe(1234);
    expect(findSampleValue(samples, 'pathprof_write_queue_spans')).toBe(0);
    expect(
      samples.some((s) => s.name === 'process_resident_memory_bytes'),
    ).toBe(true);
  });

  it('reports the memory bound and its parts, the store backlog and the path index lag', async () => {
    collector = await startTestCollector({
      memoryLimitBytes: 1024 * 1024 * 1024,
    });
    const samples = parseExposition(
      await (await fetch(`${collector.urls.query!}/metrics`)).text(),
    );
    const part = (name: string): number | undefined =>
      findSampleValue(samples, 'pathprof_memory_limit_bytes', { part: name });
    expect(part('total')).toBe(1024 * 1024 * 1024);
    expect(
      ['store', 'backlog', 'bodies', 'queue'].map((p) =>
        Math.floor(part(p)! / 2 ** 20),
      ),
    ).toEqual([307, 153, 153, 204]);
    // The queue's share sets its capacity: 204.8 MiB at 2 KiB a span.
    expect(
      findSampleValue(samples, 'pathprof_write_queue_capacity_spans'),
    ).toBe(104_857);
    expect(findSampleValue(samples, 'pathprof_store_backlog_spans')).toBe(0);
    expect(findSampleValue(samples, 'pathprof_store_backlog_bytes')).toBe(0);
    expect(findSampleValue(samples, 'pathprof_path_index_lag_seconds')).toBe(0);
  });

  it('stays at the root of the query port under a base path', async () => {
    collector = await startTestCollector({ basePath: '/jaeger' });
    expect((await fetch(`${collector.urls.query!}/metrics`)).status).toBe(200);
  });

  it('caps path labels at the configured maxMetricPaths', async () => {
    collector = await startTestCollector({ maxMetricPaths: 1 });
    collector.metrics.observeStoredSpans(
      requestSpans(['svc-a:a3', 'svc-e:e1']),
    );
    const res = await fetch(`${collector.urls.query!}/metrics`);
    const samples = parseExposition(await res.text());
    expect(
      findSampleValue(samples, 'pathprof_path_requests_total', {
        path: 'other',
      }),
    ).toBe(1);
  });

  it('needs the bearer token when one is set', async () => {
    collector = await startTestCollector({ token: 's3cret' });
    const url = `${collector.urls.query!}/metrics`;
    const denied = await fetch(url);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toBe('Bearer');
    const allowed = await fetch(url, {
      headers: { authorization: 'Bearer s3cret' },
    });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('pathprof_spans_received_total');
  });
});
