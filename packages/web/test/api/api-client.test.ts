import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/api/api-client.js';
import { ApiError, readErrorMessage } from '../../src/api/api-error.js';

function fakeFetch(
  status: number,
  body: unknown,
  seen: string[] = [],
): typeof fetch {
  return (input) => {
    seen.push(input instanceof Request ? input.url : input.toString());
    return Promise.resolve(
      new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status,
      }),
    );
  };
}

describe('createApiClient', () => {
  it('prefixes the API base and encodes the path key as one segment', async () => {
    const seen: string[] = [];
    const client = createApiClient('/jaeger', {
      fetchFn: fakeFetch(
        200,
        { count: 0, bucketsPerDecade: 60, buckets: [] },
        seen,
      ),
    });
    await client.getPathHistogram('svc-a:a3 > svc-e:e1', [['lookback', '1h']]);
    expect(seen).toEqual([
      '/jaeger/api/paths/svc-a%3Aa3%20%3E%20svc-e%3Ae1/histogram?lookback=1h',
    ]);
  });

  it('unwraps a trace from Jaeger’s envelope', async () => {
    const client = createApiClient('', {
      fetchFn: fakeFetch(200, {
        data: [{ traceID: 'ab', spans: [], processes: {} }],
      }),
    });
    await expect(client.getTrace('ab')).resolves.toMatchObject({
      traceID: 'ab',
    });
  });

  it('rejects with the status and the server’s message', async () => {
    const client = createApiClient('', {
      fetchFn: fakeFetch(404, {
        data: null,
        errors: [{ code: 404, msg: 'trace not found' }],
      }),
    });
    const error = await client.getTrace('ff').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, message: 'trace not found' });
  });

  it('reports a collector it cannot reach as status 0', async () => {
    const client = createApiClient('', {
      fetchFn: () => Promise.reject(new TypeError('fetch failed')),
    });
    await expect(client.getServices()).rejects.toMatchObject({ status: 0 });
  });
});

describe('createApiClient with a token', () => {
  it('sends the current token as a bearer token on every call', async () => {
    const headers: (string | null)[] = [];
    let token: string | null = 'first';
    const client = createApiClient('', {
      token: () => token,
      fetchFn: (_input, init) => {
        headers.push(new Headers(init?.headers).get('authorization'));
        return Promise.resolve(new Response('{"data":[]}'));
      },
    });
    await client.getServices();
    token = 'second';
    await client.getServices();
    token = null;
    await client.getServices();
    expect(headers).toEqual(['Bearer first', 'Bearer second', null]);
  });

  it('reports a 401 with the token that call carried', async () => {
    const reported: (string | null)[] = [];
    const client = createApiClient('', {
      token: () => 'wrong',
      fetchFn: fakeFetch(401, {
        data: null,
        errors: [{ code: 401, msg: 'missing or wrong bearer token' }],
      }),
      onUnauthorized: (sent) => reported.push(sent),
    });
    await expect(client.getServices()).rejects.toMatchObject({ status: 401 });
    expect(reported).toEqual(['wrong']);
  });
});

describe('readErrorMessage', () => {
  it('falls back to the body text, then to the status', () => {
    expect(readErrorMessage(503, 'The UI is not built.\n')).toBe(
      'The UI is not built.',
    );
    expect(readErrorMessage(500, '')).toBe('HTTP 500');
  });
});
