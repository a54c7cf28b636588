/** The DuckDB adapter's streamTraces: batches within pages, prefetch, SQL-side filters. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Span } from '@pathprof/model';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { SpanStore } from '../../src/index.js';
import { openDuckDbStore } from '../../src/index.js';
import { dumpTraces, span, T0 } from '../helpers.js';

const root = mkdtempSync(join(tmpdir(), 'pathprof-duckdb-stream-'));
let n = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

const stores: SpanStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

async function storeWith(spans: readonly Span[]): Promise<SpanStore> {
  const store = await openDuckDbStore({ path: join(root, `d${n++}`) });
  stores.push(store);
  await store.appendSpans(spans);
  return store;
}

const WINDOW = { startMicros: T0, endMicros: T0 + 1_000_000 };

/** `count` traces of two spans each, started 1 µs apart in reverse name order. */
function manyTraces(count: number): Span[] {
  return Array.from({ length: count }, (_, i) => {
    const trace = `t${String(i).padStart(4, '0')}`;
    const start = T0 + count - i;
    return [
      span({ trace, id: 'a', start, dur: 10, resource: { host: `h${i % 7}` } }),
      span({ trace, id: 'b', parent: 'a', start: start + 1, dur: 5 }),
    ];
  }).flat();
}

async function collect(
  store: SpanStore,
  options?: { service?: string; pageSize?: number },
): Promise<string[]> {
  const out: string[] = [];
  for await (const trace of store.streamTraces(WINDOW, options)) {
    out.push(...dumpTraces([trace]));
  }
  return out;
}

describe('DuckDB streamTraces', () => {
  it('yields every trace once, whole and in start order, across batches and pages', async () => {
    const spans = manyTraces(700);
    const store = await storeWith(spans);
    const expected = Array.from(
      { length: 700 },
      (_, i) => `t${String(699 - i).padStart(4, '0')}: a b`,
    );
    expect(await collect(store)).toEqual(expected);
    expect(await collect(store, { pageSize: 300 })).toEqual(expected);
    expect(await collect(store, { pageSize: 250 })).toEqual(expected);
  });

  it('returns spans equal to those appended, resources included', async () => {
    const spans = manyTraces(300);
    const store = await storeWith(spans);
    const streamed: Span[] = [];
    for await (const trace of store.streamTraces(WINDOW)) {
      streamed.push(...trace.spans);
    }
    const byId = (s: Span): string => `${s.traceId}/${s.spanId}`;
    expect(streamed.sort((a, b) => byId(a).localeCompare(byId(b)))).toEqual(
      [...spans].sort((a, b) => byId(a).localeCompare(byId(b))),
    );
  });

  it('matches a service whose name holds quotes and non-ASCII text', async () => {
    const odd = `o'brien "edge" \\ ✓ 😀`;
    const store = await storeWith([
      span({ trace: 'x', id: 'a', service: odd, start: T0, dur: 1 }),
      span({ trace: 'y', id: 'a', service: 'plain', start: T0 + 1, dur: 1 }),
    ]);
    expect(await collect(store, { service: odd })).toEqual(['x: a']);
    expect(await collect(store, { service: `o'brien` })).toEqual([]);
  });

  it('lets a consumer stop early, and closes with a batch still prefetched', async () => {
    const store = await storeWith(manyTraces(600));
    const seen: string[] = [];
    for await (const trace of store.streamTraces(WINDOW, { pageSize: 100 })) {
      seen.push(...dumpTraces([trace]));
      break;
    }
    expect(seen).toEqual(['t0599: a b']);
    await expect(store.close()).resolves.toBeUndefined();
  });
});
