import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { TraceId } from '@pathprof/model';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import type { IngestApp } from './ingest-test-helpers.js';
import { StoreError, createMemoryStore } from '@pathprof/store';
import {
  createFailingStore,
  createGatedStore,
  post,
  recordSdkSpans,
  startIngestApp,
  withAppend,
} from './ingest-test-helpers.js';

const PROTOBUF = { 'content-type': 'application/x-protobuf' };
const FIRST = '11111111111111111111111111111111' as TraceId;
const SECOND = '22222222222222222222222222222222' as TraceId;
const THIRD = '33333333333333333333333333333333' as TraceId;

/** Three spans of one trace, as the OpenTelemetry JS exporter encodes them. */
function threeSpans(traceId: TraceId): Uint8Array {
  return ProtobufTraceSerializer.serializeRequest(recordSdkSpans(traceId))!;
}

let collector: TestCollector | undefined;
let app: IngestApp | undefined;
afterEach(async () => {
  await collector?.close();
  await app?.close();
  collector = undefined;
  app = undefined;
});

describe('ingest back-pressure and durability', () => {
  it('answers 429 with Retry-After while the queue is full, and 200 again once the store caught up', async () => {
    const store = createGatedStore();
    collector = await startTestCollector({ store, maxQueuedSpans: 3 });
    const url = `${collector.urls.otlp!}/v1/traces`;
    const held = post(url, threeSpans(FIRST), PROTOBUF);
    await store.writesArrived(1);

    const refused = await post(url, threeSpans(SECOND), PROTOBUF);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    const status = Buffer.from(await refused.arrayBuffer());
    expect([status[0], status[1]]).toEqual([0x08, 8]);
    expect(status.subarray(4).toString()).toBe(
      'write queue full (3 spans waiting for the store); retry later',
    );

    store.open();
    expect((await held).status).toBe(200);
    expect((await post(url, threeSpans(THIRD), PROTOBUF)).status).toBe(200);
    const stored = await store.getTraces([FIRST, SECOND, THIRD]);
    expect(stored.map((t) => [t.traceId, t.spans.length])).toEqual([
      [FIRST, 3],
      [THIRD, 3],
    ]);
  });

  it('answers 429 when a decoded batch does not fit beside the spans in flight', async () => {
    const store = createGatedStore();
    app = await startIngestApp({ store, maxQueuedSpans: 4 });
    const held = post(`${app.url}/v1/traces`, threeSpans(FIRST), PROTOBUF);
    await store.writesArrived(1);
    const refused = await post(
      `${app.url}/api/v2/spans`,
      JSON.stringify([
        { traceId: 'a1', id: 'b1', timestamp: 1, duration: 1 },
        { traceId: 'a1', id: 'b2', timestamp: 1, duration: 1 },
      ]),
      { 'content-type': 'application/json' },
    );
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(app.metrics.rejected).toEqual([['queue_full', 2]]);
    expect(app.metrics.requestsRejected).toEqual(['queue_full']);
    store.open();
    expect((await held).status).toBe(200);
  });

  it('refuses before reading it a body whose expected spans do not fit beside those in flight', async () => {
    const store = createGatedStore();
    app = await startIngestApp({ store, maxQueuedSpans: 100 });
    const url = `${app.url}/v1/traces`;
    // The first body teaches the collector how large a span is.
    const held = post(url, threeSpans(FIRST), PROTOBUF);
    await store.writesArrived(1);
    const large = ProtobufTraceSerializer.serializeRequest(
      Array.from({ length: 70 }, (_, i) =>
        recordSdkSpans((i + 1).toString(16).padStart(32, 'a')),
      ).flat(),
    )!;
    const refused = await post(url, large, PROTOBUF);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    const status = Buffer.from(await refused.arrayBuffer());
    expect(status.subarray(4).toString()).toMatch(
      /^write queue cannot take the about 2\d\d spans of this body now \(3 of 100 waiting for the store\); retry later$/,
    );
    // Refused at the header stage: never decoded.
    expect(app.metrics.received).toEqual([['otlp_protobuf', 3]]);
    expect(app.metrics.requestsRejected).toEqual(['queue_full']);
    store.open();
    expect((await held).status).toBe(200);
    expect((await post(url, large, PROTOBUF)).status).toBe(200);
  });

  it('answers 429 with the store’s Retry-After while its write backlog is full, counted as queue_full', async () => {
    const busy = withAppend(createMemoryStore(), () =>
      Promise.reject(
        new StoreError(
          'PATHPROF_ERR_STORE_BUSY',
          'the store is still loading',
          {
            retryAfterSeconds: 7,
          },
        ),
      ),
    );
    app = await startIngestApp({ store: busy });
    const refused = await post(
      `${app.url}/v1/traces`,
      threeSpans(FIRST),
      PROTOBUF,
    );
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(app.metrics.requestsRejected).toEqual(['queue_full']);
    expect(app.metrics.rejected).toEqual([['queue_full', 3]]);
  });

  it('answers 503 with Retry-After and acknowledges nothing when the store fails', async () => {
    collector = await startTestCollector({ store: createFailingStore() });
    const res = await post(
      `${collector.urls.otlp!}/v1/traces`,
      threeSpans(FIRST),
      { 'content-type': 'application/x-protobuf' },
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const zipkin = await post(
      `${collector.urls.zipkin!}/api/v2/spans`,
      '[{"traceId":"a1","id":"b1"}]',
      {
        'content-type': 'application/json',
      },
    );
    expect(zipkin.status).toBe(503);
    expect(await zipkin.json()).toEqual({
      code: 14,
      message:
        'the store could not write the spans; nothing was kept, retry later',
    });
    expect(await collector.store.getTraces([FIRST])).toEqual([]);
    expect(collector.logs).toContainEqual(
      expect.objectContaining({
        level: 'error',
        msg: 'store write failed',
        error: 'disk full',
      }),
    );
  });

  it('answers 503 with Retry-After once the write queue is closed', async () => {
    app = await startIngestApp();
    await app.queue.close();
    const otlp = await post(`${app.url}/v1/traces`, '{}', {
      'content-type': 'application/json',
    });
    expect(otlp.status).toBe(503);
    expect(otlp.headers.get('retry-after')).toBe('5');
    expect(await otlp.json()).toEqual({
      code: 14,
      message: 'the collector is shutting down',
    });
    const zipkin = await post(`${app.url}/api/v2/spans`, '[]');
    expect(zipkin.status).toBe(503);
    expect(app.metrics.requestsRejected).toEqual([
      'shutting_down',
      'shutting_down',
    ]);
    expect(app.metrics.rejected).toEqual([]);
  });

  it('finishes a request in flight, durably, when the collector closes', async () => {
    const store = createGatedStore();
    collector = await startTestCollector({ store, keepStoreOpen: true });
    const held = post(
      `${collector.urls.otlp!}/v1/traces`,
      threeSpans(FIRST),
      PROTOBUF,
    );
    await store.writesArrived(1);
    const closing = collector.close();
    store.open();
    expect((await held).status).toBe(200);
    await closing;
    collector = undefined;
    expect((await store.getTraces([FIRST]))[0]?.spans).toHaveLength(3);
    await store.close();
  });
});
