import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import { getJson } from './span-builders.js';

let collector: TestCollector;
beforeAll(async () => {
  collector = await startTestCollector({ basePath: '/jaeger' });
});
afterAll(async () => {
  await collector.close();
});

describe('GET /api/traces with a bad parameter', () => {
  it.each([
    ['', "parameter 'service' is required"],
    ['service=a&start=yesterday', "unable to parse param 'start'"],
    ['service=a&end=1.5', "unable to parse param 'end'"],
    ['service=a&start=20&end=10', "'start' (20) is after 'end' (10)"],
    ['service=a&lookback=forever', "unable to parse param 'lookback'"],
    ['service=a&limit=-1', "'limit' must be between 0 and"],
    ['service=a&limit=2.5', "unable to parse param 'limit'"],
    ['service=a&limit=ten', "unable to parse param 'limit'"],
    ['service=a&limit=3000000000', "'limit' must be between 0 and"],
    ['service=a&limit=20001', "'limit' must be between 0 and 20000, got 20001"],
    ['service=a&offset=-3', "'offset' must be at least 0"],
    ['service=a&offset=x', "unable to parse param 'offset'"],
    ['service=a&minDuration=5', "unable to parse param 'minDuration'"],
    ['service=a&maxDuration=1.2parsecs', "unable to parse param 'maxDuration'"],
    [
      'service=a&minDuration=2s&maxDuration=1s',
      "'maxDuration' should be greater than 'minDuration'",
    ],
    ['service=a&orderBy=name', "'orderBy' must be startTime or duration"],
    ['service=a&direction=up', "'direction' must be asc or desc"],
    ['service=a&tags=%7Bnope', "malformed 'tags' parameter"],
    ['service=a&tags=%5B1%5D', "malformed 'tags' parameter"],
    ['service=a&tags=%7B%22a%22%3A1%7D', "malformed 'tags' parameter"],
    [
      'service=a&tag=novalue',
      "malformed 'tag' parameter, expecting key:value, received: novalue",
    ],
    ['traceID=zz', 'cannot parse traceID param'],
  ])('answers 400 in the Jaeger envelope for "%s"', async (query, message) => {
    const { status, body } = await getJson(
      `${collector.queryUrl}/api/traces?${query}`,
    );
    expect(status).toBe(400);
    expect(body).toEqual({
      data: null,
      total: 0,
      limit: 0,
      offset: 0,
      errors: [{ code: 400, msg: expect.stringContaining(message) as string }],
    });
  });

  it('accepts limit=0 as the default limit, as Jaeger storage does', async () => {
    const { status, body } = await getJson(
      `${collector.queryUrl}/api/traces?service=a&limit=0`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ limit: 100 });
  });

  it('accepts the Jaeger UI sending lookback=custom next to start and end', async () => {
    const { status } = await getJson(
      `${collector.queryUrl}/api/traces?service=a&start=1&end=2&lookback=custom`,
    );
    expect(status).toBe(200);
  });
});
