/** Contract: searchTraces conditions, with Jaeger's rule that one span satisfies them all. */
import type { Span } from '@pathprof/model';
import { describe, expect, it } from 'vitest';
import { dumpTraces, span, T0 } from '../helpers.js';
import type { ContractContext } from './contract-context.js';
import { S } from './contract-context.js';

export function describeSearchFilterContract({
  fresh,
  storeWith,
  search,
}: ContractContext): void {
  describe('searchTraces', () => {
    it('finds nothing in an empty store', async () => {
      const store = await fresh();
      expect(await store.searchTraces({ service: 'svc-a', limit: 20 })).toEqual(
        {
          traces: [],
          total: 0,
        },
      );
    });

    it('finds nothing for an unknown service', async () => {
      const store = await storeWith(span({ id: 'a', start: T0, dur: 1 }));
      expect(await search(store, { service: 'nope' })).toEqual([]);
    });

    it('returns whole traces in which one span has the service', async () => {
      const store = await storeWith(
        span({ trace: 't1', id: 'a', service: 'front', start: T0, dur: 10 }),
        span({
          trace: 't1',
          id: 'b',
          parent: 'a',
          service: 'back',
          start: T0 + 1,
          dur: 2,
        }),
        span({
          trace: 't2',
          id: 'c',
          service: 'front',
          start: T0 + 20,
          dur: 1,
        }),
      );
      const result = await store.searchTraces({ service: 'back', limit: 10 });
      expect(dumpTraces(result.traces)).toEqual(['t1: a b']);
      expect(result.total).toBe(1);
    });

    it('matches operation', async () => {
      const store = await storeWith(
        span({ trace: 't1', id: 'a', op: 'GET /a', start: T0, dur: 1 }),
        span({ trace: 't2', id: 'b', op: 'GET /b', start: T0 + 1, dur: 1 }),
      );
      expect(await search(store, { operation: 'GET /b' })).toEqual(['t2']);
    });

    it('treats empty service and operation as absent', async () => {
      const store = await storeWith(span({ id: 'a', start: T0, dur: 1 }));
      expect(await search(store, { service: '', operation: '' })).toEqual([
        't1',
      ]);
    });

    it('needs service and operation on the same span', async () => {
      // front:GET /a ─ back:GET /b ; asking back + GET /a matches no single span
      const store = await storeWith(
        span({ id: 'a', service: 'front', op: 'GET /a', start: T0, dur: 10 }),
        span({
          id: 'b',
          parent: 'a',
          service: 'back',
          op: 'GET /b',
          start: T0 + 1,
          dur: 1,
        }),
      );
      expect(
        await search(store, { service: 'back', operation: 'GET /a' }),
      ).toEqual([]);
      expect(
        await search(store, { service: 'back', operation: 'GET /b' }),
      ).toEqual(['t1']);
    });

    describe('tags', () => {
      const tagged = (): Span[] => [
        span({
          trace: 't1',
          id: 'a',
          start: T0,
          dur: 10,
          attrs: {
            'http.status_code': 200,
            'http.method': 'GET',
            retry: true,
            ratio: 0.25,
          },
          resource: { 'k8s.pod.name': 'pod-1' },
        }),
        span({
          trace: 't1',
          id: 'b',
          parent: 'a',
          kind: 'client',
          start: T0 + 1,
          dur: 2,
          status: 'error',
          statusMessage: 'timeout',
          attrs: { 'peer.service': 'db' },
          events: [
            {
              timeMicros: T0 + 2,
              name: 'exception',
              attributes: { 'exception.type': 'Timeout' },
            },
          ],
        }),
        span({
          trace: 't2',
          id: 'c',
          start: T0 + 100,
          dur: 5,
          status: 'ok',
          attrs: { 'http.status_code': 500 },
        }),
      ];

      it('matches a string span attribute', async () => {
        const store = await storeWith(...tagged());
        expect(await search(store, { tags: { 'http.method': 'GET' } })).toEqual(
          ['t1'],
        );
      });

      it('matches numbers and booleans by their text', async () => {
        const store = await storeWith(...tagged());
        expect(
          await search(store, { tags: { 'http.status_code': '200' } }),
        ).toEqual(['t1']);
        expect(await search(store, { tags: { retry: 'true' } })).toEqual([
          't1',
        ]);
        expect(await search(store, { tags: { ratio: '0.25' } })).toEqual([
          't1',
        ]);
      });

      it('matches a resource attribute', async () => {
        const store = await storeWith(...tagged());
        expect(
          await search(store, { tags: { 'k8s.pod.name': 'pod-1' } }),
        ).toEqual(['t1']);
      });

      it('matches an event attribute', async () => {
        const store = await storeWith(...tagged());
        expect(
          await search(store, { tags: { 'exception.type': 'Timeout' } }),
        ).toEqual(['t1']);
      });

      it('matches the tags Jaeger derives from kind, status and events', async () => {
        const store = await storeWith(...tagged());
        expect(await search(store, { tags: { error: 'true' } })).toEqual([
          't1',
        ]);
        expect(
          await search(store, { tags: { 'otel.status_code': 'ERROR' } }),
        ).toEqual(['t1']);
        expect(
          await search(store, { tags: { 'otel.status_code': 'OK' } }),
        ).toEqual(['t2']);
        expect(
          await search(store, {
            tags: { 'otel.status_description': 'timeout' },
          }),
        ).toEqual(['t1']);
        expect(
          await search(store, { tags: { 'span.kind': 'client' } }),
        ).toEqual(['t1']);
        expect(await search(store, { tags: { event: 'exception' } })).toEqual([
          't1',
        ]);
      });

      it('needs every tag to match', async () => {
        const store = await storeWith(...tagged());
        expect(
          await search(store, {
            tags: { 'http.method': 'GET', 'http.status_code': '200' },
          }),
        ).toEqual(['t1']);
        expect(
          await search(store, {
            tags: { 'http.method': 'GET', 'http.status_code': '500' },
          }),
        ).toEqual([]);
      });

      it('needs every tag on the same span', async () => {
        const store = await storeWith(...tagged());
        // http.method is on a, peer.service on b: no single span has both
        expect(
          await search(store, {
            tags: { 'http.method': 'GET', 'peer.service': 'db' },
          }),
        ).toEqual([]);
      });

      it('compares values exactly, not as patterns', async () => {
        const store = await storeWith(...tagged());
        expect(await search(store, { tags: { 'http.method': 'G.*' } })).toEqual(
          [],
        );
        expect(
          await search(store, { tags: { 'http.status_code': '200.0' } }),
        ).toEqual([]);
      });

      it('matches a key holding slashes and tildes literally', async () => {
        const store = await storeWith(
          span({
            id: 'a',
            start: T0,
            dur: 1,
            attrs: { 'a/b~c': 'x', 'a/b': 'y' },
          }),
        );
        expect(await search(store, { tags: { 'a/b~c': 'x' } })).toEqual(['t1']);
        expect(await search(store, { tags: { 'a/b': 'x' } })).toEqual([]);
      });
    });

    describe('time range', () => {
      // t-early [──]   |  t-edge root [────|──]   |   t-late [─]
      //                |         child    [─]  |
      //             startMin                startMax
      const spans = (): Span[] => [
        span({ trace: 'early', id: 'a', start: T0, dur: 5 * S }),
        span({ trace: 'edge', id: 'b', start: T0 + 8 * S, dur: 10 * S }),
        span({
          trace: 'edge',
          id: 'c',
          parent: 'b',
          service: 'svc-b',
          start: T0 + 12 * S,
          dur: 1 * S,
        }),
        span({ trace: 'late', id: 'd', start: T0 + 30 * S, dur: 1 * S }),
      ];

      it('matches spans that start within the range, and returns their traces whole', async () => {
        const store = await storeWith(...spans());
        const result = await store.searchTraces({
          startMin: T0 + 10 * S,
          startMax: T0 + 20 * S,
          limit: 10,
        });
        expect(dumpTraces(result.traces)).toEqual(['edge: b c']);
      });

      it('needs the span with the service to start within the range', async () => {
        const store = await storeWith(...spans());
        const q = { startMin: T0 + 10 * S, startMax: T0 + 20 * S };
        expect(await search(store, { ...q, service: 'svc-a' })).toEqual([]);
        expect(await search(store, { ...q, service: 'svc-b' })).toEqual([
          'edge',
        ]);
      });

      it('includes both bounds', async () => {
        const store = await storeWith(...spans());
        expect(
          await search(store, {
            startMin: T0 + 30 * S,
            startMax: T0 + 30 * S,
          }),
        ).toEqual(['late']);
      });

      it('takes an open end on either side', async () => {
        const store = await storeWith(...spans());
        expect(await search(store, { startMin: T0 + 29 * S })).toEqual([
          'late',
        ]);
        expect(await search(store, { startMax: T0 + 1 })).toEqual(['early']);
      });
    });

    describe('duration', () => {
      // t1: root 100 µs, child 30 µs; t2: root 50 µs
      const spans = (): Span[] => [
        span({ trace: 't1', id: 'a', start: T0, dur: 100 }),
        span({
          trace: 't1',
          id: 'b',
          parent: 'a',
          service: 'svc-b',
          start: T0 + 10,
          dur: 30,
        }),
        span({ trace: 't2', id: 'c', start: T0 + 1000, dur: 50 }),
      ];

      it('matches span durations, bounds included', async () => {
        const store = await storeWith(...spans());
        expect(
          await search(store, { durationMin: 50, durationMax: 50 }),
        ).toEqual(['t2']);
        expect(await search(store, { durationMin: 60 })).toEqual(['t1']);
        expect(await search(store, { durationMax: 30 })).toEqual(['t1']);
      });

      it('needs the duration on the span that has the service', async () => {
        const store = await storeWith(...spans());
        expect(
          await search(store, { service: 'svc-b', durationMin: 60 }),
        ).toEqual([]);
        expect(
          await search(store, { service: 'svc-b', durationMax: 30 }),
        ).toEqual(['t1']);
      });
    });
  });
}
