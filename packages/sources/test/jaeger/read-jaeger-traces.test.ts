import { afterEach, describe, expect, it } from 'vitest';
import type { JaegerTrace } from '@pathprof/model';
import type { JaegerQuery } from '../../src/jaeger/jaeger-query.js';
import type {
  JaegerBatch,
  JaegerProgress,
  JaegerSourceOptions,
} from '../../src/jaeger/read-jaeger-traces.js';
import { readJaegerTraces } from '../../src/jaeger/read-jaeger-traces.js';
import type { FakeJaeger, FakeRoute } from './fake-jaeger.js';
import {
  json,
  readFixture,
  readSharedTrace,
  startFakeJaeger,
  V1_EMPTY,
} from './fake-jaeger.js';

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0) * 1000; // 2024-05-01T10:00:00Z in µs
const MINUTE = 60_000_000;
const ISSUE115 = readSharedTrace('jaeger-follows-from-issue115.jaeger.json');
const HOTROD = readSharedTrace('hotrod-jaeger-apiv3-getTrace.otlp.json');
const HTML_PAGE =
  '<!doctype html><html lang="en"><head><title>Jaeger UI</title></head><body></body></html>';

let fake: FakeJaeger | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function serve(route: FakeRoute): Promise<FakeJaeger> {
  fake = await startFakeJaeger(route);
  return fake;
}

function query(baseUrl: string, extra: Partial<JaegerQuery> = {}): JaegerQuery {
  return {
    baseUrl,
    service: 'frontend',
    startMicros: T0,
    endMicros: T0 + 10 * MINUTE,
    limit: 50,
    ...extra,
  };
}

async function collect(
  q: JaegerQuery,
  options: JaegerSourceOptions = {},
): Promise<JaegerBatch[]> {
  const batches: JaegerBatch[] = [];
  for await (const batch of readJaegerTraces(q, { retries: 0, ...options })) {
    batches.push(batch);
  }
  return batches;
}

function v1Traces(batches: JaegerBatch[]): JaegerTrace[] {
  return batches.flatMap((b) => (b.api === 'v1' ? b.traces : []));
}

function v3TraceIds(batch: JaegerBatch | undefined): string[] {
  if (batch?.api !== 'v3') {
    return [];
  }
  const ids = (batch.request.resourceSpans ?? []).flatMap((rs) =>
    (rs.scopeSpans ?? []).flatMap((s) =>
      (s.spans ?? []).map((span) => span.traceId ?? ''),
    ),
  );
  return [...new Set(ids)];
}

/** A v1 answer holding copies of the issue-115 trace under the given ids. */
function v1AnswerWithIds(ids: readonly string[]): string {
  const [trace] = (JSON.parse(ISSUE115) as { data: JaegerTrace[] }).data;
  const data = ids.map((traceID) => ({
    ...trace,
    traceID,
    spans: trace!.spans.map((s) => ({ ...s, traceID })),
  }));
  return JSON.stringify({ data, total: 0, limit: 0, offset: 0, errors: null });
}

const v1Server: FakeRoute = (req) => {
  if (req.path === '/api/services') {
    return json(readFixture('v1-services.json'));
  }
  return req.path === '/api/traces' ? json(ISSUE115) : undefined;
};

