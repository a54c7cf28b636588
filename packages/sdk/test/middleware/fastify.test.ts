import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fastifyProfiler, HOP_PATH_ATTR, profiled } from '../../src/index.js';
import { attr, parentIdOf, sleep, startTestTracing } from '../helpers.js';

const TRACE_ID = '80f198ee56343ba864fe8b2a57d3eff7';
const SPAN_ID = 'e457b5a2e4d86bd1';

describe('fastifyProfiler', () => {
  const t = startTestTracing();
  let app: FastifyInstance | undefined;
  beforeEach(() => t.exporter.reset());
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function serve(build: (app: FastifyInstance) => void): Promise<string> {
    app = Fastify();
    await app.register(fastifyProfiler);
    build(app);
    return app.listen({ port: 0, host: '127.0.0.1' });
  }

  it('records a SERVER hop named after the route URL, child of the incoming B3 context', async () => {
    const url = await serve((a) =>
      a.get('/b/v1/b1/:id', async () => {
        await sleep(1);
        return { ok: true };
      }),
    );

    await fetch(`${url}/b/v1/b1/7`, {
      headers: {
        'x-b3-traceid': TRACE_ID,
        'x-b3-spanid': SPAN_ID,
        'x-b3-sampled': '1',
      },
    });

    const span = t.span('/b/v1/b1/:id');
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(parentIdOf(span)).toBe(SPAN_ID);
    expect(span.attributes).toMatchObject({
      'http.route': '/b/v1/b1/:id',
      'http.response.status_code': 200,
    });
  });

  it('runs the handler inside the hop, also after the body was parsed', async () => {
    const roll = profiled('roll', (n: number) => n * 2);
    const url = await serve((a) =>
      a.post('/rolldice', async (request) => {
        await sleep(1);
        return { rolls: roll((request.body as { count: number }).count) };
      }),
    );

    const response = await fetch(`${url}/rolldice`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 3 }),
    });

    expect(await response.json()).toEqual({ rolls: 6 });
    expect(parentIdOf(t.span('roll'))).toBe(
      t.span('/rolldice').spanContext().spanId,
    );
    expect(attr(t.span('roll'), HOP_PATH_ATTR)).toBe(
      'svc-test:/rolldice > svc-test:roll',
    );
  });

  it('records the exception of a failing handler', async () => {
    const url = await serve((a) =>
      a.get('/fail', () => {
        throw new Error('handler failed');
      }),
    );

    expect((await fetch(`${url}/fail`)).status).toBe(500);

    const span = t.span('/fail');
    expect(span.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'handler failed',
    });
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('does not profile unrouted requests', async () => {
    const url = await serve(() => {});

    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
    expect(t.spans()).toEqual([]);
  });

  it('takes hop names from the hopName option', async () => {
    app = Fastify();
    await app.register(fastifyProfiler, {
      hopName: (request) => request.routeOptions?.url?.replace(/^\//, ''),
    });
    app.get('/c1', () => 'ok');
    const url = await app.listen({ port: 0, host: '127.0.0.1' });

    await fetch(`${url}/c1`);

    expect(t.spans().map((s) => s.name)).toEqual(['c1']);
  });

  it('still serves the request when hopName throws', async () => {
    app = Fastify();
    await app.register(fastifyProfiler, {
      hopName: () => {
        throw new Error('bad namer');
      },
    });
    app.get('/c2', () => 'served');
    const url = await app.listen({ port: 0, host: '127.0.0.1' });

    expect(await (await fetch(`${url}/c2`)).text()).toBe('served');
    expect(t.spans()).toEqual([]);
  });
});
