/**
 * The path index's rollups against the answers without them: over a store
 * the indexer ran on, the path API, the service graph and the comparison
 * (and its distributions) answer the same whether the indexed windows come
 * from their rollups or, as for a store written before rollups, from the
 * index's rows and the spans — and the path report equals the engine's over
 * the same traces. A window that cuts indexed windows reads those from rows.
 * Traces are dense enough that the larger paths pass the 1 024 exact values
 * over the window but not within one minute, so merged exact parts turn into
 * sketches. A comparison reads the windows its sides cut from their index
 * rows, and answers as streaming every trace would.
 */
import { PathIndexer, startCollector } from '@pathprof/collector';
import type { AnalysisReport, PathIndexRun, Span } from '@pathprof/model';
import type { PathIndex, PathRollup, SpanStore } from '@pathprof/store';
import { createMemoryStore, openSpanStore } from '@pathprof/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  directReport,
  expectSameReport,
  seedTraces,
} from './path-index-helpers.js';

const MINUTE = 60_000_000;
/** The start of a ten-minute block: the first six minutes fill one block. */
const T0 = Math.floor(1_750_000_000_000_000 / (10 * MINUTE)) * 10 * MINUTE;
/** 5 000 traces over about six minutes (one every 0.07 s). */
const TRACES = seedTraces(5_000, T0, 13, 50_000);
const LAST_START = TRACES[TRACES.length - 1]!.startMicros;
const WHOLE = { startMicros: T0, endMicros: T0 + 10 * MINUTE };
/** Cuts the first and the last indexed window. */
const CUT = { startMicros: T0 + 25_000_000, endMicros: T0 + 4 * MINUTE + 5 };
/** Cuts the last window after its last trace: its rollup still holds just what the query asks for. */
const TAIL = { startMicros: T0, endMicros: LAST_START + 1 };

interface Reads {
  readPathStates: number;
  readPathRollups: number;
  streamTraces: number;
  /** Block rollups found. */
  blocks: number;
}

/** The store as the collector sees it, counting reads; without rollups, as one written before them. */
function watched(
  store: SpanStore,
  rollups: boolean,
): { store: SpanStore; reads: Reads } {
  const reads: Reads = {
    readPathStates: 0,
    readPathRollups: 0,
    streamTraces: 0,
    blocks: 0,
  };
  const counting = <T extends object>(target: T, extra: Partial<T>): T =>
    new Proxy(target, {
      get(t, prop) {
        if (prop in extra) {
          return extra[prop as keyof T];
        }
        const value = Reflect.get(t, prop, t) as unknown;
        if (typeof value !== 'function') {
          return value;
        }
        return (...args: unknown[]) => {
          if (prop in reads) {
            reads[prop as keyof Reads]++;
          }
          return (value as (...a: unknown[]) => unknown).apply(t, args);
        };
      },
    });
  const index = counting<PathIndex>(store.pathIndex!, {
    readPathRollups: async (runIds: readonly string[], kind: string) => {
      reads.readPathRollups++;
      if (!rollups) {
        return new Map<string, Uint8Array>();
      }
      const found = await store.pathIndex!.readPathRollups(runIds, kind);
      if (kind.endsWith('/block10')) {
        reads.blocks += found.size;
      }
      return found;
    },
  });
  return { store: counting<SpanStore>(store, { pathIndex: index }), reads };
}

/** The store without its path index: every answer streams the traces. */
function withoutIndex(store: SpanStore): SpanStore {
  return new Proxy(store, {
    get(t, prop) {
      if (prop === 'pathIndex') {
        return undefined;
      }
      const value = Reflect.get(t, prop, t) as unknown;
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(t)
        : value;
    },
  });
}

async function answer(store: SpanStore, path: string): Promise<unknown> {
  const collector = await startCollector({
    store,
    keepStoreOpen: true,
    otlpPort: null,
    zipkinPort: null,
    queryPort: 0,
    log: null,
    pathIndex: { enabled: false },
  });
  try {
    const res = await fetch(`${collector.queryUrl}${path}`);
    expect(res.status).toBe(200);
    return await res.json();
  } finally {
    await collector.close();
  }
}