describe('readJaegerTraces against the v1 API', () => {
  it('detects v1 with one request to /api/services and reads the recorded answer', async () => {
    const server = await serve(v1Server);
    const batches = await collect(query(server.url));
    expect(server.requests.map((r) => r.path)).toEqual([
      '/api/services',
      '/api/traces',
    ]);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({
      api: 'v1',
      window: { startMicros: T0, endMicros: T0 + 10 * MINUTE },
    });
    expect(v1Traces(batches).map((t) => t.traceID)).toEqual([
      '2992f2a5b5d037a8aabffd08ef384237',
    ]);
  });

  it('sends service, escaped operation, tags JSON, start/end µs, limit and Go durations', async () => {
    const server = await serve(v1Server);
    await collect(
      query(server.url, {
        operation: 'HTTP GET /dispatch?x=1&y',
        tags: { 'http.status_code': '500', error: 'true' },
        minDurationMicros: 1_200_000,
        maxDurationMicros: 3_000_000,
      }),
    );
    const search = server.requests[1]!;
    expect(search.rawQuery).toBe(
      'service=frontend&operation=HTTP%20GET%20%2Fdispatch%3Fx%3D1%26y' +
        '&tags=%7B%22http.status_code%22%3A%22500%22%2C%22error%22%3A%22true%22%7D' +
        `&start=${T0}&end=${T0 + 10 * MINUTE}&limit=50&minDuration=1200ms&maxDuration=3s`,
    );
    expect(Object.fromEntries(search.query)).toEqual({
      service: 'frontend',
      operation: 'HTTP GET /dispatch?x=1&y',
      tags: '{"http.status_code":"500","error":"true"}',
      start: String(T0),
      end: String(T0 + 10 * MINUTE),
      limit: '50',
      minDuration: '1200ms',
      maxDuration: '3s',
    });
  });

  it('keeps the base path of the URL for every request', async () => {
    const server = await serve((req) =>
      req.path.startsWith('/jaeger/')
        ? v1Server({ ...req, path: req.path.slice('/jaeger'.length) })
        : undefined,
    );
    const batches = await collect(query(`${server.url}/jaeger`));
    expect(server.requests.map((r) => r.path)).toEqual([
      '/jaeger/api/services',
      '/jaeger/api/traces',
    ]);
    expect(v1Traces(batches)).toHaveLength(1);
  });

  it('forwards credentials written in the URL as a Basic Authorization header', async () => {
    const server = await serve(v1Server);
    await collect(query(server.url, { authorization: 'Basic bWU6cHc=' }));
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      'Basic bWU6cHc=',
      'Basic bWU6cHc=',
    ]);
  });

  it('uses the injected fetch', async () => {
    const urls: string[] = [];
    const fakeFetch: typeof fetch = (input) => {
      const url =
        typeof input === 'string'
          ? input
          : input instanceof URL
            ? input.href
            : input.url;
      urls.push(url);
      const body = url.includes('/api/services')
        ? readFixture('v1-services.json')
        : ISSUE115;
      return Promise.resolve(
        new Response(body, { headers: { 'content-type': 'application/json' } }),
      );
    };
    const batches = await collect(query('http://jaeger.invalid:16686'), {
      fetch: fakeFetch,
    });
    expect(urls[0]).toBe('http://jaeger.invalid:16686/api/services');
    expect(v1Traces(batches)).toHaveLength(1);
  });
});

