import { StoreError, createMemoryStore } from '@pathprof/store';
import type { SpanStore } from '@pathprof/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import { getJson } from './span-builders.js';

/** A store whose searches are refused as bad queries and whose other reads fail. */
function createFailingStore(): SpanStore {
  const store = createMemoryStore();
  return Object.assign(Object.create(store) as SpanStore, {
    searchTraces: () =>
      Promise.reject(
        new StoreError(
          'PATHPROF_ERR_STORE_BAD_QUERY',
          'limit is too large for this store',
        ),
      ),
    listServices: () =>
      Promise.reject(new Error('disk on fire at /secret/path')),
    close: () => store.close(),
  });
}

let collector: TestCollector;
beforeAll(async () => {
  collector = await startTestCollector({ store: createFailingStore() });
});
afterAll(async () => {
  await collector.close();
});

describe('query API over a failing store', () => {
  it('answers 400 with the store message when the store refuses the query', async () => {
    const { status, body } = await getJson(
      `${collector.queryUrl}/api/traces?service=a`,
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({
      data: null,
      errors: [{ code: 400, msg: 'limit is too large for this store' }],
    });
  });

  it('answers 500 without the failure details in v1, and logs them', async () => {
    const { status, body } = await getJson(
      `${collector.queryUrl}/api/services`,
    );
    expect(status).toBe(500);
    expect(body).toEqual({
      data: null,
      total: 0,
      limit: 0,
      offset: 0,
      errors: [{ code: 500, msg: 'internal error' }],
    });
    expect(collector.logs).toContainEqual(
      expect.objectContaining({
        level: 'error',
        error: 'disk on fire at /secret/path',
      }),
    );
  });

  it('answers 500 in the api_v3 error shape', async () => {
    const { status, body } = await getJson(
      `${collector.queryUrl}/api/v3/services`,
    );
    expect(status).toBe(500);
    expect(body).toEqual({
      error: { httpCode: 500, message: 'internal error' },
    });
  });
});
