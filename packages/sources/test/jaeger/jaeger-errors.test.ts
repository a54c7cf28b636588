import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '@pathprof/sources';
import type { JaegerQuery } from '../../src/jaeger/jaeger-query.js';
import type { JaegerSourceOptions } from '../../src/jaeger/read-jaeger-traces.js';
import { readJaegerTraces } from '../../src/jaeger/read-jaeger-traces.js';
import type { FakeJaeger, FakeRoute } from './fake-jaeger.js';
import {
  findClosedPort,
  json,
  readFixture,
  readSharedTrace,
  startFakeJaeger,
} from './fake-jaeger.js';

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0) * 1000;
const FAST: JaegerSourceOptions = {
  retries: 0,
  retryDelayMillis: 1,
  timeoutMillis: 5000,
};
const STORAGE_DOWN =
  '{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":500,"msg":"storage unavailable"}]}';

let fake: FakeJaeger | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function query(baseUrl: string): JaegerQuery {
  return {
    baseUrl,
    service: 'frontend',
    startMicros: T0,
    endMicros: T0 + 600_000_000,
    limit: 20,
  };
}

/** Runs the reader to the end and returns the `SourceError` it threw. */
async function failure(
  baseUrl: string,
  options: JaegerSourceOptions = {},
): Promise<SourceError> {
  try {
    const batches = readJaegerTraces(query(baseUrl), { ...FAST, ...options });
    while ((await batches.next()).done !== true) {
      // drain
    }
  } catch (err) {
    expect(err).toBeInstanceOf(SourceError);
    const error = err as SourceError;
    expect(error.message).not.toMatch(/\n\s+at /); // no stack trace in the message
    return error;
  }
  throw new Error('expected a SourceError');
}

/** A v1 Jaeger whose search endpoint answers with `search`. */
async function serveV1Search(search: FakeRoute): Promise<FakeJaeger> {
  fake = await startFakeJaeger((req) => {
    if (req.path === '/api/services') {
      return json(readFixture('v1-services.json'));
    }
    return req.path === '/api/traces' ? search(req) : undefined;
  });
  return fake;
}

function searches(server: FakeJaeger): number {
  return server.requests.filter((r) => r.path === '/api/traces').length;
}

describe('readJaegerTraces errors', () => {
  it('reports a refused connection, naming the URL', async () => {
    const port = await findClosedPort();
    const error = await failure(`http://127.0.0.1:${port}`);
    expect(error.reason).toBe('connect');
    expect(error.message).toBe(
      `cannot connect to Jaeger at http://127.0.0.1:${port}/api/services: connection refused (ECONNREFUSED)`,
    );
  });

  it('retries a refused connection a bounded number of times', async () => {
    const port = await findClosedPort();
    const error = await failure(`http://127.0.0.1:${port}`, { retries: 2 });
    expect(error.message).toMatch(
      /connection refused \(ECONNREFUSED\) \(after 3 attempts\)$/,
    );
  });

  it('retries a 500 and then reports its status and Jaeger message', async () => {
    const server = await serveV1Search(() => json(STORAGE_DOWN, 500));
    const error = await failure(server.url, { retries: 2 });
    expect(searches(server)).toBe(3);
    expect(error).toMatchObject({ reason: 'http', status: 500 });
    expect(error.message).toMatch(
      /^Jaeger at http:\/\/127\.0\.0\.1:\d+\/api\/traces\?service=frontend&\S+ answered 500 Internal Server Error: storage unavailable \(after 3 attempts\)$/,
    );
  });

  it('recovers when a retry succeeds', async () => {
    let calls = 0;
    const server = await serveV1Search(() =>
      ++calls === 1
        ? json(STORAGE_DOWN, 503)
        : json(readSharedTrace('jaeger-follows-from-issue115.jaeger.json')),
    );
    const batches = [];
    for await (const batch of readJaegerTraces(query(server.url), {
      ...FAST,
      retries: 2,
    })) {
      batches.push(batch);
    }
    expect(searches(server)).toBe(2);
    expect(batches).toHaveLength(1);
  });

  it("surfaces the message of Jaeger's 400 envelope without retrying", async () => {
    const server = await serveV1Search(() =>
      json(readFixture('v1-error-400.json'), 400),
    );
    const error = await failure(server.url, { retries: 2 });
    expect(searches(server)).toBe(1);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(
      / answered 400 Bad Request: 'maxDuration' should be greater than 'minDuration'$/,
    );
  });

  it('reports an answer that is not JSON', async () => {
    const server = await serveV1Search(() => ({
      status: 200,
      body: '<html>\n<body>Login</body></html>',
      contentType: 'text/html',
    }));
    const error = await failure(server.url);
    expect(error.reason).toBe('not-json');
    expect(error.message).toMatch(
      /^Jaeger at http:\/\/127\.0\.0\.1:\d+\/api\/traces\?\S+ answered 200 with a body that is not JSON \(text\/html\): "<html> <body>Login<\/body><\/html>"$/,
    );
  });

  it('reports JSON of the wrong shape', async () => {
    const server = await serveV1Search(() => json('{"traces":[]}'));
    expect((await failure(server.url)).reason).toBe('bad-shape');
  });

  it('reports an error object inside an api_v3 stream', async () => {
    fake = await startFakeJaeger((req) => {
      if (req.path === '/api/v3/services') {
        return json(readFixture('v3-services.json'));
      }
      return req.path === '/api/v3/traces'
        ? json(
            `${readFixture('v3-find-traces-snapshot.json')}{"error":{"httpCode":500,"message":"stream broke"}}`,
          )
        : undefined;
    });
    const error = await failure(fake.url);
    expect(error.message).toMatch(/ answered an error: stream broke$/);
  });

  it('gives up after the configured timeout', async () => {
    fake = await startFakeJaeger(() => ({
      delayMillis: 2000,
      body: '{"data":[]}',
    }));
    const started = Date.now();
    const error = await failure(fake.url, { timeoutMillis: 100 });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error.reason).toBe('timeout');
    expect(error.message).toBe(
      `Jaeger at ${fake.url}/api/services did not answer within 100 ms`,
    );
  });

  it('names both URLs when no query API answers', async () => {
    fake = await startFakeJaeger(() => undefined);
    const error = await failure(`${fake.url}/wrong`);
    expect(error.reason).toBe('no-api');
    expect(error.message).toBe(
      `no Jaeger query API at ${fake.url}/wrong: GET ${fake.url}/wrong/api/services answered 404, ` +
        `GET ${fake.url}/wrong/api/v3/services answered 404; check the URL and its base path (e.g. http://host:16686/jaeger)`,
    );
  });

  it('reports a 401 at detection instead of probing api_v3', async () => {
    fake = await startFakeJaeger(() => ({
      status: 401,
      body: 'Unauthorized',
      contentType: 'text/plain',
    }));
    const error = await failure(fake.url);
    expect(error).toMatchObject({ reason: 'http', status: 401 });
    expect(fake.requests).toHaveLength(1);
    expect(error.message).toBe(
      `Jaeger at ${fake.url}/api/services answered 401 Unauthorized`,
    );
  });

  it('stops when the caller aborts', async () => {
    fake = await startFakeJaeger(() => ({
      delayMillis: 2000,
      body: '{"data":[]}',
    }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(
      (await failure(fake.url, { signal: controller.signal })).reason,
    ).toBe('aborted');
  });

  it('serialises without the stack', async () => {
    const port = await findClosedPort();
    const error = await failure(`http://127.0.0.1:${port}`);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'PATHPROF_ERR_JAEGER',
      message: error.message,
      details: { url: error.url, reason: 'connect' },
    });
  });
});