describe('readJaegerTraces against api_v3', () => {
  const v3Server: FakeRoute = (req) => {
    if (req.path === '/api/services') {
      return {
        status: 200,
        body: HTML_PAGE,
        contentType: 'text/html; charset=utf-8',
      }; // the UI's fallback page
    }
    if (req.path === '/api/v3/services') {
      return json(readFixture('v3-services.json'));
    }
    return req.path === '/api/v3/traces' ? json(HOTROD) : undefined;
  };

  it('detects api_v3 when /api/services answers with the UI page', async () => {
    const server = await serve(v3Server);
    const batches = await collect(query(server.url));
    expect(server.requests.map((r) => r.path)).toEqual([
      '/api/services',
      '/api/v3/services',
      '/api/v3/traces',
    ]);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ api: 'v3', traceCount: 1 });
    expect(
      batches[0]?.api === 'v3' && batches[0].request.resourceSpans,
    ).toHaveLength(6);
  });

  it('sends both camelCase and snake_case parameters with RFC 3339 µs times', async () => {
    const server = await serve(v3Server);
    await collect(
      query(server.url, {
        startMicros: T0 + 1,
        operation: 'HTTP GET /dispatch',
        tags: { 'http.status_code': '500' },
        minDurationMicros: 1_200_000,
        maxDurationMicros: 3_000_000,
      }),
    );
    expect(Object.fromEntries(server.requests[2]!.query)).toEqual({
      'query.serviceName': 'frontend',
      'query.service_name': 'frontend',
      'query.operationName': 'HTTP GET /dispatch',
      'query.operation_name': 'HTTP GET /dispatch',
      'query.startTimeMin': '2024-05-01T10:00:00.000001Z',
      'query.start_time_min': '2024-05-01T10:00:00.000001Z',
      'query.startTimeMax': '2024-05-01T10:10:00.000000Z',
      'query.start_time_max': '2024-05-01T10:10:00.000000Z',
      'query.searchDepth': '50',
      'query.num_traces': '50',
      'query.durationMin': '1200ms',
      'query.duration_min': '1200ms',
      'query.durationMax': '3s',
      'query.duration_max': '3s',
      'query.attributes': '{"http.status_code":"500"}',
    });
  });

  it('reads a 404 "No traces found" as an empty window', async () => {
    const server = await serve((req) =>
      req.path === '/api/v3/traces'
        ? {
            status: 404,
            body: readFixture('v3-no-traces-404.json'),
            contentType: 'text/plain; charset=utf-8',
          }
        : v3Server(req),
    );
    const progress: JaegerProgress[] = [];
    const batches = await collect(query(server.url), {
      onProgress: (p) => progress.push(p),
    });
    expect(batches).toEqual([]);
    expect(progress.at(-1)).toEqual({
      api: 'v3',
      windowsDone: 1,
      windowsTotal: 1,
      traces: 0,
      duplicates: 0,
    });
  });

  it('reads several result objects streamed back to back', async () => {
    const body = `${readFixture('v3-find-traces-snapshot.json')}${readFixture('v3-trace-local-2.21.0.json')}`;
    const server = await serve((req) =>
      req.path === '/api/v3/traces' ? json(body) : v3Server(req),
    );
    const [batch] = await collect(query(server.url));
    expect(v3TraceIds(batch)).toEqual([
      '00000000000000000000000000000001',
      '0123456789abcdef0123456789abcdef',
    ]);
  });

  it('falls back to api_v3 when the v1 search endpoint is gone', async () => {
    const server = await serve((req) =>
      req.path === '/api/services'
        ? json(readFixture('v1-services.json'))
        : v3Server(req),
    );
    const batches = await collect(query(server.url));
    expect(server.requests.map((r) => r.path)).toEqual([
      '/api/services',
      '/api/traces',
      '/api/v3/services',
      '/api/v3/traces',
    ]);
    expect(batches[0]).toMatchObject({ api: 'v3', traceCount: 1 });
  });

  it('skips detection when the API is given', async () => {
    const server = await serve(v3Server);
    await collect(query(server.url), { api: 'v3' });
    expect(server.requests.map((r) => r.path)).toEqual(['/api/v3/traces']);
  });
});

