import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '@pathprof/store';
import { span, T0, traceIdOf } from '../query/span-builders.js';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

describe('startCollector', () => {
  it('listens on loopback ports of its own and answers health checks on each', async () => {
    collector = await startTestCollector();
    const { otlp, zipkin, query } = collector.urls;
    expect(new Set([otlp, zipkin, query]).size).toBe(3);
    for (const url of [otlp, zipkin, query]) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${url!}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
      expect((await fetch(`${url!}/readyz`)).status).toBe(200);
    }
  });

  it('serves every role from one server when they share a port', async () => {
    const probe = await startTestCollector({
      otlpPort: null,
      zipkinPort: null,
    });
    const port = probe.ports.query!;
    await probe.close();
    collector = await startTestCollector({
      otlpPort: port,
      zipkinPort: port,
      queryPort: port,
    });
    expect(collector.urls.otlp).toBe(collector.urls.query);
    expect(collector.urls.zipkin).toBe(collector.urls.query);
  });

  it('answers unknown query routes with a Jaeger error envelope', async () => {
    collector = await startTestCollector({ basePath: '/jaeger' });
    expect(collector.queryUrl).toBe(`${collector.urls.query!}/jaeger`);
    const res = await fetch(`${collector.queryUrl}/api/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      data: null,
      total: 0,
      limit: 0,
      offset: 0,
      errors: [{ code: 404, msg: 'no route GET /jaeger/api/nope' }],
    });
  });

  it('refuses requests without the bearer token, but not health checks', async () => {
    collector = await startTestCollector({ token: 's3cret' });
    const url = collector.queryUrl;
    const denied = await fetch(`${url}/api/services`);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toBe('Bearer');
    expect(await denied.json()).toMatchObject({
      errors: [{ code: 401 }],
    });
    const wrong = await fetch(`${url}/api/services`, {
      headers: { authorization: 'Bearer s3creT' },
    });
    expect(wrong.status).toBe(401);
    const ingest = await fetch(`${collector.urls.otlp!}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(ingest.status).toBe(401);
    expect(await ingest.json()).toEqual({
      code: 16,
      message: 'missing or wrong bearer token',
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it('sends no CORS headers unless origins are configured', async () => {
    collector = await startTestCollector();
    const plain = await fetch(`${collector.queryUrl}/healthz`, {
      headers: { origin: 'http://evil.example' },
    });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    await collector.close();
    collector = await startTestCollector({
      corsOrigins: ['http://ui.example'],
    });
    const allowed = await fetch(`${collector.queryUrl}/healthz`, {
      headers: { origin: 'http://ui.example' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(
      'http://ui.example',
    );
    const other = await fetch(`${collector.queryUrl}/healthz`, {
      headers: { origin: 'http://evil.example' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('closes the store it was given', async () => {
    collector = await startTestCollector();
    const store = collector.store;
    await collector.close();
    await expect(store.listServices()).rejects.toThrow(/closed/);
    collector = undefined;
  });

  it('rejects a base path that is not a URL path', async () => {
    await expect(startTestCollector({ basePath: '/a b' })).rejects.toThrow(
      /base path/,
    );
  });

  it('answers health checks under the base path without the token too', async () => {
    collector = await startTestCollector({ token: 't', basePath: '/jaeger' });
    expect((await fetch(`${collector.queryUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${collector.queryUrl}/readyz`)).status).toBe(200);
    expect((await fetch(`${collector.queryUrl}/api/services`)).status).toBe(
      401,
    );
  });

  it('answers unknown routes of an ingest port in the ingest error shape', async () => {
    collector = await startTestCollector();
    const res = await fetch(`${collector.urls.otlp!}/v1/logs`, {
      method: 'POST',
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      code: 5,
      message: 'no route POST /v1/logs',
    });
  });

  it('deletes traces received longer ago than the retention when it starts, whatever their own age', async () => {
    const store = createMemoryStore();
    const hour = 3600 * 1e6;
    // trace 2 is as old, but arrived an hour later
    await store.appendSpans([span({ trace: 1, id: 1, start: 0 })], {
      receivedMicros: T0,
    });
    await store.appendSpans([span({ trace: 2, id: 1, start: 0 })], {
      receivedMicros: T0 + 2 * hour,
    });
    collector = await startTestCollector({
      store,
      retentionMicros: hour,
      nowMicros: () => T0 + 2.5 * hour,
    });
    await expect
      .poll(async () =>
        (await store.getTraces([traceIdOf(1), traceIdOf(2)])).map(
          (t) => t.traceId,
        ),
      )
      .toEqual([traceIdOf(2)]);
  });
});
