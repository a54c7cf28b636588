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
  it('reserves the declared length of an uncompressed body', () => {
    const l = limits();
    const admitted = admitIngestRequest(protobuf(300), OTLP_INGEST_FORMAT, l);
    expect(admitted).toMatchObject({ ok: true, encoding: 'identity' });
    expect(l.budget.reservedBytes).toBe(300);
  });

  it('reserves the full limit for a chunked body', () => {
    const l = limits();
    admitIngestRequest(
      { 'content-type': 'application/json' },
      OTLP_INGEST_FORMAT,
      l,
    );
    expect(l.budget.reservedBytes).toBe(MAX);
  });

  it('reserves an inflate allowance, capped at the limit, for a compressed body', () => {
    const l = limits();
    const admitted = admitIngestRequest(
      protobuf(10, 'gzip'),
      OTLP_INGEST_FORMAT,
      l,
    );
    expect(admitted).toMatchObject({ ok: true, inflateAllowanceBytes: MAX });
    expect(l.budget.reservedBytes).toBe(10 + MAX);
  });

  it('refuses with 429 before reading once the bodies in flight fill the budget', () => {
    const l = limits();
    for (let i = 0; i < 4; i++) {
      expect(admitIngestRequest(protobuf(MAX), OTLP_INGEST_FORMAT, l).ok).toBe(
        true,
      );
    }
    expect(
      admitIngestRequest(protobuf(1), OTLP_INGEST_FORMAT, l),
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