describe('readJaegerTraces over long ranges', () => {
  it('splits 3 hours into 12 windows of 15 minutes and spreads the limit over them', async () => {
    const server = await serve((req) =>
      req.path === '/api/traces' ? json(V1_EMPTY) : v1Server(req),
    );
    const progress: JaegerProgress[] = [];
    await collect(
      query(server.url, { endMicros: T0 + 180 * MINUTE, limit: 1000 }),
      {
        onProgress: (p) => progress.push(p),
      },
    );
    const searches = server.requests.filter((r) => r.path === '/api/traces');
    const windows = searches.map((r) => [
      Number(r.query.get('start')),
      Number(r.query.get('end')),
    ]);
    expect(windows).toHaveLength(12);
    expect(windows[0]).toEqual([T0, T0 + 15 * MINUTE]);
    expect(windows.at(-1)).toEqual([T0 + 165 * MINUTE, T0 + 180 * MINUTE]);
    windows
      .slice(1)
      .forEach(([start], i) => expect(start).toBe(windows[i]![1]));
    // The budget left over the windows left, capped at 100: ceil(1000 / 12), ceil(1000 / 11), then 100.
    expect(searches.map((r) => r.query.get('limit'))).toEqual([
      '84',
      '91',
      ...Array<string>(10).fill('100'),
    ]);
    expect(progress.map((p) => p.windowsDone)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
    expect(new Set(progress.map((p) => p.windowsTotal))).toEqual(new Set([12]));
  });

  it('drops a v1 trace that a later window returns again', async () => {
    const server = await serve((req) => {
      if (req.path !== '/api/traces') {
        return v1Server(req);
      }
      const start = Number(req.query.get('start'));
      if (start === T0) {
        return json(ISSUE115);
      }
      if (start === T0 + 15 * MINUTE) {
        const both = JSON.parse(readFixture('v1-search-model-json.json')) as {
          data: unknown[];
        };
        both.data.unshift(
          ...(JSON.parse(ISSUE115) as { data: unknown[] }).data,
        );
        return json(JSON.stringify(both));
      }
      return json(V1_EMPTY);
    });
    const progress: JaegerProgress[] = [];
    const batches = await collect(
      query(server.url, { endMicros: T0 + 180 * MINUTE }),
      {
        onProgress: (p) => progress.push(p),
      },
    );
    expect(
      batches.map((b) =>
        b.api === 'v1' ? b.traces.map((t) => t.traceID) : [],
      ),
    ).toEqual([['2992f2a5b5d037a8aabffd08ef384237'], ['abc0']]);
    expect(progress.at(-1)).toMatchObject({
      windowsDone: 12,
      traces: 2,
      duplicates: 1,
    });
  });

  it("drops the spans of an api_v3 trace already read, keeping the answer's new traces", async () => {
    const server = await serve((req) => {
      if (req.path === '/api/v3/services') {
        return json(readFixture('v3-services.json'));
      }
      if (req.path !== '/api/v3/traces') {
        return undefined;
      }
      const min = req.query.get('query.startTimeMin');
      if (min === '2024-05-01T10:00:00.000000Z') {
        return json(HOTROD);
      }
      if (min === '2024-05-01T10:15:00.000000Z') {
        return json(`${HOTROD}\n${readFixture('v3-trace-local-2.21.0.json')}`);
      }
      return {
        status: 404,
        body: readFixture('v3-no-traces-404.json'),
        contentType: 'text/plain',
      };
    });
    const batches = await collect(
      query(server.url, { endMicros: T0 + 180 * MINUTE }),
    );
    expect(batches.map(v3TraceIds)).toEqual([
      ['2ea75461946a7dd10f2c15ab36a076cb'],
      ['0123456789abcdef0123456789abcdef'],
    ]);
    const second = batches[1];
    expect(
      second?.api === 'v3' &&
        second.request.resourceSpans?.[0]?.scopeSpans?.[0]?.spans,
    ).toHaveLength(3);
  });

  it('stops at the total limit even when the server sends more than asked', async () => {
    let next = 1;
    const server = await serve((req) => {
      if (req.path !== '/api/traces') {
        return v1Server(req);
      }
      const ids = [next, next + 1].map((n) => n.toString(16).padStart(32, '0'));
      next += 2;
      return json(v1AnswerWithIds(ids));
    });
    const batches = await collect(
      query(server.url, { endMicros: T0 + 60 * MINUTE, limit: 3 }),
    );
    const searches = server.requests.filter((r) => r.path === '/api/traces');
    expect(searches.map((r) => r.query.get('limit'))).toEqual(['1', '1']);
    expect(v1Traces(batches).map((t) => t.traceID.replace(/^0+/, ''))).toEqual([
      '1',
      '2',
      '3',
    ]);
  });
});
