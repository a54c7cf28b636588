/**
 * Contract tests of the calls the current Jaeger UI makes beyond v1 and
 * api_v3's trace routes. Request URLs are built exactly as the UI builds
 * them (jaeger-ui `src/api/v3/client.ts` with URLSearchParams; `src/api/jaeger.ts`
 * with query-string, which sorts keys); expected bodies are the shapes Jaeger
 * documents: its api_v3 gateway snapshot `FindTraceSummaries.json`
 * (jaeger `cmd/jaeger/internal/extension/jaegerquery/internal/apiv3/snapshots/`,
 * Apache-2.0) and the MetricFamily JSON its UI reducer reads
 * (jaeger-ui `src/reducers/metrics.mock.ts`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createMemoryStore } from '@pathprof/store';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import { T0, span } from './span-builders.js';

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

const NOW_MICROS = T0 + 3_600_000_000;

async function start(
  spans: Parameters<typeof span>[0][],
): Promise<TestCollector> {
  const store = createMemoryStore();
  await store.appendSpans(spans.map(span));
  collector = await startTestCollector({
    store,
    nowMicros: () => NOW_MICROS,
    pathIndex: { enabled: false },
  });
  return collector;
}

async function get(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

describe('GET /api/v3/trace-summaries (the Jaeger UI search)', () => {
  /** Jaeger's snapshot FindTraceSummaries.json, as recorded there. */
  const JAEGER_SNAPSHOT = {
    summaries: [
      {
        errorSpanCount: 1,
        maxEndTimeUnixNano: '1001000000000',
        minStartTimeUnixNano: '1000000000000',
        rootOperationName: 'HTTP GET /',
        rootServiceName: 'frontend',
        services: [{ errorSpanCount: 1, name: 'frontend', spanCount: 2 }],
        spanCount: 2,
        traceId: '00000000000000000000000000000001',
      },
    ],
  };
  // The trace of that snapshot: two frontend spans from 1000 s to 1001 s, one an error.
  const AT_1000_S = 1_000_000_000 - T0;
  const SNAPSHOT_TRACE = [
    {
      trace: 1,
      id: 1,
      service: 'frontend',
      op: 'HTTP GET /',
      start: AT_1000_S,
      dur: 1_000_000,
    },
    {
      trace: 1,
      id: 2,
      parent: 1,
      service: 'frontend',
      op: 'SELECT',
      start: AT_1000_S + 100,
      dur: 500,
      status: 'error' as const,
    },
  ];

  /** What jaeger-ui's JaegerClient.fetchTraceSummaries sends for a search form. */
  function uiSearchUrl(base: string, form: Record<string, string>): string {
    const params = new URLSearchParams();
    if (form['service']) {
      params.set('query.serviceName', form['service']);
    }
    if (form['operation']) {
      params.set('query.operationName', form['operation']);
    }
    params.set(
      'query.startTimeMin',
      new Date(Number(form['start']) / 1000).toISOString(),
    );
    params.set(
      'query.startTimeMax',
      new Date(Number(form['end']) / 1000).toISOString(),
    );
    if (form['limit']) {
      params.set('query.searchDepth', form['limit']);
    }
    if (form['tags']) {
      params.set('query.attributes', form['tags']);
    }
    return `${base}/api/v3/trace-summaries?${params.toString()}`;
  }

  it('answers exactly Jaeger’s snapshot for the snapshot’s trace', async () => {
    const c = await start(SNAPSHOT_TRACE);
    const url = uiSearchUrl(c.queryUrl, {
      service: 'frontend',
      start: String(999_000_000),
      end: String(1_002_000_000),
      limit: '20',
    });
    expect(url).toContain(
      'query.serviceName=frontend&query.startTimeMin=1970-01-01T00%3A16%3A39.000Z',
    );
    expect(await get(url)).toEqual({ status: 200, body: JAEGER_SNAPSHOT });
  });

  it('counts orphans, finds the root among parentless spans and sorts services', async () => {
    const c = await start([
      { trace: 7, id: 1, service: 'web', op: 'GET /', start: 0, dur: 900 },
      {
        trace: 7,
        id: 2,
        parent: 1,
        service: 'api',
        op: 'list',
        start: 10,
        dur: 100,
      },
      {
        trace: 7,
        id: 3,
        parent: 99,
        service: 'db',
        op: 'query',
        start: 20,
        dur: 5,
        status: 'error',
      },
    ]);
    const url = uiSearchUrl(c.queryUrl, {
      start: String(T0 - 1000),
      end: String(T0 + 1000),
    });
    const { body } = await get(url);
    expect(body).toEqual({
      summaries: [
        {
          traceId: '00000000000000000000000000000007',
          rootServiceName: 'web',
          rootOperationName: 'GET /',
          minStartTimeUnixNano: String(BigInt(T0) * 1000n),
          maxEndTimeUnixNano: String(BigInt(T0 + 900) * 1000n),
          spanCount: 3,
          errorSpanCount: 1,
          orphanSpanCount: 1,
          services: [
            { name: 'api', spanCount: 1 },
            { name: 'db', spanCount: 1, errorSpanCount: 1 },
            { name: 'web', spanCount: 1 },
          ],
        },
      ],
    });
  });

  it('filters by operation, duration and attributes as the trace search does', async () => {
    const c = await start([
      {
        trace: 1,
        id: 1,
        op: 'a1',
        dur: 5000,
        attributes: { 'http.status_code': 500 },
      },
      { trace: 2, id: 1, op: 'a1', start: 10, dur: 50 },
      { trace: 3, id: 1, op: 'a2', start: 20, dur: 5000 },
    ]);
    const base = { start: String(T0 - 1000), end: String(T0 + 1000) };
    const ids = async (form: Record<string, string>) =>
      (
        (await get(uiSearchUrl(c.queryUrl, { ...base, ...form }))).body as {
          summaries: { traceId: string }[];
        }
      ).summaries.map((s) => s.traceId.replace(/^0+/, ''));
    expect(await ids({ operation: 'a1' })).toEqual(['2', '1']);
    expect(
      await ids({ operation: 'a1', tags: '{"http.status_code":"500"}' }),
    ).toEqual(['1']);
    expect(await ids({ service: 'nobody' })).toEqual([]);
  });

  it('answers a search without a time range with api_v3’s 400', async () => {
    const c = await start([]);
    expect(
      await get(`${c.queryUrl}/api/v3/trace-summaries?query.serviceName=x`),
    ).toEqual({
      status: 400,
      body: {
        error: {
          httpCode: 400,
          message: 'query.startTimeMin and query.startTimeMax are required',
        },
      },
    });
  });
});

