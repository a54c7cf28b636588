/** Contract: listAttributeValues — a span's own value else its resource's, counted per value. */
import { describe, expect, it } from 'vitest';
import { span, T0 } from '../helpers.js';
import type { ContractContext } from './contract-context.js';
import { S } from './contract-context.js';

export function describeAttributeValuesContract({
  storeWith,
}: ContractContext): void {
  describe('listAttributeValues', () => {
    const WINDOW = { startMicros: T0, endMicros: T0 + 60 * S };
    const spans = [
      // resource values, one overridden by the span's own
      span({
        trace: 't1',
        id: 'a',
        start: T0,
        dur: 5,
        resource: { 'service.version': 'v1' },
      }),
      span({
        trace: 't1',
        id: 'b',
        parent: 'a',
        start: T0 + 1,
        dur: 2,
        resource: { 'service.version': 'v1' },
      }),
      span({
        trace: 't2',
        id: 'c',
        start: T0 + S,
        dur: 5,
        resource: { 'service.version': 'v2' },
      }),
      span({
        trace: 't2',
        id: 'd',
        parent: 'c',
        service: 'svc-b',
        start: T0 + S + 1,
        dur: 2,
        attrs: { 'service.version': 'v3', 'http.response.status_code': 503 },
        resource: { 'service.version': 'v2' },
      }),
      span({
        trace: 't3',
        id: 'e',
        service: 'svc-b',
        start: T0 + 2 * S,
        dur: 2,
        attrs: { 'http.response.status_code': 200 },
      }),
      // outside the window
      span({
        trace: 't4',
        id: 'f',
        start: T0 + 61 * S,
        dur: 2,
        resource: { 'service.version': 'v9' },
      }),
    ];

    it('counts the spans carrying each value, most first then by value', async () => {
      const store = await storeWith(...spans);
      expect(
        await store.listAttributeValues('service.version', WINDOW, {
          limit: 10,
        }),
      ).toEqual({
        values: [
          { value: 'v1', spans: 2 },
          { value: 'v2', spans: 1 },
          { value: 'v3', spans: 1 },
        ],
        truncated: false,
      });
      // numbers as text, the way a tag search compares them
      expect(
        await store.listAttributeValues('http.response.status_code', WINDOW, {
          limit: 10,
        }),
      ).toEqual({
        values: [
          { value: '200', spans: 1 },
          { value: '503', spans: 1 },
        ],
        truncated: false,
      });
    });

    it('keeps to a service and a limit, and says when values were left out', async () => {
      const store = await storeWith(...spans);
      expect(
        await store.listAttributeValues('service.version', WINDOW, {
          service: 'svc-b',
          limit: 10,
        }),
      ).toEqual({ values: [{ value: 'v3', spans: 1 }], truncated: false });
      expect(
        await store.listAttributeValues('service.version', WINDOW, {
          limit: 1,
        }),
      ).toEqual({ values: [{ value: 'v1', spans: 2 }], truncated: true });
      expect(
        await store.listAttributeValues('no.such.key', WINDOW, { limit: 5 }),
      ).toEqual({ values: [], truncated: false });
    });

    it('refuses an empty key and a limit below 1', async () => {
      const store = await storeWith(...spans);
      await expect(
        store.listAttributeValues('', WINDOW, { limit: 5 }),
      ).rejects.toMatchObject({ code: 'PATHPROF_ERR_STORE_BAD_QUERY' });
      await expect(
        store.listAttributeValues('service.version', WINDOW, { limit: 0 }),
      ).rejects.toMatchObject({ code: 'PATHPROF_ERR_STORE_BAD_QUERY' });
    });
  });
}
