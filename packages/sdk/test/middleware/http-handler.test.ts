import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HOP_CPU_MS_ATTR,
  HOP_NAME_ATTR,
  HOP_WALL_MS_ATTR,
  profileHttpHandler,
} from '../../src/index.js';
import { countOpenMeters } from '../../src/hops/slice-meter.js';
import {
  attr,
  burnCpu,
  numberAttr,
  parentIdOf,
  sleep,
  startTestTracing,
} from '../helpers.js';
import type { LocalServer } from './local-server.js';
import { listenLocally } from './local-server.js';

const TRACE_ID = '80f198ee56343ba864fe8b2a57d3eff7';
const SPAN_ID = 'e457b5a2e4d86bd1';

function fakeExchange(): { req: IncomingMessage; res: ServerResponse } {
  const req = new IncomingMessage(new Socket());
  req.method = 'GET';
  req.url = '/direct';
  return { req, res: new ServerResponse(req) };
}

describe('profileHttpHandler', () => {
  const t = startTestTracing();
  let server: LocalServer | undefined;
  afterAll(() => t.tracing.shutdown());
  beforeEach(() => t.exporter.reset());
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('records each request as a SERVER hop, child of the incoming traceparent', async () => {
    server = await listenLocally(
      profileHttpHandler('a1', (_req, res) => {
        res.end('ok');
      }),
    );

    const response = await fetch(`${server.url}/a/v1/a1?x=1`, {
      headers: { traceparent: `00-${TRACE_ID}-${SPAN_ID}-01` },
    });
    expect(await response.text()).toBe('ok');

    const span = t.span('a1');
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(parentIdOf(span)).toBe(SPAN_ID);
    expect(span.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.path': '/a/v1/a1',
      'http.response.status_code': 200,
      [HOP_NAME_ATTR]: 'a1',
    });
  });

  it('continues the trace Envoy sends in B3 multi-headers with a 64-bit trace ID', async () => {
    server = await listenLocally(
      profileHttpHandler('b1', (_req, res) => res.end()),
    );

    await fetch(server.url, {
      headers: {
        'x-request-id': 'r-1',
        'x-b3-traceid': '463ac35c9f6413ad',
        'x-b3-spanid': SPAN_ID,
        'x-b3-sampled': '1',
      },
    });

    const span = t.span('b1');
    expect(span.spanContext().traceId).toBe('0000000000000000463ac35c9f6413ad');
    expect(parentIdOf(span)).toBe(SPAN_ID);
  });

  it('starts a new trace when the incoming headers are malformed', async () => {
    server = await listenLocally(
      profileHttpHandler('c1', (_req, res) => res.end()),
    );

    const response = await fetch(server.url, {
      headers: {
        traceparent: 'garbage',
        b3: 'nonsense',
        'uber-trace-id': '::',
      },
    });

    expect(response.status).toBe(200);
    expect(parentIdOf(t.span('c1'))).toBeUndefined();
  });

  it('names the hop per request with a function', async () => {
    server = await listenLocally(
      profileHttpHandler(
        (req) => req.url!.slice(1),
        (_req, res) => res.end(),
      ),
    );

    await fetch(`${server.url}/d1`);

    expect(t.spans().map((s) => s.name)).toEqual(['d1']);
  });

  it('ends the hop when the response finishes, after the handler returned', async () => {
    server = await listenLocally(
      profileHttpHandler('late', (_req, res) => {
        setTimeout(() => res.end('late'), 30);
      }),
    );

    await (await fetch(server.url)).text();

    expect(numberAttr(t.span('late'), HOP_WALL_MS_ATTR)).toBeGreaterThanOrEqual(
      25,
    );
  });

  it('ends the hop when the answer is handed to the socket, not after slower "finish" listeners', async () => {
    // A request logger on 'finish', registered before the hop (as the
    // showcase's is), runs 60 ms after the caller may have had its answer.
    const profiledListener = profileHttpHandler('logged', (_req, res) => {
      res.end('ok');
    });
    server = await listenLocally((req, res) => {
      res.on('finish', () => burnCpu(60));
      return profiledListener(req, res);
    });

    expect(await (await fetch(server.url)).text()).toBe('ok');
    await sleep(80);

    expect(numberAttr(t.span('logged'), HOP_WALL_MS_ATTR)).toBeLessThan(30);
  });

  it("stops counting CPU when the answer is ended: the work after res.end() is not the call's", async () => {
    // the handler answers at once, then burns 40 ms in the same tick
    server = await listenLocally(
      profileHttpHandler('tail', (_req, res) => {
        res.end('ok');
        burnCpu(40);
      }),
    );

    await (await fetch(server.url)).text();

    const span = t.span('tail');
    const wall = numberAttr(span, HOP_WALL_MS_ATTR);
    expect(numberAttr(span, HOP_CPU_MS_ATTR)).toBeLessThanOrEqual(wall + 1);
    expect(numberAttr(span, HOP_CPU_MS_ATTR)).toBeLessThan(20);
  });

  it('marks a 5xx answer as an error', async () => {
    server = await listenLocally(
      profileHttpHandler('e1', (_req, res) => {
        res.statusCode = 503;
        res.end();
      }),
    );

    await fetch(server.url);

    const span = t.span('e1');
    expect(span.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'HTTP 503',
    });
    expect(attr(span, 'http.response.status_code')).toBe(503);
  });

  it('charges two concurrent requests only their own CPU', async () => {
    server = await listenLocally(
      profileHttpHandler(
        (req) => req.url!.slice(1),
        async (req, res) => {
          if (req.url === '/busy') {
            await sleep(5);
            burnCpu(50);
          } else {
            await sleep(60);
          }
          res.end();
        },
      ),
    );

    await Promise.all([
      fetch(`${server.url}/idle`),
      fetch(`${server.url}/busy`),
    ]);

    const busy = numberAttr(t.span('busy'), HOP_CPU_MS_ATTR);
    expect(busy).toBeGreaterThanOrEqual(40);
    expect(busy).toBeLessThanOrEqual(80);
    expect(numberAttr(t.span('idle'), HOP_CPU_MS_ATTR)).toBeLessThan(5);
    expect(countOpenMeters()).toBe(0);
  });

  it('records a synchronous throw and rethrows it to the host', () => {
    const boom = new Error('sync boom');
    const listener = profileHttpHandler('f1', () => {
      throw boom;
    });
    const { req, res } = fakeExchange();

    expect(() => listener(req, res)).toThrow(boom);
    res.emit('close');

    const span = t.span('f1');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events[0]?.name).toBe('exception');
  });

  it('returns a promise that rejects like an async handler', async () => {
    const boom = new Error('async boom');
    const listener = profileHttpHandler('g1', async () => {
      await sleep(1);
      throw boom;
    });
    const { req, res } = fakeExchange();

    // Typed void like Node's listeners; for an async handler it returns its promise.
    const settled = listener(req, res) as unknown as Promise<void>;
    await expect(settled).rejects.toBe(boom);
    res.emit('close');

    expect(t.span('g1').status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'async boom',
    });
  });

  it('still serves the request, as hop "request", when naming the hop throws', async () => {
    server = await listenLocally(
      profileHttpHandler(
        () => {
          throw new Error('bad namer');
        },
        (_req, res) => res.end('still served'),
      ),
    );

    expect(await (await fetch(server.url)).text()).toBe('still served');
    expect(t.spans().map((s) => s.name)).toEqual(['request']);
  });
});
