import { request } from 'node:http';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_UPLOADS_PER_CLIENT,
  DEFAULT_MIN_BODY_BYTES_PER_SECOND,
  DEFAULT_MIN_BODY_RATE_GRACE_MILLIS,
  DEFAULT_REQUEST_TIMEOUT_MILLIS,
} from '../../src/server/collector-options.js';
import type { CollectorOptions } from '../../src/index.js';
import { resolveCollectorOptions } from '../../src/server/collector-options.js';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import {
  SDK_TRACE_ID,
  createGatedStore,
  post,
  recordSdkSpans,
} from './ingest-test-helpers.js';
import type { SlowUpload, SlowUploadAnswer } from './slow-upload.js';
import { startSlowUpload } from './slow-upload.js';

// Every limit here is small, so each case settles within a few seconds; an
// answer that has not come within ANSWER_BOUND_MILLIS counts as none (before
// these limits were enforced, Node.js cut slow senders off after 60–90 s).
const ANSWER_BOUND_MILLIS = 6_000;

let collector: TestCollector | undefined;
const uploads: SlowUpload[] = [];
afterEach(async () => {
  for (const upload of uploads.splice(0)) {
    upload.stop();
  }
  await collector?.close();
  collector = undefined;
});

const PROTOBUF = { 'content-type': 'application/x-protobuf' };
const body = () => ProtobufTraceSerializer.serializeRequest(recordSdkSpans())!;

async function start(options: Partial<CollectorOptions>): Promise<string> {
  collector = await startTestCollector(options);
  return collector.urls.otlp!;
}

function slow(
  baseUrl: string,
  options: Partial<Parameters<typeof startSlowUpload>[0]> = {},
): SlowUpload {
  const upload = startSlowUpload({
    baseUrl,
    path: '/v1/traces',
    tickMillis: 50,
    ...options,
  });
  uploads.push(upload);
  return upload;
}

/** The answer, or null when the server has not closed the connection within the bound. */
async function answerWithin(
  upload: SlowUpload,
): Promise<SlowUploadAnswer | null> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ANSWER_BOUND_MILLIS);
  });
  try {
    return await Promise.race([upload.answer, bound]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until each upload has sent `bytes` body bytes, so it has been admitted. */
async function whenSending(list: SlowUpload[], bytes: number): Promise<void> {
  await expect
    .poll(() => Math.min(...list.map((u) => u.bytesSent())))
    .toBeGreaterThanOrEqual(bytes);
}

async function rejected(reason: string): Promise<number> {
  const text = await (await fetch(`${collector!.queryUrl}/metrics`)).text();
  const line = new RegExp(
    `^pathprof_requests_rejected_total\\{reason="${reason}"\\} (\\d+)$`,
    'm',
  ).exec(text);
  return line === null ? Number.NaN : Number(line[1]);
}

/** POST from a given local address (another loopback client). */
function postFrom(
  localAddress: string,
  url: string,
  payload: Uint8Array,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: PROTOBUF, localAddress },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.once('error', reject);
    req.end(payload);
  });
}

describe('slow senders', () => {
  it('four chunked uploads at a byte per tick leave the body budget to other senders', async () => {
    // budget: 4 × 1000 bytes; each trickling upload used to reserve 1000 of it
    const url = await start({ maxBodyBytes: 1000 });
    const trickles = [0, 1, 2, 3].map(() => slow(url));
    await whenSending(trickles, 3);

    const res = await post(`${url}/v1/traces`, body(), PROTOBUF);
    expect(res.status).toBe(200);
    await collector!.flush();
    expect(await collector!.store.getTraces([SDK_TRACE_ID])).toHaveLength(1);
  });

  it('cuts off a body arriving slower than the minimum rate: 408 with a message, connection closed', async () => {
    const url = await start({
      minBodyBytesPerSecond: 1000,
      minBodyRateGraceMillis: 300,
    });
    const trickle = slow(url, { tickMillis: 20 }); // 50 bytes/s
    const answer = await answerWithin(trickle);
    expect(answer?.status).toBe(408);
    expect(answer?.body).toContain('slower than 1000 bytes/s');
    expect(await rejected('too_slow')).toBe(1);

    const res = await post(`${url}/v1/traces`, body(), PROTOBUF);
    expect(res.status).toBe(200);
  });

  it('answers 408 to a body still arriving at the request deadline, however fast it trickles', async () => {
    const url = await start({
      requestTimeoutMillis: 1000,
      minBodyBytesPerSecond: 100,
      minBodyRateGraceMillis: 100,
      maxBodyBytes: 1_000_000,
    });
    // 2000 bytes/s, above the minimum rate; the 100 000 bytes would take 50 s
    const upload = slow(url, { contentLength: 100_000, bytesPerTick: 100 });
    const answer = await answerWithin(upload);
    expect(answer?.status).toBe(408);
    expect(answer!.bytesSent).toBeLessThan(100_000);
  });

  it('closes a connection whose headers are still arriving at the request deadline', async () => {
    const url = await start({ requestTimeoutMillis: 1000 });
    // ~100 header bytes at one per 100 ms: 10 s to send
    const upload = slow(url, { slowHeaders: true, tickMillis: 100 });
    const answer = await answerWithin(upload);
    expect(answer).not.toBeNull();
    expect(answer!.status).toBe(408);
    expect(answer!.bytesSent).toBe(0);
  });

  it('does not count the time the store takes to write against the deadline', async () => {
    const store = createGatedStore();
    const url = await start({ store, requestTimeoutMillis: 300 });
    const answer = post(`${url}/v1/traces`, body(), PROTOBUF);
    await store.writesArrived(1);
    await new Promise((resolve) => setTimeout(resolve, 900));
    store.open();
    expect((await answer).status).toBe(200);
  });

  it('caps the uploads in progress from one client address, not from others', async () => {
    const url = await start({ maxUploadsPerClient: 2 });
    const two = [slow(url), slow(url)];
    await whenSending(two, 2);

    const third = await post(`${url}/v1/traces`, body(), PROTOBUF);
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('1');
    expect(await rejected('client_limit')).toBe(1);
    expect(await postFrom('127.0.0.2', `${url}/v1/traces`, body())).toBe(200);

    for (const upload of two) {
      upload.stop();
    }
    await expect
      .poll(
        async () => (await post(`${url}/v1/traces`, body(), PROTOBUF)).status,
      )
      .toBe(200);
  });

  it('has the defaults docs/collector.md states, and refuses limits that are no integers', () => {
    expect([
      DEFAULT_REQUEST_TIMEOUT_MILLIS,
      DEFAULT_MIN_BODY_BYTES_PER_SECOND,
      DEFAULT_MIN_BODY_RATE_GRACE_MILLIS,
      DEFAULT_MAX_UPLOADS_PER_CLIENT,
    ]).toEqual([30_000, 4096, 5_000, 16]);
    const store = createGatedStore();
    expect(resolveCollectorOptions({ store })).toMatchObject({
      requestTimeoutMillis: 30_000,
      minBodyBytesPerSecond: 4096,
      minBodyRateGraceMillis: 5_000,
      maxUploadsPerClient: 16,
    });
    expect(() =>
      resolveCollectorOptions({ store, maxUploadsPerClient: 0 }),
    ).toThrow('maxUploadsPerClient must be an integer of at least 1, not 0');
    expect(() =>
      resolveCollectorOptions({ store, requestTimeoutMillis: 1.5 }),
    ).toThrow(RangeError);
  });
});