const range = (w: typeof WHOLE): string =>
  `start=${w.startMicros}&end=${w.endMicros}`;
/** The first two minutes against the rest, then against a part cutting windows. */
const COMPARE_WHOLE = `baselineStart=${T0}&baselineEnd=${T0 + 2 * MINUTE}&candidateStart=${T0 + 2 * MINUTE}&candidateEnd=${WHOLE.endMicros}`;
const COMPARE_CUT = `baselineStart=${CUT.startMicros}&baselineEnd=${T0 + 2 * MINUTE}&candidateStart=${T0 + 2 * MINUTE}&candidateEnd=${CUT.endMicros}`;

/** One pass of the indexer over the store, at `nowMicros` (past the block's end, so that it merges the block). */
function indexStore(
  store: SpanStore,
  nowMicros = T0 + 12 * MINUTE,
): Promise<PathIndexRun[]> {
  return new PathIndexer(store, {
    delayMicros: 30_000_000,
    backfillMicros: 3_600_000_000,
    intervalMillis: 60_000,
    tickBudgetMillis: 600_000,
    nowMicros: () => nowMicros,
    log: () => undefined,
  }).runOnce();
}

function describeRollups(name: string, open: () => Promise<SpanStore>): void {
  describe(name, () => {
    let store: SpanStore;
    beforeAll(async () => {
      // every trace in the first block, which ends before the indexer's horizon
      expect(LAST_START).toBeLessThan(T0 + 10 * MINUTE);
      store = await open();
      await store.appendSpans(TRACES.flatMap((t) => t.spans));
      const runs = await indexStore(store);
      expect(runs.length).toBeGreaterThanOrEqual(5);
    }, 120_000);
    afterAll(() => store.close());

    it('answers the path API from rollups as from rows, and as the engine does', async () => {
      const fast = watched(store, true);
      const withRollups = (await answer(
        fast.store,
        `/api/paths?${range(WHOLE)}`,
      )) as AnalysisReport;
      expect(fast.reads).toMatchObject({ readPathStates: 0, streamTraces: 0 });
      expect(fast.reads.blocks).toBe(1);
      const slow = watched(store, false);
      const fromRows = (await answer(
        slow.store,
        `/api/paths?${range(WHOLE)}`,
      )) as AnalysisReport;
      expect(slow.reads.readPathStates).toBe(1);
      expect(withRollups.source).toEqual({
        indexedTraces: TRACES.length,
        streamedTraces: 0,
      });
      expect(withRollups.source).toEqual(fromRows.source);
      const biggest = withRollups.paths![0]!;
      expect(biggest.count).toBeGreaterThan(1_024);
      expect(biggest.durationMicros.exact).toBe(false);
      // the rows keep no warning samples; the rollups keep the engine's
      expectSameReport(
        { ...withRollups, warningSamples: [] },
        { ...fromRows, warningSamples: [] },
      );
      const engineWords = { ...withRollups };
      delete engineWords.source;
      expect(engineWords).toEqual(directReport(TRACES));
    });

    it('reads the windows a query cuts from rows, the others from rollups', async () => {
      const fast = watched(store, true);
      const withRollups = (await answer(
        fast.store,
        `/api/paths?${range(CUT)}`,
      )) as AnalysisReport;
      expect(fast.reads.readPathStates).toBe(1);
      const fromRows = (await answer(
        watched(store, false).store,
        `/api/paths?${range(CUT)}`,
      )) as AnalysisReport;
      expectSameReport(
        { ...withRollups, warningSamples: [] },
        { ...fromRows, warningSamples: [] },
      );
      const inside = TRACES.filter(
        (t) =>
          t.startMicros >= CUT.startMicros && t.startMicros < CUT.endMicros,
      );
      expect(withRollups.totals.traces).toBe(inside.length);
    });

    it('reads a window a query cuts from its rollup when all its traces are inside', async () => {
      const fast = watched(store, true);
      const withRollups = (await answer(
        fast.store,
        `/api/paths?${range(TAIL)}`,
      )) as AnalysisReport;
      expect(fast.reads).toMatchObject({ readPathStates: 0, streamTraces: 0 });
      expect(withRollups.source?.indexedTraces).toBe(TRACES.length);
      const engineWords = { ...withRollups };
      delete engineWords.source;
      expect(engineWords).toEqual(directReport(TRACES));
      const graph = watched(store, true);
      expect(
        await answer(graph.store, `/api/service-graph?${range(TAIL)}`),
      ).toEqual(
        await answer(
          watched(store, false).store,
          `/api/service-graph?${range(TAIL)}`,
        ),
      );
      expect(graph.reads.streamTraces).toBe(0);
    });

    it('answers the service graph from rollups as from the spans', async () => {
      for (const w of [WHOLE, CUT]) {
        const fast = watched(store, true);
        const withRollups = await answer(
          fast.store,
          `/api/service-graph?${range(w)}`,
        );
        if (w === WHOLE) {
          expect(fast.reads.streamTraces).toBe(0);
        }
        const slow = watched(store, false);
        expect(withRollups).toEqual(
          await answer(slow.store, `/api/service-graph?${range(w)}`),
        );
        expect(slow.reads.streamTraces).toBeGreaterThan(0);
      }
    });

    it('compares two windows from rollups as from the spans, distributions too', async () => {
      for (const query of [COMPARE_WHOLE, COMPARE_CUT]) {
        for (const route of ['/api/compare', '/api/compare/distributions']) {
          const fast = watched(store, true);
          const withRollups = await answer(fast.store, `${route}?${query}`);
          if (query === COMPARE_WHOLE) {
            expect(fast.reads.streamTraces).toBe(0);
          }
          expect(withRollups).toEqual(
            await answer(watched(store, false).store, `${route}?${query}`),
          );
        }
      }
    });

    it('merges the whole windows once: a second ask reads no rollup and answers the same', async () => {
      const fast = watched(store, true);
      const first = await answer(fast.store, `/api/paths?${range(WHOLE)}`);
      const reads = fast.reads.readPathRollups;
      expect(reads).toBeGreaterThan(0);
      expect(await answer(fast.store, `/api/paths?${range(WHOLE)}`)).toEqual(
        first,
      );
      expect(fast.reads.readPathRollups).toBe(reads);
    });

    it('compares the windows a query cuts from their index rows as from their traces', async () => {
      for (const query of [COMPARE_WHOLE, COMPARE_CUT]) {
        for (const route of ['/api/compare', '/api/compare/distributions']) {
          for (const rollups of [true, false]) {
            const fast = watched(store, rollups);
            const fromIndex = await answer(fast.store, `${route}?${query}`);
            expect(fast.reads.streamTraces).toBe(0);
            expect(fromIndex).toEqual(
              await answer(withoutIndex(store), `${route}?${query}`),
            );
          }
        }
      }
    });

    it('collects a comparison once for its report and its distributions', async () => {
      const fast = watched(store, true);
      const report = await answer(fast.store, `/api/compare?${COMPARE_CUT}`);
      const read = { ...fast.reads };
      expect(read.readPathStates).toBeGreaterThan(0);
      expect(read.readPathRollups).toBeGreaterThan(0);
      const distributions = await answer(
        fast.store,
        `/api/compare/distributions?${COMPARE_CUT}`,
      );
      expect(fast.reads).toEqual(read);
      const slow = watched(store, true);
      expect(
        await answer(slow.store, `/api/compare/distributions?${COMPARE_CUT}`),
      ).toEqual(distributions);
      expect(await answer(slow.store, `/api/compare?${COMPARE_CUT}`)).toEqual(
        report,
      );
    });
  });
}

