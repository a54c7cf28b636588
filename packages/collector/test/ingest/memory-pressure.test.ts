/**
 * The memory bound's governor at work in a running collector, with the
 * resident set and the clock faked: near the bound, ingest takes one request
 * at a time, refusing the others with 503 and Retry-After (counted under
 * `memory`), and takes every request again once the resident set is back
 * down; /metrics shows the bound, the reading and the pressure. Whole
 * messages (gRPC, UDP) meet the same rule.
 */
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { Micros, TraceId } from '@pathprof/model';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import { parseExposition } from '../metrics/parse-exposition.js';
import { decodeOtlpProtobufSpans } from '@pathprof/engine';
import { receiveWireBatch } from '../../src/ingest/receive-wire-batch.js';
import { WriteQueue } from '../../src/ingest/write-queue.js';
import type { CollectorContext } from '../../src/server/collector-context.js';
import { resolveCollectorOptions } from '../../src/server/collector-options.js';
import { MemoryGovernor } from '../../src/server/memory-governor.js';
import {
  createGatedStore,
  createRecordedMetrics,
  post,
  recordSdkSpans,
} from './ingest-test-helpers.js';

const PROTOBUF = { 'content-type': 'application/x-protobuf' };
const GiB = 1024 ** 3;
const FIRST = '11111111111111111111111111111111' as TraceId;
const SECOND = '22222222222222222222222222222222' as TraceId;
const THIRD = '33333333333333333333333333333333' as TraceId;

function threeSpans(traceId: TraceId): Uint8Array {
  return ProtobufTraceSerializer.serializeRequest(recordSdkSpans(traceId))!;
}

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

async function memoryMetrics(queryUrl: string) {
  const samples = parseExposition(
    await (await fetch(`${queryUrl}/metrics`)).text(),
  );
  const value = (name: string, labels: Record<string, string> = {}) =>
    samples.find(
      (s) =>
        s.name === name &&
        Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    )?.value;
  return {
    limit: value('pathprof_memory_limit_bytes', { part: 'total' }),
    rss: value('pathprof_memory_rss_bytes'),
    pressure: value('pathprof_memory_pressure'),
    refusedForMemory: value('pathprof_requests_rejected_total', {
      reason: 'memory',
    }),
  };
}

describe('ingest under memory pressure', () => {
  it('takes one request at a time near the bound, refusing the rest with 503 and Retry-After, and all again once memory is back down', async () => {
    const rss = { bytes: 0.9 * GiB };
    const clock = { millis: 0 };
    const store = createGatedStore();
    collector = await startTestCollector({
      store,
      memoryLimitBytes: GiB,
      memoryProbe: {
        readRssBytes: () => rss.bytes,
        nowMillis: () => clock.millis,
      },
    });
    const url = `${collector.urls.otlp!}/v1/traces`;

    // Nothing in flight: the one request is taken, and held by the store.
    const held = post(url, threeSpans(FIRST), PROTOBUF);
    await store.writesArrived(1);
    const refused = await post(url, threeSpans(SECOND), PROTOBUF);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    const status = Buffer.from(await refused.arrayBuffer());
    expect(status.subarray(4).toString()).toBe(
      'the collector is near its memory limit and takes one request at a time; retry later',
    );
    expect(await memoryMetrics(collector.queryUrl)).toEqual({
      limit: GiB,
      rss: 0.9 * GiB,
      pressure: 1,
      refusedForMemory: 1,
    });
    expect(collector.logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'memory pressure: near the memory limit, taking one request at a time',
        rssBytes: 0.9 * GiB,
      }),
    );
    // a refusal, not a fault
    expect(collector.logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'request failed',
        status: 503,
      }),
    );

    store.open();
    expect((await held).status).toBe(200);
    rss.bytes = 0.5 * GiB;
    clock.millis += 3000;
    const calm = await Promise.all([
      post(url, threeSpans(SECOND), PROTOBUF),
      post(url, threeSpans(THIRD), PROTOBUF),
    ]);
    expect(calm.map((r) => r.status)).toEqual([200, 200]);
    expect(await memoryMetrics(collector.queryUrl)).toEqual({
      limit: GiB,
      rss: 0.5 * GiB,
      pressure: 0,
      refusedForMemory: 1,
    });
    expect(collector.logs).toContainEqual(
      expect.objectContaining({ level: 'info', msg: 'memory pressure over' }),
    );
    const stored = await store.getTraces([FIRST, SECOND, THIRD]);
    expect(stored.map((t) => t.spans.length)).toEqual([3, 3, 3]);
  });

  it('shows no governor without a memory limit', async () => {
    collector = await startTestCollector({
      memoryProbe: { readRssBytes: () => 2 * GiB, nowMillis: () => 0 },
    });
    const url = `${collector.urls.otlp!}/v1/traces`;
    expect((await post(url, threeSpans(FIRST), PROTOBUF)).status).toBe(200);
    expect(await memoryMetrics(collector.queryUrl)).toMatchObject({
      limit: undefined,
      rss: undefined,
      pressure: undefined,
    });
  });
});

describe('whole messages (gRPC, UDP) under memory pressure', () => {
  it('are refused with 503 and Retry-After while another is in flight, counted under memory', async () => {
    const store = createGatedStore();
    const metrics = createRecordedMetrics();
    const queue = new WriteQueue({ store, maxQueuedSpans: 1000 });
    const context: CollectorContext = {
      store,
      queue,
      metrics,
      options: resolveCollectorOptions({ store }),
      log: () => undefined,
      nowMicros: () => 0 as Micros,
      memory: new MemoryGovernor({
        limitBytes: GiB,
        readRssBytes: () => 0.95 * GiB,
        nowMillis: () => 0,
      }),
    };
    const receive = (traceId: TraceId) =>
      receiveWireBatch(
        context,
        'otlp_grpc',
        threeSpans(traceId),
        decodeOtlpProtobufSpans,
        'OTLP/protobuf',
      );
    const held = receive(FIRST);
    await store.writesArrived(1);
    expect(await receive(SECOND)).toEqual({
      ok: false,
      status: 503,
      message:
        'the collector is near its memory limit and takes one request at a time; retry later',
      retryAfterSeconds: 2,
    });
    expect(metrics.requestsRejected).toEqual(['memory']);
    store.open();
    expect(await held).toMatchObject({ ok: true });
    await queue.close();
  });
});
