import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { TraceId } from '@pathprof/model';
import { createMemoryStore } from '@pathprof/store';
import { describe, expect, it } from 'vitest';
import type { DecodePool } from '../../src/ingest/decode-pool.js';
import type { CollectorOptions, RunningCollector } from '../../src/index.js';
import { recordSdkSpans } from './ingest-test-helpers.js';

// The pool runs the built worker script: these tests use the built package.
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const built = existsSync(`${DIST}ingest/decode-worker.js`);
const TRACE = '44444444444444444444444444444444' as TraceId;
const body = (): Uint8Array =>
  ProtobufTraceSerializer.serializeRequest(recordSdkSpans(TRACE))!;

describe.skipIf(!built)('decode workers (built package)', () => {
  it('turn an OTLP/protobuf body into the store’s batch, and a broken one into a 400 message', async () => {
    const { createDecodePool } = (await import(
      `${DIST}ingest/decode-pool.js`
    )) as {
      createDecodePool: (size: number) => DecodePool | undefined;
    };
    const pool = createDecodePool(1)!;
    try {
      const reply = await pool.decode(body(), 'spans-json-1', 1_000_000);
      expect(reply.ok ? '' : reply.message).toBe('');
      expect(reply.ok).toBe(true);
      if (reply.ok) {
        expect([reply.received, reply.rejected, reply.batch.spanCount]).toEqual(
          [3, 0, 3],
        );
        expect(reply.batch.format).toBe('spans-json-1');
        expect(reply.batch.receivedMicros).toBe(1_000_000);
      }
      const broken = await pool.decode(
        Uint8Array.of(0x0a, 0xff),
        'spans-json-1',
        1,
      );
      expect(broken.ok).toBe(false);
      expect(broken.ok ? '' : broken.message).toMatch(
        /^the body is not an OTLP protobuf ExportTraceServiceRequest: .* at byte \d+$/,
      );
      expect(broken.ok ? undefined : broken.failed).toBeUndefined();
    } finally {
      await pool.close();
    }
  });

  it('start a spare worker while every worker has a body and there is room, and stop it when idle', async () => {
    const { createDecodePool } = (await import(
      `${DIST}ingest/decode-pool.js`
    )) as {
      createDecodePool: (
        size: number,
        spares?: {
          spares: number;
          spareAllowed: () => boolean;
          spareIdleMillis?: number;
        },
      ) => DecodePool | undefined;
    };
    let allowed = false;
    const pool = createDecodePool(1, {
      spares: 1,
      spareAllowed: () => allowed,
      spareIdleMillis: 1_500,
    })!;
    const decodeAll = async (n: number): Promise<number[]> => {
      const replies = await Promise.all(
        Array.from({ length: n }, () => pool.decode(body(), 'spans-json-1', 1)),
      );
      return replies.map((r) => (r.ok ? r.batch.spanCount : -1));
    };
    try {
      // no room: every body to the one worker
      expect(await decodeAll(4)).toEqual([3, 3, 3, 3]);
      expect([pool.size, pool.sparesStarted]).toEqual([1, 0]);
      // room: the second body finds the worker busy and starts a spare
      allowed = true;
      expect(await decodeAll(4)).toEqual([3, 3, 3, 3]);
      expect([pool.size, pool.sparesStarted]).toEqual([2, 1]);
      // one spare at most
      expect(await decodeAll(6)).toEqual([3, 3, 3, 3, 3, 3]);
      expect([pool.size, pool.sparesStarted]).toEqual([2, 1]);
      // no body for the idle time: the spare stops, the pool goes on
      const deadline = Date.now() + 10_000;
      while (pool.size > 1 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(pool.size).toBe(1);
      expect(await decodeAll(2)).toEqual([3, 3]);
    } finally {
      await pool.close();
    }
  });

  it('let a collector acknowledge OTLP/protobuf only once the store has the spans', async () => {
    const { startCollector } = (await import(`${DIST}index.js`)) as {
      startCollector: (options: CollectorOptions) => Promise<RunningCollector>;
    };
    const store = createMemoryStore();
    const collector = await startCollector({
      store,
      otlpPort: 0,
      zipkinPort: null,
      queryPort: 0,
      decodeWorkers: 1,
      log: null,
    });
    try {
      const res = await fetch(`${collector.urls.otlp!}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: body(),
      });
      expect(res.status).toBe(200);
      const [trace] = await store.getTraces([TRACE]);
      expect(trace?.spans.map((s) => s.operation).sort()).toEqual([
        'GET /checkout',
        'POST /pay',
        'POST /pay',
      ]);
      const bad = await fetch(`${collector.urls.otlp!}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: Uint8Array.of(0x0a, 0xff),
      });
      expect(bad.status).toBe(400);
    } finally {
      await collector.close();
    }
  });
});