describeRollups('memory adapter', () => Promise.resolve(createMemoryStore()));

describe('a block whose windows changed', () => {
  it('is not read: its windows come from their own rollups', async () => {
    const store = createMemoryStore();
    await store.appendSpans(TRACES.flatMap((t) => t.spans));
    await indexStore(store);
    // a late span of a trace of the third window makes that window stale
    const late = TRACES.find((t) => t.startMicros >= T0 + 2 * MINUTE)!;
    const span: Span = {
      ...late.spans[late.spans.length - 1]!,
      spanId: 'ffffffffffffff01' as Span['spanId'],
      startMicros: late.startMicros + 5,
      durationMicros: 3,
    };
    await store.appendSpans([span]);
    const all = TRACES.map((t) =>
      t === late ? { ...t, spans: [...t.spans, span] } : t,
    );
    const engineWords = (report: AnalysisReport): AnalysisReport => {
      const copy = { ...report };
      delete copy.source;
      return copy;
    };
    const stale = watched(store, true);
    const whileStale = (await answer(
      stale.store,
      `/api/paths?${range(WHOLE)}`,
    )) as AnalysisReport;
    expect(stale.reads.blocks).toBe(0);
    expect(stale.reads.streamTraces).toBe(1);
    expect(engineWords(whileStale)).toEqual(directReport(all));
    // indexed again by an indexer whose block merges are lost: the stored
    // block lists the window's old run, so it is still not read
    const losingBlocks = new Proxy(store, {
      get(target, prop) {
        if (prop === 'pathIndex') {
          const index = target.pathIndex!;
          return new Proxy(index, {
            get(i, q) {
              if (q === 'writePathRollups') {
                return (rollups: readonly PathRollup[]) =>
                  i.writePathRollups(
                    rollups.filter((r) => !r.kind.endsWith('/block10')),
                  );
              }
              const v = Reflect.get(i, q, i) as unknown;
              return typeof v === 'function'
                ? (v as (...a: unknown[]) => unknown).bind(i)
                : v;
            },
          });
        }
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function'
          ? (v as (...a: unknown[]) => unknown).bind(target)
          : v;
      },
    });
    expect((await indexStore(losingBlocks, T0 + 13 * MINUTE)).length).toBe(1);
    const outdated = watched(store, true);
    const withOutdatedBlock = (await answer(
      outdated.store,
      `/api/paths?${range(WHOLE)}`,
    )) as AnalysisReport;
    expect(outdated.reads).toMatchObject({ blocks: 1, streamTraces: 0 });
    expect(engineWords(withOutdatedBlock)).toEqual(directReport(all));
  });

  it('is answered anew when a span arrives in a window whose merge was kept', async () => {
    const store = createMemoryStore();
    await store.appendSpans(TRACES.flatMap((t) => t.spans));
    await indexStore(store);
    const engineWords = (report: unknown): AnalysisReport => {
      const copy = { ...(report as AnalysisReport) };
      delete copy.source;
      return copy;
    };
    const seen = watched(store, true);
    const before = await answer(seen.store, `/api/paths?${range(WHOLE)}`);
    expect(engineWords(before)).toEqual(directReport(TRACES));
    await answer(seen.store, `/api/compare?${COMPARE_WHOLE}`);
    const late = TRACES.find((t) => t.startMicros >= T0 + 2 * MINUTE)!;
    const span: Span = {
      ...late.spans[late.spans.length - 1]!,
      spanId: 'ffffffffffffff02' as Span['spanId'],
      startMicros: late.startMicros + 5,
      durationMicros: 3,
    };
    await store.appendSpans([span]);
    const all = TRACES.map((t) =>
      t === late ? { ...t, spans: [...t.spans, span] } : t,
    );
    // stale: that window from its spans, the others still kept
    expect(
      engineWords(await answer(seen.store, `/api/paths?${range(WHOLE)}`)),
    ).toEqual(directReport(all));
    const streamed = seen.reads.streamTraces;
    const comparedAgain = await answer(
      seen.store,
      `/api/compare?${COMPARE_WHOLE}`,
    );
    expect(seen.reads.streamTraces).toBeGreaterThan(streamed);
    expect(comparedAgain).toEqual(
      await answer(watched(store, true).store, `/api/compare?${COMPARE_WHOLE}`),
    );
    // indexed again: a new run, merged anew
    await indexStore(store, T0 + 13 * MINUTE);
    expect(
      engineWords(await answer(seen.store, `/api/paths?${range(WHOLE)}`)),
    ).toEqual(directReport(all));
  });
});
describeRollups('DuckDB (embedded, in memory)', () =>
  openSpanStore({ path: ':memory:' }),
);
