/**
 * The collector's path indexer and the path API over it: windows that ended
 * more than the delay ago get indexed, newest first; `/api/paths` serves the
 * indexed windows from the store's aggregate and streams the rest, with the
 * report the engine gives over every trace; a span that arrives in an
 * indexed window makes that window's run stale (streamed again) until the
 * indexer runs it again.
 */
import type { PathIndexerOptions } from '@pathprof/collector';
import { PathIndexer, startCollector } from '@pathprof/collector';
import type { AnalysisReport, Span } from '@pathprof/model';
import { createMemoryStore } from '@pathprof/store';
import type { SpanStore } from '@pathprof/store';
import { afterEach, describe, expect, it } from 'vitest';
import { checkoutTraces } from './checkout-traces.js';
import {
  directReport,
  expectSameReport,
  seedTraces,
} from './path-index-helpers.js';

const MINUTE = 60_000_000;
/** A whole minute, so the index's windows start at T0. */
const T0 = Math.floor(1_750_000_000_000_000 / MINUTE) * MINUTE;
/** 900 traces over about five minutes (one every 1/3 s). */
const TRACES = seedTraces(900, T0, 11, 330_000);
const LAST_START = TRACES[TRACES.length - 1]!.startMicros;
const WINDOW = { startMicros: T0, endMicros: T0 + 10 * MINUTE };

async function filledStore(): Promise<SpanStore> {
  const store = createMemoryStore();
  await store.appendSpans(TRACES.flatMap((t) => t.spans));
  return store;
}

function indexer(
  store: SpanStore,
  nowMicros: number,
  overrides: Partial<PathIndexerOptions> = {},
): PathIndexer {
  return new PathIndexer(store, {
    delayMicros: 30_000_000,
    backfillMicros: 3_600_000_000,
    intervalMillis: 60_000,
    tickBudgetMillis: 60_000,
    nowMicros: () => nowMicros,
    log: () => undefined,
    ...overrides,
  });
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});

