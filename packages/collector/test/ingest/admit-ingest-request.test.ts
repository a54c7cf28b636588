import { createMemoryStore } from '@pathprof/store';
import { describe, expect, it } from 'vitest';
import { admitIngestRequest } from '../../src/ingest/admit-ingest-request.js';
import { createIngestBudget } from '../../src/ingest/ingest-budget.js';
import { WriteQueue } from '../../src/ingest/write-queue.js';
import { OTLP_INGEST_FORMAT } from '../../src/otlp/otlp-ingest-format.js';

const MAX = 1000;

function limits() {
  return {
    queue: new WriteQueue({ store: createMemoryStore(), maxQueuedSpans: 10 }),
    budget: createIngestBudget(4 * MAX),
    maxBodyBytes: MAX,
  };
}

const protobuf = (length: number, encoding?: string) => ({
  'content-type': 'application/x-protobuf',
  'content-length': String(length),
  ...(encoding === undefined ? {} : { 'content-encoding': encoding }),
});

describe('admitIngestRequest', () => {
  it('reserves nothing for the body yet: its bytes are reserved as they arrive', () => {
    const l = limits();
    const admitted = admitIngestRequest(protobuf(300), OTLP_INGEST_FORMAT, l);
    expect(admitted).toMatchObject({ ok: true, encoding: 'identity' });
    expect(l.budget.reservedBytes).toBe(0);
    admitIngestRequest(
      { 'content-type': 'application/json' },
      OTLP_INGEST_FORMAT,
      l,
    );
    expect(l.budget.reservedBytes).toBe(0);
  });

  it('reserves an inflate allowance, capped at the limit, for a compressed body', () => {
    const l = limits();
    const admitted = admitIngestRequest(
      protobuf(10, 'gzip'),
      OTLP_INGEST_FORMAT,
      l,
    );
    expect(admitted).toMatchObject({ ok: true, inflateAllowanceBytes: MAX });
    expect(l.budget.reservedBytes).toBe(MAX);
  });

  it('refuses with 429 before reading a declared length the budget cannot cover now', () => {
    const l = limits();
    // bodies being read hold 3 × MAX + 1 of the 4 × MAX budget
    for (let i = 0; i < 3; i++) {
      expect(l.budget.tryReserve(MAX)).not.toBeNull();
    }
    expect(l.budget.tryReserve(1)).not.toBeNull();
    expect(
      admitIngestRequest(protobuf(MAX - 1), OTLP_INGEST_FORMAT, l).ok,
    ).toBe(true);
    expect(
      admitIngestRequest(protobuf(MAX), OTLP_INGEST_FORMAT, l),
    ).toMatchObject({
      ok: false,
      status: 429,
      reason: 'queue_full',
      retryAfterSeconds: 1,
    });
  });

  it('refuses a declared length above the limit with 413, reserving nothing', () => {
    const l = limits();
    expect(
      admitIngestRequest(protobuf(MAX + 1), OTLP_INGEST_FORMAT, l),
    ).toMatchObject({
      ok: false,
      status: 413,
      reason: 'too_large',
    });
    expect(l.budget.reservedBytes).toBe(0);
  });
});
