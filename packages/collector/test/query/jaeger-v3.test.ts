import { afterEach, describe, expect, it } from 'vitest';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import {
  T0,
  getJson,
  span,
  spanIdOf,
  toQuery,
  traceIdOf,
} from './span-builders.js';

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

const MIN = '2023-11-14T22:13:20Z'; // T0
const MAX = '2023-11-14T22:13:21.5Z';

async function startWithSpans(basePath: string): Promise<string> {
  collector = await startTestCollector({ basePath });
  await collector.store.appendSpans([
    span({
      trace: 1,
      id: 1,
      service: 'svc-a',
      op: 'GET /a',
      dur: 2500,
      status: 'error',
      statusMessage: 'boom',
      attributes: { n: 7, f: 0.5, list: ['x', true] },
      resource: { 'host.name': 'h1' },
    }),
    span({
      trace: 1,
      id: 2,
      parent: 1,
      service: 'svc-b',
      op: 'GET /b',
      kind: 'unspecified',
      status: 'ok',
      start: 10,
      events: [{ timeMicros: T0 + 11, name: 'retry', attributes: {} }],
    }),
    span({ trace: 2, id: 3, service: 'svc-a', op: 'GET /a', start: 2_000_000 }),
  ]);
  return collector.queryUrl;
}

describe.each(['', '/jaeger'])('api_v3 under base path "%s"', (basePath) => {
  it('lists services', async () => {
    const url = await startWithSpans(basePath);
    expect((await getJson(`${url}/api/v3/services`)).body).toEqual({
      services: ['svc-a', 'svc-b'],
    });
  });

  it('lists operations with span kinds, internal for an unspecified kind', async () => {
    const url = await startWithSpans(basePath);
    expect(
      (await getJson(`${url}/api/v3/operations?service=svc-b`)).body,
    ).toEqual({
      operations: [{ name: 'GET /b', spanKind: 'internal' }],
    });
    expect(
      (await getJson(`${url}/api/v3/operations?service=svc-a&span_kind=client`))
        .body,
    ).toEqual({
      operations: [],
    });
  });

  it('answers a search as OTLP JSON in result, one resource per service, field by field', async () => {
    const url = await startWithSpans(basePath);
    const query = toQuery([
      ['query.serviceName', 'svc-a'],
      ['query.startTimeMin', MIN],
      ['query.startTimeMax', MAX],
    ]);
    const { status, body } = await getJson(`${url}/api/v3/traces?${query}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      result: {
        resourceSpans: [
          {
            resource: {
              attributes: [
                { key: 'host.name', value: { stringValue: 'h1' } },
                { key: 'service.name', value: { stringValue: 'svc-a' } },
              ],
            },
            scopeSpans: [
              {
                scope: {},
                spans: [
                  {
                    traceId: traceIdOf(1),
                    spanId: spanIdOf(1),
                    name: 'GET /a',
                    kind: 2,
                    startTimeUnixNano: `${T0}000`,
                    endTimeUnixNano: `${T0 + 2500}000`,
                    attributes: [
                      { key: 'f', value: { doubleValue: 0.5 } },
                      {
                        key: 'list',
                        value: {
                          arrayValue: {
                            values: [{ stringValue: 'x' }, { boolValue: true }],
                          },
                        },
                      },
                      { key: 'n', value: { intValue: '7' } },
                    ],
                    status: { message: 'boom', code: 2 },
                  },
                ],
              },
            ],
          },
          {
            resource: {
              attributes: [
                { key: 'service.name', value: { stringValue: 'svc-b' } },
              ],
            },
            scopeSpans: [
              {
                scope: {},
                spans: [
                  {
                    traceId: traceIdOf(1),
                    spanId: spanIdOf(2),
                    parentSpanId: spanIdOf(1),
                    name: 'GET /b',
                    startTimeUnixNano: `${T0 + 10}000`,
                    endTimeUnixNano: `${T0 + 1010}000`,
                    events: [{ timeUnixNano: `${T0 + 11}000`, name: 'retry' }],
                    status: { code: 1 },
                  },
                ],
              },
            ],
          },
        ],
      },
    });
  });

  it('reads the deprecated snake_case names too', async () => {
    const url = await startWithSpans(basePath);
    const query = toQuery([
      ['query.service_name', 'svc-a'],
      ['query.start_time_min', MIN],
      ['query.start_time_max', '2023-11-14T23:13:25+01:00'],
      ['query.num_traces', 1],
    ]);
    const { body } = await getJson<{
      result: {
        resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[];
      };
    }>(`${url}/api/v3/traces?${query}`);
    const traceIds = body.result.resourceSpans.flatMap((r) =>
      r.scopeSpans[0]!.spans.map((s) => s.traceId),
    );
    expect(new Set(traceIds)).toEqual(new Set([traceIdOf(2)]));
  });

  it('answers one trace by id, 404 when unknown', async () => {
    const url = await startWithSpans(basePath);
    const found = await getJson<{ result: { resourceSpans: unknown[] } }>(
      `${url}/api/v3/traces/${traceIdOf(2)}?start_time=${MIN}`,
    );
    expect(found.status).toBe(200);
    expect(found.body.result.resourceSpans).toHaveLength(1);
    const missing = await getJson(`${url}/api/v3/traces/${traceIdOf(9)}`);
    expect(missing).toMatchObject({
      status: 404,
      body: { error: { httpCode: 404, message: 'No traces found' } },
    });
  });

  it('answers 404 No traces found for an empty search, as api_v3 does', async () => {
    const url = await startWithSpans(basePath);
    const query = toQuery([
      ['query.serviceName', 'nobody'],
      ['query.startTimeMin', MIN],
      ['query.startTimeMax', MAX],
    ]);
    expect(await getJson(`${url}/api/v3/traces?${query}`)).toMatchObject({
      status: 404,
      body: { error: { httpCode: 404, message: 'No traces found' } },
    });
  });
});

describe('api_v3 bad parameters', () => {
  const window = `query.startTimeMin=${MIN}&query.startTimeMax=${MAX}`;
  it.each([
    [
      'traces?query.serviceName=a',
      'query.startTimeMin and query.startTimeMax are required',
    ],
    [
      `traces?query.startTimeMin=yesterday&query.startTimeMax=${MAX}`,
      'malformed parameter query.startTimeMin',
    ],
    [
      `traces?query.start_time_min=${MIN}&query.start_time_max=2023-13-01T00:00:00Z`,
      'malformed parameter query.start_time_max',
    ],
    [
      `traces?query.startTimeMin=${MAX}&query.startTimeMax=${MIN}`,
      'query.startTimeMin must be before query.startTimeMax',
    ],
    [
      `traces?${window}&query.searchDepth=0`,
      'malformed parameter query.searchDepth',
    ],
    [
      `traces?${window}&query.searchDepth=20001`,
      'is not an integer from 1 to 20000',
    ],
    [
      `traces?${window}&query.num_traces=x`,
      'malformed parameter query.num_traces',
    ],
    [
      `traces?${window}&query.durationMin=5`,
      'malformed parameter query.durationMin',
    ],
    [
      `traces?${window}&query.duration_max=soon`,
      'malformed parameter query.duration_max',
    ],
    [
      `traces?${window}&query.attributes=%5B%5D`,
      'malformed parameter query.attributes',
    ],
    [
      `traces?${window}&query.rawTraces=maybe`,
      'malformed parameter query.rawTraces',
    ],
    ['traces/not-hex', 'malformed parameter trace_id'],
    [`traces/${traceIdOf(1)}?end_time=later`, 'malformed parameter end_time'],
    ['operations?service=a&spanKind=odd', "'spanKind' must be one of"],
  ])('answers 400 in api_v3 error shape for %s', async (path, message) => {
    collector = await startTestCollector();
    const { status, body } = await getJson(
      `${collector.queryUrl}/api/v3/${path}`,
    );
    expect(status).toBe(400);
    expect(body).toEqual({
      error: {
        httpCode: 400,
        message: expect.stringContaining(message) as string,
      },
    });
  });
});
