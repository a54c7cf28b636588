import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JaegerEnvelope } from '../../src/query/jaeger-envelope.js';
import type { JaegerTraceJson } from '@pathprof/engine';
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

type SearchAnswer = JaegerEnvelope<JaegerTraceJson[]>;

let collector: TestCollector;
let url: string;

/** Trace n starts at n ms and its root lasts (6 − n) ms; trace 5 is an error. */
beforeAll(async () => {
  collector = await startTestCollector({
    basePath: '/jaeger',
    nowMicros: () => T0 + 60_000_000,
  });
  url = collector.queryUrl;
  const spans = [];
  for (let n = 1; n <= 5; n++) {
    const start = n * 1000;
    // The child is appended first: the answer must still put the root first.
    spans.push(
      span({
        trace: n,
        id: n * 10 + 1,
        parent: n * 10,
        service: 'svc-e',
        op: 'e1',
        start,
        dur: 100,
        attributes: { shard: n % 2 },
      }),
      span({
        trace: n,
        id: n * 10,
        service: 'svc-a',
        op: n % 2 === 0 ? 'a2' : 'a1',
        start,
        dur: (6 - n) * 1000,
        status: n === 5 ? 'error' : 'unset',
      }),
    );
  }
  spans.push(
    span({ trace: 99, id: 990, service: 'svc-b', op: 'b1', start: 500 }),
  );
  await collector.store.appendSpans(spans);
});
afterAll(async () => {
  await collector.close();
});

async function search(
  pairs: [string, string | number][],
): Promise<SearchAnswer> {
  const { status, body } = await getJson<SearchAnswer>(
    `${url}/api/traces?${toQuery(pairs)}`,
  );
  expect(status).toBe(200);
  return body;
}

const ids = (body: SearchAnswer): string[] => body.data.map((t) => t.traceID);
const WINDOW: [string, number][] = [
  ['start', T0],
  ['end', T0 + 10_000],
];

describe('GET /api/traces (search)', () => {
  it("answers the seed aggregator's query with whole traces, root span first", async () => {
    const body = await search([
      ['service', 'svc-a'],
      ...WINDOW,
      ['limit', 10000],
    ]);
    expect(body).toMatchObject({
      total: 5,
      limit: 10000,
      offset: 0,
      errors: null,
    });
    expect(body.data).toHaveLength(5);
    for (const trace of body.data) {
      expect(Object.keys(trace)).toEqual([
        'traceID',
        'spans',
        'processes',
        'warnings',
      ]);
      expect(trace.spans).toHaveLength(2);
      expect(trace.spans[0]!.references).toEqual([]);
      expect(trace.spans[1]!.references[0]!.spanID).toBe(
        trace.spans[0]!.spanID,
      );
      expect(trace.processes[trace.spans[0]!.processID]!.serviceName).toBe(
        'svc-a',
      );
    }
  });

  it('orders by start time, newest first, by default', async () => {
    expect(ids(await search([['service', 'svc-a'], ...WINDOW]))).toEqual(
      [5, 4, 3, 2, 1].map((n) => traceIdOf(n).slice(16)),
    );
  });

  it('pages with limit and offset and reports every match as total', async () => {
    const body = await search([
      ['service', 'svc-a'],
      ...WINDOW,
      ['limit', 2],
      ['offset', 1],
    ]);
    expect(ids(body)).toEqual([4, 3].map((n) => traceIdOf(n).slice(16)));
    expect(body).toMatchObject({ total: 5, limit: 2, offset: 1 });
  });

  it('orders by duration ascending when asked', async () => {
    const body = await search([
      ['service', 'svc-a'],
      ...WINDOW,
      ['orderBy', 'duration'],
      ['direction', 'asc'],
    ]);
    expect(ids(body)).toEqual(
      [5, 4, 3, 2, 1].map((n) => traceIdOf(n).slice(16)),
    );
  });

  it('orders by start time ascending when asked', async () => {
    const body = await search([
      ['service', 'svc-a'],
      ...WINDOW,
      ['direction', 'asc'],
    ]);
    expect(ids(body)).toEqual(
      [1, 2, 3, 4, 5].map((n) => traceIdOf(n).slice(16)),
    );
  });

  it('filters by operation', async () => {
    const body = await search([
      ['service', 'svc-a'],
      ['operation', 'a2'],
      ...WINDOW,
    ]);
    expect(ids(body)).toEqual([4, 2].map((n) => traceIdOf(n).slice(16)));
  });

  it('filters by repeated tag=key:value and a tags JSON map together', async () => {
    const body = await search([
      ['service', 'svc-e'],
      ['tag', 'shard:1'],
      ['tags', '{"span.kind":"server"}'],
      ...WINDOW,
    ]);
    expect(ids(body)).toEqual([5, 3, 1].map((n) => traceIdOf(n).slice(16)));
    const errors = await search([
      ['service', 'svc-a'],
      ['tag', 'error:true'],
      ...WINDOW,
    ]);
    expect(ids(errors)).toEqual([traceIdOf(5).slice(16)]);
  });

  it('filters by Go durations', async () => {
    const body = await search([
      ['service', 'svc-a'],
      ['minDuration', '2ms'],
      ['maxDuration', '4000us'],
      ...WINDOW,
    ]);
    expect(ids(body)).toEqual([4, 3, 2].map((n) => traceIdOf(n).slice(16)));
  });

  it('keeps to the start/end window in µs', async () => {
    const body = await search([
      ['service', 'svc-a'],
      ['start', T0 + 2000],
      ['end', T0 + 3000],
    ]);
    expect(ids(body)).toEqual([3, 2].map((n) => traceIdOf(n).slice(16)));
  });

  it('defaults end to now and start to end minus lookback', async () => {
    expect(
      await search([
        ['service', 'svc-a'],
        ['lookback', '1m'],
      ]),
    ).toMatchObject({ total: 5 });
    expect(
      await search([
        ['service', 'svc-a'],
        ['lookback', '30s'],
      ]),
    ).toMatchObject({ total: 0, data: [] });
    expect(
      await search([
        ['service', 'svc-a'],
        ['lookback', '2d'],
      ]),
    ).toMatchObject({ total: 5 });
    expect(await search([['service', 'svc-a']])).toMatchObject({ total: 5 });
  });

  it('fetches the traces named by repeated traceID, listing the missing ones as errors', async () => {
    const body = await search([
      ['traceID', '2'],
      ['traceID', traceIdOf(77)],
      ['traceID', traceIdOf(1)],
    ]);
    expect(ids(body)).toEqual([2, 1].map((n) => traceIdOf(n).slice(16)));
    expect(body.total).toBe(2);
    expect(body.errors).toEqual([
      { msg: 'trace not found', traceID: traceIdOf(77).slice(16) },
    ]);
    expect(body.data[0]!.spans[0]!.spanID).toBe(spanIdOf(20));
  });

  it('answers an empty list when nothing matches', async () => {
    expect(await search([['service', 'nobody'], ...WINDOW])).toEqual({
      data: [],
      total: 0,
      limit: 100,
      offset: 0,
      errors: null,
    });
  });
});