async function pathsOf(
  store: SpanStore,
  query = `start=${WINDOW.startMicros}&end=${WINDOW.endMicros}`,
): Promise<AnalysisReport> {
  const collector = await startCollector({
    store,
    keepStoreOpen: true,
    otlpPort: null,
    zipkinPort: null,
    queryPort: 0,
    log: null,
    pathIndex: { enabled: false },
  });
  stops.push(() => collector.close());
  const res = await fetch(`${collector.queryUrl}/api/paths?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as AnalysisReport;
}

/** The report as the engine alone words it: without the path API's `source`. */
function withoutSource(report: AnalysisReport): AnalysisReport {
  const copy = { ...report };
  delete copy.source;
  return copy;
}

describe('path indexer', () => {
  it('indexes every closed window that holds spans, newest first, once', async () => {
    const store = await filledStore();
    const now = LAST_START + 2 * MINUTE;
    const runs = await indexer(store, now).runOnce();
    const starts = runs.map((r) => r.startMicros);
    expect(starts.length).toBeGreaterThanOrEqual(5);
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    expect(runs.reduce((n, r) => n + r.traces, 0)).toBe(TRACES.length);
    expect(await indexer(store, now).runOnce()).toEqual([]);
  });

  it('leaves windows that ended less than the delay ago', async () => {
    const store = await filledStore();
    // now is 10 s past the end of the last trace's window: within the delay
    const lastWindowEnd = Math.ceil((LAST_START + 1) / MINUTE) * MINUTE;
    const runs = await indexer(store, lastWindowEnd + 10_000_000).runOnce();
    expect(runs.map((r) => r.endMicros)).not.toContain(lastWindowEnd);
    expect(runs.length).toBeGreaterThan(0);
  });

  it('looks at old windows once a minute, at the recent ones every tick', async () => {
    const store = await filledStore();
    let now = LAST_START + 10 * MINUTE;
    const ticking = indexer(store, 0, { nowMicros: () => now });
    expect((await ticking.runOnce()).length).toBeGreaterThanOrEqual(5);
    // a late span in the first window, minutes before the horizon
    const first = TRACES[0]!;
    await store.appendSpans([
      {
        ...first.spans[first.spans.length - 1]!,
        spanId: 'ffffffffffffff02' as Span['spanId'],
        startMicros: first.startMicros + 5,
        durationMicros: 3,
      },
    ]);
    now += 5_000_000;
    expect(await ticking.runOnce()).toEqual([]);
    now += MINUTE;
    expect((await ticking.runOnce()).map((r) => r.startMicros)).toEqual([
      Math.floor(first.startMicros / MINUTE) * MINUTE,
    ]);
  });

  it('stops after its tick budget and goes on at the next tick', async () => {
    const store = await filledStore();
    const now = LAST_START + 2 * MINUTE;
    const slow = indexer(store, now, { tickBudgetMillis: 0 });
    expect(await slow.runOnce()).toHaveLength(1);
    expect(await slow.runOnce()).toHaveLength(1);
  });
});

describe('path API over the index', () => {
  it('serves indexed windows from the index and the rest from spans, with the engine report', async () => {
    const store = await filledStore();
    const now = LAST_START + 2 * MINUTE;
    // index all but the last two windows
    const all = await indexer(store, now).runOnce();
    expect(all.length).toBeGreaterThan(3);
    const fresh = await filledStore();
    const cutoff = all[1]!.startMicros;
    await indexer(fresh, cutoff + 30_000_000).runOnce();
    const report = await pathsOf(fresh);
    const streamed = TRACES.filter((t) => t.startMicros >= cutoff).length;
    expect(report.source).toEqual({
      indexedTraces: TRACES.length - streamed,
      streamedTraces: streamed,
    });
    expect(streamed).toBeGreaterThan(0);
    expectSameReport(withoutSource(report), directReport(TRACES));
  });

  it('streams a window whose spans changed since its run, until it is indexed again', async () => {
    const store = await filledStore();
    const now = LAST_START + 2 * MINUTE;
    await indexer(store, now).runOnce();
    expect((await pathsOf(store)).source?.streamedTraces).toBe(0);
    // the next run of a window finishes later (another indexer, a second later)
    // a late span of the first trace, in the first window
    const first = TRACES[0]!;
    const late: Span = {
      ...first.spans[first.spans.length - 1]!,
      spanId: 'ffffffffffffff01' as Span['spanId'],
      startMicros: first.startMicros + 5,
      durationMicros: 3,
    };
    await store.appendSpans([late]);
    const before = await pathsOf(store);
    expect(before.source?.streamedTraces).toBeGreaterThan(0);
    const again = await indexer(store, now + 1_000_000).runOnce();
    expect(again.map((r) => r.startMicros)).toEqual([
      Math.floor(first.startMicros / MINUTE) * MINUTE,
    ]);
    const after = await pathsOf(store);
    expect(after.source?.streamedTraces).toBe(0);
    // the index counts warnings by code but keeps no samples of them
    expectSameReport(
      { ...withoutSource(after), warningSamples: [] },
      { ...withoutSource(before), warningSamples: [] },
    );
  });

  it('keeps to a part of a window and to the paths through one service', async () => {
    const store = await filledStore();
    await indexer(store, LAST_START + 2 * MINUTE).runOnce();
    const from = TRACES[100]!.startMicros;
    const to = TRACES[400]!.startMicros;
    const report = await pathsOf(
      store,
      `start=${from}&end=${to}&service=svc-g`,
    );
    expect(report.source?.streamedTraces).toBe(0);
    const expected = TRACES.filter(
      (t) =>
        t.startMicros >= from &&
        t.startMicros < to &&
        t.spans.some((s) => s.service === 'svc-g'),
    );
    expect(report.totals.traces).toBe(expected.length);
    expectSameReport(withoutSource(report), directReport(expected, 'svc-g'));
  });

  it('serves repeated calls, a fan-out and errors charged from other spans as the engine reports them', async () => {
    const checkout = checkoutTraces(900, T0, 5, 330_000);
    const store = createMemoryStore();
    await store.appendSpans(checkout.flatMap((t) => t.spans));
    const last = checkout[checkout.length - 1]!.startMicros;
    await indexer(store, last + 2 * MINUTE).runOnce();
    const report = await pathsOf(store);
    expect(report.source?.streamedTraces).toBe(0);
    const expected = directReport(checkout);
    expect(
      expected.paths!.some((p) => p.hops.some((h) => h.calls.max > 1)),
    ).toBe(true);
    expectSameReport(withoutSource(report), expected);
  });

  it('streams everything when asked for shapes or another path key', async () => {
    const store = await filledStore();
    await indexer(store, LAST_START + 2 * MINUTE).runOnce();
    const shapes = await pathsOf(
      store,
      `start=${WINDOW.startMicros}&end=${WINDOW.endMicros}&groupBy=shape`,
    );
    expect(shapes.source?.indexedTraces).toBe(0);
    const byService = await pathsOf(
      store,
      `start=${WINDOW.startMicros}&end=${WINDOW.endMicros}&pathKey=service`,
    );
    expect(byService.source?.indexedTraces).toBe(0);
  });
});