describe('GET /api/metrics/* (the Jaeger UI Monitor tab)', () => {
  const END_MS = (T0 + 600_000_000) / 1000;
  // Ten svc-a server calls of op a1 in the last ten minutes, 10…100 ms, two failing;
  // one client span and one svc-b span that the default filters leave out.
  const SPANS = [
    ...Array.from({ length: 10 }, (_, i) => ({
      trace: 100 + i,
      id: 1,
      op: 'a1',
      start: 60_000_000 * i + 1_000_000,
      dur: 10_000 * (i + 1),
      status: i < 2 ? ('error' as const) : ('unset' as const),
    })),
    {
      trace: 200,
      id: 1,
      op: 'a2',
      kind: 'client' as const,
      start: 5_000_000,
      dur: 1000,
    },
    {
      trace: 201,
      id: 1,
      service: 'svc-b',
      op: 'b1',
      start: 5_000_000,
      dur: 1000,
    },
  ];

  /** jaeger-ui `fetchMetrics`: services joined first, then query-string's sorted keys. */
  function uiMetricsUrl(c: TestCollector, type: string, extra: string): string {
    return `${c.queryUrl}/api/metrics/${type}?service=svc-a&endTs=${END_MS}${extra}&lookback=600000&ratePer=600000&spanKind=server&step=60000`;
  }

  it('answers latencies as a MetricFamily of gauge points in ms, the last point over the whole rate window', async () => {
    const c = await start(SPANS);
    const { status, body } = await get(
      uiMetricsUrl(c, 'latencies', '&quantile=0.95'),
    );
    expect(status).toBe(200);
    const family = body as {
      name: string;
      type: string;
      help: string;
      metrics: {
        labels: unknown[];
        metricPoints: {
          gaugeValue: { doubleValue: number };
          timestamp: string;
        }[];
      }[];
    };
    expect(family).toMatchObject({
      name: 'service_latencies',
      type: 'GAUGE',
      help: '0.95th quantile latency, grouped by service',
    });
    expect(family.metrics).toHaveLength(1);
    expect(family.metrics[0]!.labels).toEqual([
      { name: 'service_name', value: 'svc-a' },
    ]);
    const points = family.metrics[0]!.metricPoints;
    // Points every minute from END−10 min to END; the first sees no call yet.
    expect(points.map((p) => p.timestamp)).toEqual(
      Array.from({ length: 10 }, (_, i) =>
        new Date(END_MS - 540_000 + i * 60_000).toISOString(),
      ),
    );
    // At END the window holds all ten: p95 of 10…100 ms interpolates to 95.5 ms.
    expect(points.at(-1)!.gaugeValue.doubleValue).toBeCloseTo(95.5, 6);
    // One minute in, it holds the first call alone.
    expect(points[0]!.gaugeValue.doubleValue).toBe(10);
  });

  it('answers call rates per second and error fractions', async () => {
    const c = await start(SPANS);
    const calls = (await get(uiMetricsUrl(c, 'calls', ''))).body as {
      name: string;
      metrics: { metricPoints: { gaugeValue: { doubleValue: number } }[] }[];
    };
    expect(calls.name).toBe('service_call_rate');
    const callPoints = calls.metrics[0]!.metricPoints.map(
      (p) => p.gaugeValue.doubleValue,
    );
    expect(callPoints).toHaveLength(11);
    expect(callPoints[0]).toBe(0);
    expect(callPoints.at(-1)).toBeCloseTo(10 / 600, 12);
    const errors = (await get(uiMetricsUrl(c, 'errors', '')))
      .body as typeof calls;
    expect(errors.name).toBe('service_error_rate');
    expect(
      errors.metrics[0]!.metricPoints.at(-1)!.gaugeValue.doubleValue,
    ).toBeCloseTo(0.2, 12);
  });

  it('groups by operation with an operation label when asked, as the Monitor tab’s table does', async () => {
    const c = await start(SPANS);
    const url = `${c.queryUrl}/api/metrics/calls?service=svc-a&endTs=${END_MS}&groupByOperation=true&lookback=600000&ratePer=600000&spanKind=server&spanKind=client&step=60000`;
    const body = (await get(url)).body as {
      name: string;
      help: string;
      metrics: { labels: { name: string; value: string }[] }[];
    };
    expect(body.name).toBe('service_operation_call_rate');
    expect(body.help).toBe('calls/sec, grouped by service & operation');
    expect(body.metrics.map((m) => m.labels)).toEqual([
      [
        { name: 'service_name', value: 'svc-a' },
        { name: 'operation', value: 'a1' },
      ],
      [
        { name: 'service_name', value: 'svc-a' },
        { name: 'operation', value: 'a2' },
      ],
    ]);
  });

  it('answers an empty family for a service without spans, and minstep in the envelope', async () => {
    const c = await start(SPANS);
    const url = uiMetricsUrl(c, 'calls', '').replace('svc-a', 'nobody');
    expect((await get(url)).body).toMatchObject({ metrics: [] });
    expect(await get(`${c.queryUrl}/api/metrics/minstep`)).toEqual({
      status: 200,
      body: { data: 1000, total: 0, limit: 0, offset: 0, errors: null },
    });
  });

  it.each([
    [
      'latencies',
      'service=a',
      'unable to parse param \'quantile\': "" is not a number in (0, 1]',
    ],
    [
      'calls',
      'lookback=1000',
      "unable to parse param 'service': please provide at least one service name",
    ],
    [
      'calls',
      'service=a&spanKind=weird',
      "unable to parse param 'spanKind': unsupported span kind: 'weird'",
    ],
    [
      'calls',
      'service=a&step=1000&lookback=86400000000',
      "lookback / step gives more than 11000 points; raise 'step' or shorten 'lookback'",
    ],
  ])('answers %s?%s with 400 in the envelope', async (type, query, msg) => {
    const c = await start([]);
    expect(await get(`${c.queryUrl}/api/metrics/${type}?${query}`)).toEqual({
      status: 400,
      body: {
        data: null,
        total: 0,
        limit: 0,
        offset: 0,
        errors: [{ code: 400, msg }],
      },
    });
  });
});

