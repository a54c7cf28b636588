// `node:http` is imported before startTracing(), as in a service that forgot
// `--import`: the SDK still instruments its clients, named imports included.
import { request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { SpanKind } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from 'vitest';
import {
  forwardHeaders,
  HOP_PATH_ATTR,
  profileHttpHandler,
} from '../../src/index.js';
import {
  attr,
  burnCpu,
  parentIdOf,
  sleep,
  startTestTracing,
} from '../helpers.js';
import type { LocalServer } from '../middleware/local-server.js';
import { listenLocally } from '../middleware/local-server.js';

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}

describe('pathprof.path across HTTP calls between local services', () => {
  const t = startTestTracing({ instrumentHttp: true });
  const servers: LocalServer[] = [];
  afterAll(() => t.tracing.shutdown());
  beforeEach(() => t.exporter.reset());
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function serve(
    listener: Parameters<typeof listenLocally>[0],
  ): Promise<string> {
    const server = await listenLocally(listener);
    servers.push(server);
    return server.url;
  }

  it('carries the path in baggage through an instrumented node:http client', async () => {
    const b = await serve(
      profileHttpHandler('b1', (_req, res) => res.end('b')),
    );
    const a = await serve(
      profileHttpHandler('a1', async (_req, res) => {
        res.end(await get(`${b}/b/v1/b1`));
      }),
    );

    expect(await get(`${a}/a/v1/a1`)).toBe('b');

    const hopA = t.span('a1');
    const hopB = t.span('b1');
    const client = t
      .spans()
      .find(
        (s) =>
          s.kind === SpanKind.CLIENT &&
          parentIdOf(s) === hopA.spanContext().spanId,
      );
    expect(attr(hopB, HOP_PATH_ATTR)).toBe('svc-test:a1 > svc-test:b1');
    expect(hopB.spanContext().traceId).toBe(hopA.spanContext().traceId);
    expect(client).toBeDefined();
    expect(parentIdOf(hopB)).toBe(client!.spanContext().spanId);
  });

  it('carries the path with fetch and forwardHeaders(), without instrumentation', async () => {
    const b = await serve(
      profileHttpHandler('b2', (_req, res) => res.end('b')),
    );
    const a = await serve(
      profileHttpHandler('a2', async (req, res) => {
        const answer = await fetch(`${b}/b/v1/b2`, {
          headers: forwardHeaders(req),
        });
        res.end(await answer.text());
      }),
    );

    await fetch(`${a}/a/v1/a2`);

    expect(attr(t.span('b2'), HOP_PATH_ATTR)).toBe('svc-test:a2 > svc-test:b2');
    expect(parentIdOf(t.span('b2'))).toBe(t.span('a2').spanContext().spanId);
  });

  it('keeps trace and path through an unprofiled service that forwards headers (a4 > c2skip > e2)', async () => {
    const e = await serve(
      profileHttpHandler('e2', (_req, res) => res.end('e')),
    );
    const c = await serve(async (req, res) => {
      res.end(await get(`${e}/e/v1/e2`, forwardHeaders(req)));
    });
    const a = await serve(
      profileHttpHandler('a4', async (_req, res) => {
        res.end(await get(`${c}/c/v1/c2skip`));
      }),
    );

    expect(await get(`${a}/a/v1/a4`, { 'x-request-id': 'r-a4' })).toBe('e');

    const hopA = t.span('a4');
    const hopE = t.span('e2');
    expect(attr(hopE, HOP_PATH_ATTR)).toBe('svc-test:a4 > svc-test:e2');
    expect(hopE.spanContext().traceId).toBe(hopA.spanContext().traceId);
    expect(
      t
        .spans()
        .map((s) => s.name)
        .sort(),
    ).toEqual(['GET', 'a4', 'e2']);
  });
});

describe('with HTTP server spans (httpServerSpans: true)', () => {
  let t: ReturnType<typeof startTestTracing>;
  let server: LocalServer | undefined;
  beforeAll(() => {
    t = startTestTracing({ instrumentHttp: true, httpServerSpans: true });
  });
  afterAll(async () => {
    await server?.close();
    await t.tracing.shutdown();
  });

  it("makes the hop an INTERNAL child of the instrumentation's SERVER span", async () => {
    server = await listenLocally(
      profileHttpHandler('a1', (_req, res) => res.end('a')),
    );

    await get(`${server.url}/a/v1/a1`, {
      traceparent: '00-80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-01',
    });

    const hop = t.span('a1');
    const serverSpan = t.spans().find((s) => s.kind === SpanKind.SERVER);
    expect(hop.kind).toBe(SpanKind.INTERNAL);
    expect(serverSpan).toBeDefined();
    expect(parentIdOf(serverSpan!)).toBe('e457b5a2e4d86bd1');
    expect(parentIdOf(hop)).toBe(serverSpan!.spanContext().spanId);
  });

  it('ends the SERVER span when the answer is ended, not after slower "finish" listeners', async () => {
    await server?.close();
    t.exporter.reset();
    // A request logger on 'finish' runs 60 ms after the caller may have had its answer.
    server = await listenLocally((_req, res) => {
      res.on('finish', () => burnCpu(60));
      res.end('plain');
    });

    expect(await get(`${server.url}/plain`)).toBe('plain');
    await sleep(80);

    const serverSpan = t.spans().find((s) => s.kind === SpanKind.SERVER);
    expect(serverSpan).toBeDefined();
    expect(hrTimeToMilliseconds(serverSpan!.duration)).toBeLessThan(30);
    expect(attr(serverSpan!, 'http.response.status_code')).toBe(200);
  });
});

describe('with a server-span filter (httpServerSpans: a function)', () => {
  let t: ReturnType<typeof startTestTracing>;
  let server: LocalServer | undefined;
  beforeAll(() => {
    t = startTestTracing({
      instrumentHttp: true,
      httpServerSpans: (req) => req.url !== '/a/v1/a1',
    });
  });
  afterAll(async () => {
    await server?.close();
    await t.tracing.shutdown();
  });

  it('records a SERVER span only for the requests it accepts; the hop of another is its entry span', async () => {
    server = await listenLocally(
      profileHttpHandler(
        (req) => (req.url ?? '').split('/').pop() ?? 'request',
        (_req, res) => res.end('a'),
      ),
    );
    const traceparent =
      '00-80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-01';

    await get(`${server.url}/a/v1/a1`, { traceparent });
    await get(`${server.url}/a/v1/a2`, { traceparent });

    const unwrapped = t.span('a1');
    expect(unwrapped.kind).toBe(SpanKind.SERVER);
    expect(parentIdOf(unwrapped)).toBe('e457b5a2e4d86bd1');
    expect(unwrapped.spanContext().traceId).toBe(
      '80f198ee56343ba864fe8b2a57d3eff7',
    );
    expect(attr(unwrapped, HOP_PATH_ATTR)).toBe('svc-test:a1');
    const wrapped = t.span('a2');
    const serverSpans = t.spans().filter((s) => s.kind === SpanKind.SERVER);
    expect(serverSpans.map((s) => s.name)).toEqual(['a1', 'GET']);
    expect(wrapped.kind).toBe(SpanKind.INTERNAL);
    expect(parentIdOf(wrapped)).toBe(serverSpans[1]!.spanContext().spanId);
  });
});
