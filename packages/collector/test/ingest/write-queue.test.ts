import type { Span } from '@pathprof/model';
import { createMemoryStore } from '@pathprof/store';
import { describe, expect, it } from 'vitest';
import {
  WriteQueue,
  WriteQueueClosedError,
  WriteQueueFullError,
} from '../../src/ingest/write-queue.js';
import { createGatedStore } from './ingest-test-helpers.js';

function spans(n: number): Span[] {
  return Array.from({ length: n }, (_, i) => ({
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: (i + 1).toString(16).padStart(16, '0'),
    references: [],
    service: 'svc',
    operation: 'op',
    kind: 'server',
    startMicros: 1_000_000,
    durationMicros: 10,
    status: 'unset',
    attributes: {},
    resource: {},
    events: [],
  })) as unknown as Span[];
}

describe('WriteQueue', () => {
  it('resolves with the store result once the write is durable, and is empty again', async () => {
    const queue = new WriteQueue({
      store: createMemoryStore(),
      maxQueuedSpans: 10,
    });
    await expect(queue.enqueue(spans(2))).resolves.toMatchObject({ stored: 2 });
    expect(queue.depth).toBe(0);
  });

  it('stores a batch as received when it was enqueued, by its clock', async () => {
    const store = createMemoryStore();
    let now = 5_000_000;
    const queue = new WriteQueue({
      store,
      maxQueuedSpans: 10,
      nowMicros: () => now,
    });
    const written = queue.enqueue(spans(2));
    now += 60_000_000;
    await written;
    expect(await store.deleteReceivedBefore(5_000_000)).toEqual({
      traces: 0,
      spans: 0,
    });
    expect(await store.deleteReceivedBefore(5_000_001)).toEqual({
      traces: 1,
      spans: 2,
    });
  });

  it('accepts any one batch when empty, even one above the bound', async () => {
    const queue = new WriteQueue({
      store: createMemoryStore(),
      maxQueuedSpans: 1,
    });
    await expect(queue.enqueue(spans(5))).resolves.toMatchObject({ stored: 5 });
  });

  it('throws WriteQueueFullError synchronously, and is full, when a batch does not fit', async () => {
    const store = createGatedStore();
    const queue = new WriteQueue({ store, maxQueuedSpans: 3 });
    const held = queue.enqueue(spans(2));
    expect(queue.full).toBe(false);
    expect(() => queue.enqueue(spans(2))).toThrow(WriteQueueFullError);
    const third = queue.enqueue(spans(1));
    expect(queue.depth).toBe(3);
    expect(queue.full).toBe(true);
    expect(queue.retryAfterSeconds).toBe(1);
    store.open();
    await Promise.all([held, third]);
    expect(queue.depth).toBe(0);
  });

  it('refuses batches once closed, after draining what it held', async () => {
    const store = createGatedStore();
    const queue = new WriteQueue({ store, maxQueuedSpans: 10 });
    const held = queue.enqueue(spans(2));
    const closed = queue.close();
    expect(queue.closed).toBe(true);
    expect(() => queue.enqueue(spans(1))).toThrow(WriteQueueClosedError);
    store.open();
    await closed;
    expect(queue.depth).toBe(0);
    await expect(held).resolves.toMatchObject({ stored: 2 });
  });

  it('rejects, empties and reports a failed write', async () => {
    const writes: boolean[] = [];
    const queue = new WriteQueue({
      store: {
        appendSpans: () => Promise.reject(new Error('disk full')),
      } as never,
      maxQueuedSpans: 10,
      onWrite: (w) => writes.push(w.ok),
    });
    await expect(queue.enqueue(spans(2))).rejects.toThrow('disk full');
    expect(queue.depth).toBe(0);
    expect(writes).toEqual([false]);
    await queue.drain();
  });
});