describe('GET /analytics/v1/dependencies (the Deep Dependency Graph)', () => {
  // svc-a:a1 > svc-b:b1 > svc-c:c1 and svc-a:a2 > svc-c:c2
  const SPANS = [
    { trace: 1, id: 1, service: 'svc-a', op: 'a1', dur: 900 },
    {
      trace: 1,
      id: 2,
      parent: 1,
      service: 'svc-a',
      op: 'GET b1',
      kind: 'client' as const,
      start: 10,
      dur: 800,
    },
    {
      trace: 1,
      id: 3,
      parent: 2,
      service: 'svc-b',
      op: 'b1',
      start: 20,
      dur: 700,
    },
    {
      trace: 1,
      id: 4,
      parent: 3,
      service: 'svc-b',
      op: 'GET c1',
      kind: 'client' as const,
      start: 30,
      dur: 600,
    },
    {
      trace: 1,
      id: 5,
      parent: 4,
      service: 'svc-c',
      op: 'c1',
      start: 40,
      dur: 500,
    },
    { trace: 2, id: 1, service: 'svc-a', op: 'a2', start: 1000, dur: 900 },
    {
      trace: 2,
      id: 2,
      parent: 1,
      service: 'svc-a',
      op: 'GET c2',
      kind: 'client' as const,
      start: 1010,
      dur: 800,
    },
    {
      trace: 2,
      id: 3,
      parent: 2,
      service: 'svc-c',
      op: 'c2',
      start: 1020,
      dur: 700,
    },
  ];

  it('lists the real paths through the focal service with an exemplar trace', async () => {
    const c = await start(SPANS);
    // query-string order, as the UI sends it; start/end 0 mean "no window" there.
    const window = `end=${T0 + 10_000}&service=svc-b&start=${T0 - 10_000}`;
    expect(
      await get(`${c.queryUrl}/analytics/v1/dependencies?${window}`),
    ).toEqual({
      status: 200,
      body: {
        dependencies: [
          {
            path: [
              { service: 'svc-a', operation: 'a1' },
              { service: 'svc-b', operation: 'b1' },
              { service: 'svc-c', operation: 'c1' },
            ],
            attributes: [
              {
                key: 'exemplar_trace_id',
                value: '00000000000000000000000000000001',
              },
            ],
          },
        ],
      },
    });
  });

  it('keeps to the focal operation, and reads start=0&end=0 as the last hour', async () => {
    const c = await start(SPANS);
    const url = (op: string) =>
      `${c.queryUrl}/analytics/v1/dependencies?end=0&operation=${op}&service=svc-c&start=0`;
    // The last hour ends at NOW = T0 + 1 h: both traces are in it.
    const body = (await get(url('c2'))).body as {
      dependencies: { path: unknown[] }[];
    };
    expect(body.dependencies.map((d) => d.path)).toEqual([
      [
        { service: 'svc-a', operation: 'a2' },
        { service: 'svc-c', operation: 'c2' },
      ],
    ]);
    expect((await get(url('nope'))).body).toEqual({ dependencies: [] });
    // A window after both traces holds no path.
    const later = `${c.queryUrl}/analytics/v1/dependencies?end=${NOW_MICROS}&service=svc-c&start=${T0 + 5000}`;
    expect((await get(later)).body).toEqual({ dependencies: [] });
  });
});

