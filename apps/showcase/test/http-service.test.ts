import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Route } from '../src/server/http-service.js';
import { sendText } from '../src/server/http-service.js';
import type { TestService } from './helpers.js';
import { get, startTestService } from './helpers.js';

let running: TestService | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const echo: Route = {
  handle: (_req, res, params) => {
    sendText(res, 200, `echo ${params.join('/')}`);
    return Promise.resolve();
  },
  maxParams: 2,
};

describe('the generic service server', () => {
  it('answers /healthz and /health', async () => {
    running = await startTestService('/x/v1', new Map());
    expect(await get(`${running.url}/healthz`)).toMatchObject({
      status: 200,
      body: 'ok\n',
    });
    expect((await get(`${running.url}/health`)).status).toBe(200);
  });

  it('routes below the mount point, with path parameters', async () => {
    running = await startTestService('/x/v1', new Map([['echo', echo]]));
    expect((await get(`${running.url}/x/v1/echo`)).body).toBe('echo ');
    expect((await get(`${running.url}/x/v1/echo/1/2`)).body).toBe('echo 1/2');
    expect((await get(`${running.url}/x/v1/echo/1/2/3`)).status).toBe(404);
    expect((await get(`${running.url}/x/v1/other`)).status).toBe(404);
    expect((await get(`${running.url}/y/v1/echo`)).status).toBe(404);
    expect((await get(`${running.url}/x/v1echo`)).status).toBe(404);
  });

  it('serves the metrics text at /metrics when the service has metrics', async () => {
    running = await startTestService('/x/v1', new Map(), () => 'm 1\n');
    const answer = await get(`${running.url}/metrics`);
    expect(answer.body).toBe('m 1\n');
    expect(answer.headers['content-type']).toContain('text/plain');
  });

  it('logs one line per request with method, path, status and duration', async () => {
    running = await startTestService('/x/v1', new Map([['echo', echo]]));
    await get(`${running.url}/x/v1/echo?q=1`, {
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    await sleep(10);
    expect(running.logs.map((l) => l.event)).toEqual(['request']);
    expect(running.logs[0]!.fields).toMatchObject({
      method: 'GET',
      path: '/x/v1/echo',
      status: 200,
      traceId: '0af7651916cd43dd8448eb211c80319c',
    });
    expect(typeof running.logs[0]!.fields.durationMs).toBe('number');
  });

  it('answers 500 and logs the error when a handler throws', async () => {
    const failing: Route = { handle: () => Promise.reject(new Error('boom')) };
    running = await startTestService('/x/v1', new Map([['fail', failing]]));
    const answer = await get(`${running.url}/x/v1/fail`);
    expect(answer).toMatchObject({ status: 500, body: 'boom\n' });
    expect(running.logs.map((l) => l.event)).toContain('error');
  });

  it('finishes in-flight requests on close, refusing new connections', async () => {
    const slow: Route = {
      handle: async (_req, res) => {
        await sleep(300);
        sendText(res, 200, 'done');
      },
    };
    running = await startTestService('/x/v1', new Map([['slow', slow]]));
    const url = running.url;
    const inFlight = get(`${url}/x/v1/slow`);
    await sleep(50);
    const closed = running.close();
    running = undefined;
    expect(await inFlight).toMatchObject({ status: 200, body: 'done' });
    await closed;
    await expect(get(`${url}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
  });
});
