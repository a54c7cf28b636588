/**
 * A web page the user opens cannot use a collector on loopback: not by
 * rebinding its own name to 127.0.0.1 (foreign `Host`), and not by posting
 * spans across origins without a preflight (`Origin`, `Sec-Fetch-Site`).
 * Requests are sent with node:http so that `Host` and `Origin` are exactly
 * what a browser would send.
 */
import { request } from 'node:http';
import type { OutgoingHttpHeaders } from 'node:http';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { afterEach, describe, expect, it } from 'vitest';
import { writeThriftBatch } from '../../../engine/test/ingest/write-jaeger-thrift.js';
import { createBrowserGuard } from '../../src/server/guard-browser-requests.js';
import { recordSdkSpans } from '../ingest/ingest-test-helpers.js';
import { startCollectorWithEveryReceiver } from '../receivers/receiver-test-helpers.js';
import type { TestCollector } from '../test-collector.js';

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** One request with exactly these headers (node:http adds `Host` only when it is not given). */
function send(
  url: string,
  method: string,
  headers: OutgoingHttpHeaders,
  body?: string | Uint8Array,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const ZIPKIN_SPAN = JSON.stringify([
  {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    id: 'b7ad6b7169203331',
    name: 'get /x',
    timestamp: 1_700_000_000_000_000,
    duration: 1000,
    localEndpoint: { serviceName: 'from-a-page' },
  },
]);

const EVIL = 'http://evil.example';

async function forbidden(c: TestCollector): Promise<number> {
  const text = await (await fetch(`${c.urls.query!}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) =>
      l.startsWith('pathprof_requests_rejected_total{reason="forbidden"} '),
    );
  return Number(line?.split(' ')[1]);
}

describe('cross-origin writes', () => {
  it('refuses a Zipkin POST without Content-Type from another origin, which needs no preflight, and stores nothing', async () => {
    collector = await startCollectorWithEveryReceiver();
    const res = await send(
      `${collector.urls.zipkin!}/api/v2/spans`,
      'POST',
      { origin: EVIL },
      ZIPKIN_SPAN,
    );
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toEqual({
      code: 7,
      message:
        'a POST from the page origin "http://evil.example" is refused: no CORS rule allows it (--cors-origin, on the query port)',
    });
    await collector.flush();
    expect(await collector.store.listServices()).toEqual([]);
    expect(await forbidden(collector)).toBe(1);
  });

  it('refuses a cross-site POST that names no Origin but says Sec-Fetch-Site', async () => {
    collector = await startCollectorWithEveryReceiver();
    const res = await send(
      `${collector.urls.zipkin!}/api/v2/spans`,
      'POST',
      { 'sec-fetch-site': 'cross-site' },
      ZIPKIN_SPAN,
    );
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({
      message:
        'a POST from a page of another site is refused: no CORS rule (--cors-origin) allows it',
    });
  });

  it('refuses cross-origin writes on every HTTP ingest port and the query port', async () => {
    collector = await startCollectorWithEveryReceiver();
    const otlp = await send(
      `${collector.urls.otlp!}/v1/traces`,
      'POST',
      { origin: EVIL, 'content-type': 'application/json' },
      JsonTraceSerializer.serializeRequest(recordSdkSpans())!,
    );
    const thrift = await send(
      `${collector.urls.jaegerThriftHttp!}/api/traces`,
      'POST',
      { origin: 'null', 'content-type': 'application/x-thrift' },
      writeThriftBatch({
        serviceName: 'svc',
        spans: [
          {
            traceIdLow: '00000000000000e1',
            spanId: '00000000000000a1',
            operationName: 'a1',
            startTime: 1_700_000_000_000_000,
            duration: 1000,
          },
        ],
      }),
    );
    const transform = await send(
      `${collector.queryUrl}/api/transform`,
      'POST',
      { origin: EVIL, 'content-type': 'text/plain' },
      '{"resourceSpans": []}',
    );
    expect([otlp.status, thrift.status, transform.status]).toEqual([
      403, 403, 403,
    ]);
    expect(JSON.parse(transform.body)).toMatchObject({
      data: null,
      errors: [{ code: 403 }],
    });
    await collector.flush();
    expect(await collector.store.listServices()).toEqual([]);
  });

  it('takes writes from its own origin, from origins a CORS rule allows, and from clients that name no origin', async () => {
    collector = await startCollectorWithEveryReceiver({
      corsOrigins: ['http://ui.example'],
    });
    const zipkin = `${collector.urls.zipkin!}/api/v2/spans`;
    const own = await send(
      zipkin,
      'POST',
      { origin: collector.urls.zipkin!, 'sec-fetch-site': 'same-origin' },
      ZIPKIN_SPAN,
    );
    expect(own.status).toBe(202);
    const plain = await send(zipkin, 'POST', {}, ZIPKIN_SPAN);
    expect(plain.status).toBe(202);
    const allowed = await send(
      `${collector.queryUrl}/api/transform`,
      'POST',
      { origin: 'http://ui.example', 'sec-fetch-site': 'cross-site' },
      '{"resourceSpans": []}',
    );
    expect(allowed.status).toBe(200);
    // CORS rules are the query port's: they do not open the ingest ports.
    const elsewhere = await send(
      zipkin,
      'POST',
      { origin: 'http://ui.example' },
      ZIPKIN_SPAN,
    );
    expect(elsewhere.status).toBe(403);
  });

  it('takes a same-origin write behind a proxy that forwards its own Host', async () => {
    collector = await startCollectorWithEveryReceiver({
      allowedHosts: ['pathprof.example.com'],
    });
    const res = await send(
      `${collector.queryUrl}/api/transform`,
      'POST',
      {
        origin: 'https://pathprof.example.com',
        'x-forwarded-host': 'pathprof.example.com',
      },
      '{"resourceSpans": []}',
    );
    expect(res.status).toBe(200);
  });

  it('lets cross-origin reads through: the browser withholds their answers without a CORS header', async () => {
    collector = await startCollectorWithEveryReceiver();
    const res = await send(`${collector.queryUrl}/api/services`, 'GET', {
      origin: EVIL,
    });
    expect(res.status).toBe(200);
    expect(res.body).not.toContain('access-control');
  });
});

describe('Host names on a loopback collector (DNS rebinding)', () => {
  it('refuses a name that is not loopback on the query port, the UI and every HTTP ingest port', async () => {
    collector = await startCollectorWithEveryReceiver();
    const port = collector.ports.query!;
    const traces = await send(`${collector.queryUrl}/api/services`, 'GET', {
      host: `evil.example:${port}`,
    });
    expect(traces.status).toBe(403);
    expect(JSON.parse(traces.body)).toEqual({
      data: null,
      total: 0,
      limit: 0,
      offset: 0,
      errors: [
        {
          code: 403,
          msg: `Host "evil.example:${port}" is not allowed: this collector listens on loopback and answers only loopback names such as localhost and 127.0.0.1; start it with --allowed-host evil.example to accept this name`,
        },
      ],
    });
    const ui = await send(`${collector.urls.query!}/`, 'GET', {
      host: 'evil.example',
    });
    expect(ui.status).toBe(403);
    for (const url of [
      `${collector.urls.zipkin!}/api/v2/spans`,
      `${collector.urls.otlp!}/v1/traces`,
      `${collector.urls.jaegerThriftHttp!}/api/traces`,
    ]) {
      const res = await send(url, 'POST', { host: 'evil.example' }, '[]');
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ code: 7 });
    }
    const rebound = await send(`${collector.urls.query!}/metrics`, 'GET', {
      host: '10.0.0.8',
    });
    expect(rebound.status).toBe(403);
  });

  it.each(['localhost', '127.0.0.1', 'app.localhost', '[::1]'])(
    'answers the loopback name %s',
    async (name) => {
      collector = await startCollectorWithEveryReceiver();
      const res = await send(`${collector.queryUrl}/api/services`, 'GET', {
        host: `${name}:${collector.ports.query!}`,
      });
      expect(res.status).toBe(200);
    },
  );

  it('answers the names given as allowed hosts, in any case', async () => {
    collector = await startCollectorWithEveryReceiver({
      allowedHosts: ['Pathprof.Internal'],
    });
    const res = await send(`${collector.queryUrl}/api/services`, 'GET', {
      host: 'pathprof.internal.',
    });
    expect(res.status).toBe(200);
  });
});

describe('gRPC ports and browsers', () => {
  it('give an HTTP/1.1 POST, all a browser could send there, no answer and store nothing', async () => {
    collector = await startCollectorWithEveryReceiver();
    for (const role of ['otlpGrpc', 'jaegerGrpc'] as const) {
      const sent = send(
        `http://127.0.0.1:${collector.ports[role]!}/opentelemetry.proto.collector.trace.v1.TraceService/Export`,
        'POST',
        { origin: EVIL },
        new Uint8Array([0, 0, 0, 0, 0]),
      );
      await expect(sent).rejects.toThrow();
    }
    expect(await collector.store.listServices()).toEqual([]);
  });
});

describe('createBrowserGuard', () => {
  it('checks no Host beyond loopback, where a token is the protection, but still refuses cross-origin writes', () => {
    const guard = createBrowserGuard({
      loopbackOnly: false,
      allowedHosts: [],
      corsOrigins: [],
    });
    expect(guard('GET', { host: 'pathprof.pathprof.svc:16686' })).toBeNull();
    expect(
      guard('POST', { host: 'pathprof.pathprof.svc:9411', origin: EVIL }),
    ).toMatchObject({ status: 403 });
    expect(
      guard('POST', {
        host: 'pathprof.example.com',
        origin: 'https://pathprof.example.com',
      }),
    ).toBeNull();
  });

  it('compares origins without their default ports', () => {
    const guard = createBrowserGuard({
      loopbackOnly: true,
      allowedHosts: [],
      corsOrigins: [],
    });
    expect(
      guard('PUT', { host: 'localhost:80', origin: 'http://localhost' }),
    ).toBeNull();
    expect(
      guard('DELETE', { host: 'localhost:8080', origin: 'http://localhost' }),
    ).toMatchObject({ status: 403 });
  });
});