describe('the other Jaeger UI routes', () => {
  it('answers quality metrics and archive with 501 saying why', async () => {
    const c = await start([]);
    const quality = await get(
      `${c.queryUrl}/api/quality-metrics?hours=48&service=svc-a`,
    );
    expect(quality.status).toBe(501);
    expect(quality.body).toMatchObject({
      data: null,
      errors: [
        {
          code: 501,
          msg: expect.stringContaining('qualityMetrics.menuEnabled') as unknown,
        },
      ],
    });
    const archive = await fetch(
      `${c.queryUrl}/api/archive/00000000000000000000000000000001`,
      {
        method: 'POST',
      },
    );
    expect(archive.status).toBe(501);
    expect(await archive.json()).toMatchObject({
      errors: [
        {
          code: 501,
          msg: expect.stringContaining('no archive storage') as unknown,
        },
      ],
    });
  });

  it('transforms an OTLP JSON file, posted as the UI posts it (text/plain), into Jaeger UI traces', async () => {
    const c = await start([]);
    const text = readFileSync(
      path.resolve(
        import.meta.dirname,
        '../../../../fixtures/traces/otlp-proto-example.otlp.json',
      ),
      'utf8',
    );
    const res = await fetch(`${c.queryUrl}/api/transform`, {
      method: 'POST',
      body: text,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      data: {
        traceID: string;
        spans: { operationName: string }[];
        processes: Record<string, { serviceName: string }>;
      }[];
      errors: null;
    };
    expect(body.errors).toBeNull();
    expect(body.data.length).toBeGreaterThan(0);
    expect(
      Object.values(body.data[0]!.processes).map((p) => p.serviceName),
    ).toEqual(['my.service']);
    const garbage = await fetch(`${c.queryUrl}/api/transform`, {
      method: 'POST',
      body: '{nope',
    });
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toMatchObject({
      errors: [
        {
          code: 400,
          msg: expect.stringMatching(/^the body is not JSON/) as unknown,
        },
      ],
    });
  });
});
