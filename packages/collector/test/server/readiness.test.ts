import { createMemoryStore } from '@pathprof/store';
import type { SpanStore } from '@pathprof/store';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import { withAppend } from '../ingest/ingest-test-helpers.js';

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

/** A memory store whose reads fail, as an unreachable ClickHouse's would. */
function unreachableStore(): SpanStore {
  const inner = createMemoryStore();
  return {
    ...withAppend(inner, (spans) => inner.appendSpans(spans)),
    listServices: () => Promise.reject(new Error('connect ECONNREFUSED')),
  };
}

describe('GET /readyz?store=1', () => {
  it('answers 200 while the store answers a read', async () => {
    collector = await startTestCollector();
    const res = await fetch(`${collector.urls.query!}/readyz?store=1`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
  });

  it('answers 503 naming the failure when the store does not, and 200 without ?store=1', async () => {
    collector = await startTestCollector({ store: unreachableStore() });
    const res = await fetch(`${collector.urls.query!}/readyz?store=1`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'store unavailable',
      error: 'connect ECONNREFUSED',
    });
    expect((await fetch(`${collector.urls.query!}/readyz`)).status).toBe(200);
  });
});
