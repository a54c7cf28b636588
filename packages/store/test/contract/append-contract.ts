/** Contract: appendSpans: validation, duplicates, round trips, concurrency. */
import type { Span, TraceId } from '@pathprof/model';
import { describe, expect, it } from 'vitest';
import { dumpTraces, sid, span, T0, tid } from '../helpers.js';
import type { ContractContext } from './contract-context.js';

export function describeAppendContract({
  fresh,
  storeWith,
}: ContractContext): void {
  describe('appendSpans', () => {
    it('reports every valid span as stored', async () => {
      const store = await fresh();
      const result = await store.appendSpans([
        span({ id: 'a', start: T0, dur: 10 }),
        span({ id: 'b', parent: 'a', start: T0 + 1, dur: 5 }),
      ]);
      expect(result).toEqual({ stored: 2, duplicates: 0, rejected: 0 });
    });

    it('accepts an empty batch', async () => {
      const store = await fresh();
      expect(await store.appendSpans([])).toEqual({
        stored: 0,
        duplicates: 0,
        rejected: 0,
      });
    });

    it('skips invalid spans, counts them, and stores the rest', async () => {
      const store = await fresh();
      const good = span({ id: 'a', start: T0, dur: 10 });
      const result = await store.appendSpans([
        { ...good, traceId: 'xyz' as TraceId },
        { ...good, spanId: sid('b'), durationMicros: -1 },
        { ...good, spanId: sid('c'), startMicros: Number.NaN },
        good,
      ]);
      expect(result).toMatchObject({ stored: 1, rejected: 3 });
      expect(result.rejectedMessage).toMatch(/traceId/);
      expect(dumpTraces(await store.getTraces([tid('t1')]))).toEqual(['t1: a']);
    });

    it('drops a span repeated within one batch and counts it', async () => {
      const store = await fresh();
      const a = span({ id: 'a', start: T0, dur: 10 });
      expect(await store.appendSpans([a, a])).toMatchObject({
        stored: 1,
        duplicates: 1,
      });
    });

    it('keeps text holding line breaks, tabs, quotes and control characters as sent', async () => {
      const store = await fresh();
      const odd = [
        'svc\rb',
        'op\r\n1',
        'tab\there',
        'a\u0001b',
        '"q" \\ \'s\'',
        'end\r',
      ];
      const spans = odd.map((text, i) =>
        span({
          id: `s${i}`,
          trace: `t${i}`,
          service: text,
          op: `${text}-op`,
          start: T0 + i,
          dur: 10,
          attrs: { note: text },
        }),
      );
      expect(await store.appendSpans(spans)).toMatchObject({
        stored: odd.length,
      });
      const traces = await store.getTraces(odd.map((_, i) => tid(`t${i}`)));
      const read = traces.map((t) => t.spans[0]!);
      expect(read.map((s) => s.service).sort()).toEqual([...odd].sort());
      for (const s of read) {
        expect(s.operation).toBe(`${s.service}-op`);
        expect(s.attributes['note']).toBe(s.service);
      }
    });

    it('returns a span appended twice in separate batches once', async () => {
      const store = await fresh();
      const a = span({ id: 'a', start: T0, dur: 10 });
      await store.appendSpans([a]);
      await store.appendSpans([a]);
      expect(dumpTraces(await store.getTraces([tid('t1')]))).toEqual(['t1: a']);
      expect((await store.searchTraces({ limit: 10 })).total).toBe(1);
    });

    it('keeps a client and its shared server span, which reuse one span id', async () => {
      const store = await storeWith(
        span({
          id: 'a',
          kind: 'client',
          service: 'front',
          start: T0,
          dur: 10,
        }),
        span({
          id: 'a',
          kind: 'server',
          service: 'back',
          start: T0,
          dur: 8,
          shared: true,
        }),
      );
      const [trace] = await store.getTraces([tid('t1')]);
      expect(trace?.spans.map((s) => `${s.service}:${s.kind}`)).toEqual([
        'front:client',
        'back:server',
      ]);
    });

    it('assembles a trace from spans appended in separate batches', async () => {
      const store = await fresh();
      await store.appendSpans([
        span({ id: 'b', parent: 'a', start: T0 + 5, dur: 1 }),
      ]);
      await store.appendSpans([span({ id: 'a', start: T0, dur: 10 })]);
      expect(dumpTraces(await store.getTraces([tid('t1')]))).toEqual([
        't1: a b',
      ]);
    });

    it('round-trips every field of a span unchanged', async () => {
      const full: Span = {
        ...span({
          id: 'a',
          parent: 'p',
          service: 'svc-x',
          op: 'GET /x',
          kind: 'consumer',
          start: T0 + 123,
          dur: 456,
          status: 'error',
          statusMessage: 'boom',
          attrs: {
            str: 'v',
            int: 200,
            float: 1.5,
            bool: false,
            list: ['a', 'b'],
            nums: [1, 2.5],
            'key.with/odd~chars': 'ok',
            unicode: 'é😀',
          },
          resource: { 'host.name': 'h1', 'process.pid': 42 },
          events: [
            {
              timeMicros: T0 + 200,
              name: 'exception',
              attributes: { 'exception.type': 'E' },
            },
            { timeMicros: T0 + 300, name: 'log', attributes: {} },
          ],
          missingTiming: 'duration',
        }),
        references: [
          { type: 'child_of', traceId: tid('t1'), spanId: sid('p') },
          { type: 'follows_from', traceId: tid('t1'), spanId: sid('q') },
          { type: 'link', traceId: tid('other'), spanId: sid('r') },
        ],
      };
      const store = await storeWith(full);
      const [trace] = await store.getTraces([tid('t1')]);
      expect(trace?.spans).toEqual([full]);
    });

    it('round-trips a root span without references and a span whose only reference is a link', async () => {
      const root = span({ id: 'a', start: T0, dur: 10 });
      const linked: Span = {
        ...span({ trace: 't2', id: 'b', start: T0, dur: 10 }),
        references: [{ type: 'link', traceId: tid('t1'), spanId: sid('a') }],
      };
      const orphanNoRefs: Span = {
        ...span({ trace: 't3', id: 'c', parent: 'x', start: T0, dur: 1 }),
        references: [],
      };
      const store = await storeWith(root, linked, orphanNoRefs);
      const traces = await store.getTraces([tid('t1'), tid('t2'), tid('t3')]);
      expect(traces.map((t) => t.spans[0])).toEqual([
        root,
        linked,
        orphanNoRefs,
      ]);
    });

    it('stores times as whole microseconds', async () => {
      const store = await storeWith(
        span({ id: 'a', start: T0 + 0.6, dur: 9.4 }),
      );
      const [trace] = await store.getTraces([tid('t1')]);
      expect(trace?.spans[0]).toMatchObject({
        startMicros: T0 + 1,
        durationMicros: 9,
      });
    });

    it('stores every span of concurrent appends', async () => {
      const store = await fresh();
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.appendSpans([
            span({ trace: `c${i}`, id: 'a', start: T0 + i, dur: 1 }),
          ]),
        ),
      );
      expect((await store.searchTraces({ limit: 100 })).total).toBe(10);
    });
  });
}
