import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createIngestBudget } from '../../src/ingest/ingest-budget.js';
import type { BodyReceiveLimits } from '../../src/ingest/receive-ingest-body.js';
import { receiveIngestBody } from '../../src/ingest/receive-ingest-body.js';

const LIMITS: BodyReceiveLimits = {
  maxBodyBytes: 1000,
  startedAtMillis: 0,
  deadlineMillis: 60_000,
  minBytesPerSecond: 0,
  minRateGraceMillis: 0,
};

function limits(overrides: Partial<BodyReceiveLimits> = {}): BodyReceiveLimits {
  return { ...LIMITS, startedAtMillis: performance.now(), ...overrides };
}

describe('receiveIngestBody', () => {
  it('reserves each chunk as it arrives and hands over the whole body', async () => {
    const budget = createIngestBudget(4000);
    const reservation = budget.tryReserve(0)!;
    const stream = new PassThrough();
    const received = receiveIngestBody(stream, reservation, limits());
    stream.write(Buffer.alloc(300, 1));
    await new Promise((r) => setImmediate(r));
    expect(budget.reservedBytes).toBe(300);
    stream.end(Buffer.alloc(200, 2));
    const result = await received;
    expect(result.ok).toBe(true);
    expect(result.ok && [...new Set(result.bytes)]).toEqual([1, 2]);
    expect(budget.reservedBytes).toBe(500);
    reservation.release();
    expect(budget.reservedBytes).toBe(0);
  });

  it('answers 429 once the bodies being read hold the whole budget', async () => {
    const budget = createIngestBudget(1000);
    const other = budget.tryReserve(800)!;
    const stream = new PassThrough();
    const received = receiveIngestBody(stream, budget.tryReserve(0)!, limits());
    stream.write(Buffer.alloc(150));
    stream.write(Buffer.alloc(150));
    expect(await received).toMatchObject({
      ok: false,
      status: 429,
      reason: 'queue_full',
      retryAfterSeconds: 1,
    });
    expect(budget.reservedBytes).toBe(950);
    other.release();
  });

  it('answers 413 past the body limit, keeping nothing of it', async () => {
    const budget = createIngestBudget(4000);
    const stream = new PassThrough();
    const received = receiveIngestBody(stream, budget.tryReserve(0)!, limits());
    stream.write(Buffer.alloc(600));
    stream.write(Buffer.alloc(600));
    expect(await received).toMatchObject({
      ok: false,
      status: 413,
      reason: 'too_large',
      message: 'the request body is larger than the limit of 1000 bytes',
    });
  });

  it('answers 408 to a body below the minimum rate once the grace period is over', async () => {
    const budget = createIngestBudget(4000);
    const stream = new PassThrough();
    const started = performance.now();
    const received = receiveIngestBody(
      stream,
      budget.tryReserve(0)!,
      limits({ minBytesPerSecond: 1000, minRateGraceMillis: 100 }),
    );
    stream.write(Buffer.alloc(10));
    const result = await received;
    expect(result).toMatchObject({
      ok: false,
      status: 408,
      reason: 'too_slow',
    });
    expect(!result.ok && result.message).toMatch(
      /^the body arrives slower than 1000 bytes\/s \(10 bytes in \d+ ms\)$/,
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('answers 408 at the deadline counted from the headers, not from the body', async () => {
    const budget = createIngestBudget(4000);
    const stream = new PassThrough();
    const received = receiveIngestBody(
      stream,
      budget.tryReserve(0)!,
      limits({
        startedAtMillis: performance.now() - 1000,
        deadlineMillis: 1000,
      }),
    );
    stream.write(Buffer.alloc(10));
    expect(await received).toMatchObject({
      ok: false,
      status: 408,
      reason: 'too_slow',
      message: 'the request did not arrive whole within 1000 ms',
    });
  });

  it('reports a body cut short by the client', async () => {
    const budget = createIngestBudget(4000);
    const stream = new PassThrough();
    const received = receiveIngestBody(stream, budget.tryReserve(0)!, limits());
    stream.write(Buffer.alloc(10));
    stream.destroy();
    expect(await received).toMatchObject({ ok: false, status: 400 });
  });
});
