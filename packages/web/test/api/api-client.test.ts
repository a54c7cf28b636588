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
    const client = createApiClient(
      '/jaeger',
      fakeFetch(200, { count: 0, bucketsPerDecade: 10, buckets: [] }, seen),
    );
    await client.getPathHistogram('svc-a:a3 > svc-e:e1', [['lookback', '1h']]);
    expect(seen).toEqual([
      '/jaeger/api/paths/svc-a%3Aa3%20%3E%20svc-e%3Ae1/histogram?lookback=1h',
    ]);
  });

  it('unwraps a trace from Jaeger’s envelope', async () => {
    const client = createApiClient(
      '',
      fakeFetch(200, { data: [{ traceID: 'ab', spans: [], processes: {} }] }),
    );
    await expect(client.getTrace('ab')).resolves.toMatchObject({
      traceID: 'ab',
    });
  });

  it('rejects with the status and the server’s message', async () => {
    const client = createApiClient(
      '',
      fakeFetch(404, {
        data: null,
        errors: [{ code: 404, msg: 'trace not found' }],
      }),
    );
    const error = await client.getTrace('ff').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, message: 'trace not found' });
  });

  it('reports a collector it cannot reach as status 0', async () => {
    const client = createApiClient('', () =>
      Promise.reject(new TypeError('fetch failed')),
    );
    await expect(client.getServices()).rejects.toMatchObject({ status: 0 });
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
