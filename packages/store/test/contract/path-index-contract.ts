/**
 * Contract of the optional path index (adapters with `pathIndex`): runs and
 * their visibility, span counts per window, the aggregate's selection rules,
 * and deletion. The aggregate's numbers against the engine are checked in
 * `e2e/path-index.test.ts`; here, against hand-computed expectations.
 */
import type {
  IndexedPathRecord,
  IndexedTrace,
  PathIndexRun,
  PathStateOptions,
  PositionState,
  TraceId,
} from '@pathprof/model';
import { describe, expect, it } from 'vitest';
import type { PathIndex } from '../../src/index.js';
import { span, T0, tid } from '../helpers.js';
import type { ContractContext } from './contract-context.js';
import { S } from './contract-context.js';

const RUN_A = 'aaaaaaaaaaaaaaaa';
const RUN_B = 'bbbbbbbbbbbbbbbb';
const STEP = 60 * S;
/** T0 is midnight UTC, a multiple of the step. */
const W0 = { startMicros: T0, endMicros: T0 + STEP };

const OPTIONS: PathStateOptions = {
  exactLimit: 1024,
  sketchLog2Multiplier: 34.65620375188817,
  sketchMinIndexable: 1.135012422773875e-308,
  extremes: 2,
  madSample: 3,
  sampledTraces: 2,
  maxPaths: 100,
};

function trace(
  name: string,
  start: number,
  services: string[] = ['svc-a', 'svc-b'],
): IndexedTrace {
  return {
    traceId: tid(name),
    startMicros: start,
    spans: 2,
    hasHops: true,
    services,
    warningCodes: name === 'w' ? ['orphan-span', 'orphan-span'] : [],
  };
}

/**
 * A record whose fields all derive from its duration, so that each differs
 * between records: the first position errs (without a named span) at 200,
 * the second (through a proxy) above 300; the first position's other
 * branch is svc-e:e1 from 200 on, svc-g:g1 below.
 */
function record(
  name: string,
  start: number,
  duration: number,
  hash: number,
  key = 'svc-a:x > svc-b:y',
  cpu: number | null = duration / 2,
): IndexedPathRecord {
  const labels = key.split(' > ');
  const positions = labels.map((label, i) => {
    const last = i === labels.length - 1;
    const error = i === 0 ? duration === 200 : duration > 300;
    return {
      label,
      service: label.slice(0, label.indexOf(':')),
      calls: i === 0 ? 1 : Math.round(duration / 100),
      criticalCalls: i === 0 ? 1 : Math.round(duration / 200),
      overlap: i === 0 ? 1 : 1 + duration / 1000,
      durationMicros: duration / (i + 1),
      selfMicros: duration / (i + 2),
      cpuMicros: cpu === null ? null : cpu / (i + 1),
      memoryBytes: i === 1 ? -64 : null,
      inNextMicros: last ? 0 : duration / 4,
      inOtherMicros: last ? 0 : duration / 5,
      otherBranch: last ? null : duration >= 200 ? 'svc-e:e1' : 'svc-g:g1',
      error,
      errorSource: error && i === 1 ? 'proxy svc-b:egress' : null,
      criticalShare: 1 / (i + 1),
    };
  });
  return {
    traceId: tid(name),
    traceStartMicros: start,
    traceHash: hash,
    key,
    incomplete: false,
    error: positions.some((p) => p.error),
    durationMicros: duration,
    branchMicros: duration * 0.75,
    cpuMicros: cpu,
    memoryBytes: null,
    positions,
  };
}

function run(id: string, finished: number, spanCount = 4): PathIndexRun {
  return {
    ...W0,
    runId: id,
    spanCount,
    traces: 3,
    records: 3,
    finishedMicros: finished,
  };
}

async function indexOf(
  fresh: ContractContext['fresh'],
): Promise<PathIndex | undefined> {
  return (await fresh()).pathIndex;
}

export function describePathIndexContract({
  fresh,
  storeWith,
}: ContractContext): void {
  describe('path index', () => {
    it('lists a run only once it is finished, and the latest run of each window', async () => {
      const index = await indexOf(fresh);
      if (index === undefined) {
        return;
      }
      await index.appendIndexRows(RUN_A, [trace('a', T0 + S)], []);
      expect(await index.listIndexRuns(W0)).toEqual([]);
      await index.finishIndexRuns([run(RUN_A, 10)]);
      expect((await index.listIndexRuns(W0)).map((r) => r.runId)).toEqual([
        RUN_A,
      ]);
      const later = { ...run(RUN_B, 20), spanCount: 9 };
      const next = {
        ...run('cccccccccccccccc', 5),
        startMicros: T0 + STEP,
        endMicros: T0 + 2 * STEP,
      };
      await index.finishIndexRuns([later, next]);
      expect(
        await index.listIndexRuns({
          startMicros: T0,
          endMicros: T0 + 3 * STEP,
        }),
      ).toEqual([later, next]);
      // only windows overlapping the one asked for
      expect(
        (
          await index.listIndexRuns({
            startMicros: T0 + STEP,
            endMicros: T0 + STEP + 1,
          })
        ).map((r) => r.runId),
      ).toEqual(['cccccccccccccccc']);
    });

    it('counts stored spans by start in aligned windows, leaving out empty ones', async () => {
      const store = await storeWith(
        span({ trace: 't1', id: 'a', start: T0, dur: 5 }),
        span({
          trace: 't1',
          id: 'b',
          parent: 'a',
          start: T0 + STEP - 1,
          dur: 5,
        }),
        span({ trace: 't2', id: 'c', start: T0 + STEP, dur: 5 }),
        span({ trace: 't3', id: 'd', start: T0 + 3 * STEP + 7, dur: 5 }),
      );
      if (store.pathIndex === undefined) {
        return;
      }
      const counts = await store.pathIndex.countSpansByWindow(
        { startMicros: T0, endMicros: T0 + 4 * STEP },
        STEP,
      );
      expect([...counts].sort((a, b) => a[0] - b[0])).toEqual([
        [T0, 2],
        [T0 + STEP, 1],
        [T0 + 3 * STEP, 1],
      ]);
      const part = await store.pathIndex.countSpansByWindow(
        { startMicros: T0, endMicros: T0 + STEP },
        STEP,
      );
      expect([...part]).toEqual([[T0, 2]]);
    });

    describe('readPathStates', () => {
      async function filled(): Promise<PathIndex | undefined> {
        const index = await indexOf(fresh);
        if (index === undefined) {
          return undefined;
        }
        await index.appendIndexRows(
          RUN_A,
          [
            trace('a', T0 + 1),
            trace('b', T0 + 2, ['svc-a', 'svc-b', 'svc-c']),
            trace('w', T0 + 3),
          ],
          [
            record('a', T0 + 1, 100, 30),
            record('b', T0 + 2, 400, 20),
            record('w', T0 + 3, 200, 10, 'svc-a:x > svc-b:y', null),
            record('w', T0 + 3, 50, 10, 'svc-a:x'),
          ],
        );
        // another run of the same window, never read below unless asked for
        await index.appendIndexRows(
          RUN_B,
          [trace('z', T0 + 4)],
          [record('z', T0 + 4, 9, 1)],
        );
        await index.finishIndexRuns([run(RUN_A, 1), run(RUN_B, 2)]);
        return index;
      }

      it('aggregates counts, moments, values, samples and candidates per path and position', async () => {
        const index = await filled();
        if (index === undefined) {
          return;
        }
        const state = await index.readPathStates([RUN_A], W0, OPTIONS);
        expect(state.totals).toEqual({
          traces: 3,
          spans: 6,
          tracesWithoutHops: 0,
          warningsByCode: { 'orphan-span': 2 },
          firstStartMicros: T0 + 1,
          lastStartMicros: T0 + 3,
        });
        expect(state.paths.map((p) => [p.key, p.count])).toEqual([
          ['svc-a:x > svc-b:y', 3],
          ['svc-a:x', 1],
        ]);
        const p = state.paths[0]!;
        expect(p.errors).toBe(2);
        expect(p.duration.count).toBe(3);
        expect(p.duration.mean).toBeCloseTo(700 / 3, 9);
        // values 100, 400, 200: squared deviations from 233.3…
        expect(p.duration.m2).toBeCloseTo(46_666.666_666_7, 4);
        expect([p.duration.min, p.duration.max]).toEqual([100, 400]);
        expect([...p.duration.values!].sort((x, y) => x - y)).toEqual([
          100, 200, 400,
        ]);
        expect([...p.branch.values!].sort((x, y) => x - y)).toEqual([
          75, 150, 300,
        ]);
        expect(p.cpu.count).toBe(2);
        expect(p.memory.count).toBe(0);
        expect(p.positions.map((x) => [x.label, x.service])).toEqual([
          ['svc-a:x', 'svc-a'],
          ['svc-b:y', 'svc-b'],
        ]);
        const [first, second] = p.positions as [PositionState, PositionState];
        expect(first.errors).toBe(1);
        expect(first.errorSources).toEqual([{ value: 'own', count: 1 }]);
        expect(first.otherBranches).toEqual([
          { value: 'svc-e:e1', count: 2 },
          { value: 'svc-g:g1', count: 1 },
        ]);
        expect([...first.inNext.values!].sort((x, y) => x - y)).toEqual([
          25, 50, 100,
        ]);
        expect([...first.inOther.values!].sort((x, y) => x - y)).toEqual([
          20, 40, 80,
        ]);
        expect(second.errors).toBe(1);
        expect(second.errorSources).toEqual([
          { value: 'proxy svc-b:egress', count: 1 },
        ]);
        expect(second.otherBranches).toEqual([]);
        expect([...second.calls.values!].sort((x, y) => x - y)).toEqual([
          1, 2, 4,
        ]);
        expect(second.calls.mean).toBeCloseTo(7 / 3, 9);
        expect([...second.criticalCalls.values!].sort()).toEqual([1, 1, 2]);
        expect([...second.overlap.values!].sort((x, y) => x - y)).toEqual([
          1.1, 1.2, 1.4,
        ]);
        expect(second.inNext.values).toEqual([0, 0, 0]);
        expect([...second.duration.values!].sort((x, y) => x - y)).toEqual([
          50, 100, 200,
        ]);
        // waiting = duration − CPU, where CPU is known: 50 − 25, 200 − 100
        expect([...second.waiting.values!].sort((x, y) => x - y)).toEqual([
          25, 100,
        ]);
        expect(second.memory.values).toEqual([-64, -64, -64]);
        expect(p.sampledTraces).toEqual([
          { traceId: tid('w'), hash: 10 },
          { traceId: tid('b'), hash: 20 },
        ]);
        expect(
          p.candidates.duration.extremes.map((r) => [
            r.traceId,
            r.durationMicros,
          ]),
        ).toEqual([
          [tid('b'), 400],
          [tid('w'), 200],
        ]);
        expect(p.candidates.cpu.extremes.map((r) => r.cpuMicros)).toEqual([
          200, 50,
        ]);
        expect(p.candidates.cpu.extremes[0]).toEqual(
          record('b', T0 + 2, 400, 20),
        );
        expect(p.candidates.duration.extremes[1]).toEqual(
          record('w', T0 + 3, 200, 10, 'svc-a:x > svc-b:y', null),
        );
        expect(p.candidates.duration.sample).toEqual([
          { traceId: tid('w'), hash: 10, value: 200 },
          { traceId: tid('b'), hash: 20, value: 400 },
          { traceId: tid('a'), hash: 30, value: 100 },
        ]);
      });

      it('reads what a comparison needs as the full read does: the slowest candidate, no sample', async () => {
        const index = await filled();
        if (index === undefined) {
          return;
        }
        const all = await index.readPathStates([RUN_A], W0, OPTIONS);
        const lean = await index.readPathStates([RUN_A], W0, {
          ...OPTIONS,
          extremes: 1,
          madSample: 0,
          measures: 'compared',
        });
        expect(lean.totals).toEqual(all.totals);
        // what a comparison reads of each path; an adapter may leave the
        // rest (exact values in any order)
        type Measure = (typeof all.paths)[number]['duration'];
        const m = (x: Measure): Measure => ({
          ...x,
          values:
            x.values === null ? null : [...x.values].sort((a, b) => a - b),
        });
        const compared = (state: typeof all): unknown =>
          state.paths.map((path) => ({
            key: path.key,
            count: path.count,
            errors: path.errors,
            duration: m(path.duration),
            cpu: m(path.cpu),
            memory: m(path.memory),
            sampledTraces: path.sampledTraces,
            positions: path.positions.map((x) => ({
              label: x.label,
              service: x.service,
              self: m(x.self),
              cpu: m(x.cpu),
              memory: m(x.memory),
            })),
          }));
        expect(compared(lean)).toEqual(compared(all));
        const p = lean.paths[0]!;
        for (const metric of ['duration', 'cpu', 'memory'] as const) {
          expect(p.candidates[metric].sample).toEqual([]);
          expect(p.candidates[metric].extremes).toEqual(
            all.paths[0]!.candidates[metric].extremes.slice(0, 1),
          );
        }
      });

      it('reads only the runs it is given and the traces starting in the window', async () => {
        const index = await filled();
        if (index === undefined) {
          return;
        }
        const both = await index.readPathStates([RUN_A, RUN_B], W0, OPTIONS);
        expect(both.totals.traces).toBe(4);
        const early = await index.readPathStates(
          [RUN_A],
          { startMicros: T0, endMicros: T0 + 2 },
          OPTIONS,
        );
        expect(early.totals.traces).toBe(1);
        expect(early.paths.map((p) => p.count)).toEqual([1]);
        expect(early.totals.firstStartMicros).toBe(T0 + 1);
        expect(early.totals.lastStartMicros).toBe(T0 + 1);
        const none = await index.readPathStates([], W0, OPTIONS);
        expect(none.paths).toEqual([]);
        expect(none.totals.firstStartMicros).toBeNull();
        expect(none.totals.lastStartMicros).toBeNull();
      });

      it('lists the paths through a service, and counts every trace with a span of it', async () => {
        const index = await filled();
        if (index === undefined) {
          return;
        }
        // w's svc-a:x record does not pass through svc-b, though w has spans there
        const ofB = await index.readPathStates([RUN_A], W0, {
          ...OPTIONS,
          service: 'svc-b',
        });
        expect(ofB.totals.traces).toBe(3);
        expect(ofB.totals.warningsByCode).toEqual({ 'orphan-span': 2 });
        expect(ofB.paths.map((p) => [p.key, p.count])).toEqual([
          ['svc-a:x > svc-b:y', 3],
        ]);
        // svc-c has a span in b but no hop on any path
        const ofC = await index.readPathStates([RUN_A], W0, {
          ...OPTIONS,
          service: 'svc-c',
        });
        expect(ofC.totals.traces).toBe(1);
        expect(ofC.totals.firstStartMicros).toBe(T0 + 2);
        expect(ofC.paths).toEqual([]);
        const ofA = await index.readPathStates([RUN_A], W0, {
          ...OPTIONS,
          service: 'svc-a',
        });
        expect(ofA.paths.map((p) => [p.key, p.count])).toEqual([
          ['svc-a:x > svc-b:y', 3],
          ['svc-a:x', 1],
        ]);
      });

      it('returns at most maxPaths paths, the most frequent first', async () => {
        const index = await filled();
        if (index === undefined) {
          return;
        }
        const state = await index.readPathStates([RUN_A], W0, {
          ...OPTIONS,
          maxPaths: 1,
        });
        expect(state.paths.map((p) => p.key)).toEqual(['svc-a:x > svc-b:y']);
      });

      it('switches a measure with more values than the exact limit to sketch bins', async () => {
        const index = await filled();
        if (index === undefined) {
          return;
        }
        const state = await index.readPathStates([RUN_A], W0, {
          ...OPTIONS,
          exactLimit: 2,
        });
        const d = state.paths[0]!.duration;
        expect(d.values).toBeNull();
        // keys ceil(log2(v) × 34.656…): 100 → 231, 200 → 265, 400 → 300
        expect(d.bins).toEqual({
          zeroCount: 0,
          positive: [
            [231, 1],
            [265, 1],
            [300, 1],
          ],
          negative: [],
        });
        expect(state.paths[0]!.positions[1]!.memory.bins).toEqual({
          zeroCount: 0,
          positive: [],
          negative: [[208, 3]],
        });
        // 75 → 216, 150 → 251, 300 → 286
        expect(state.paths[0]!.branch.bins).toEqual({
          zeroCount: 0,
          positive: [
            [216, 1],
            [251, 1],
            [286, 1],
          ],
          negative: [],
        });
        expect(state.paths[0]!.positions[1]!.inNext.bins).toEqual({
          zeroCount: 3,
          positive: [],
          negative: [],
        });
      });
    });

    it('keeps every row of a write larger than one of the store’s write chunks', async () => {
      const index = await indexOf(fresh);
      if (index === undefined) {
        return;
      }
      // more rows than DuckDB's 2 048-row data chunk, each distinct
      const n = 4_100;
      const names = Array.from({ length: n }, (_, i) => `r${i}`);
      await index.appendIndexRows(
        RUN_A,
        names.map((name, i) => trace(name, T0 + S + i)),
        names.map((name, i) => record(name, T0 + S + i, 100 + i, i)),
      );
      await index.finishIndexRuns([
        { ...run(RUN_A, 10), traces: n, records: n },
      ]);
      const state = await index.readPathStates([RUN_A], W0, {
        ...OPTIONS,
        exactLimit: 10_000,
      });
      expect(state.totals.traces).toBe(n);
      const p = state.paths[0]!;
      expect(p.count).toBe(n);
      expect(p.duration.values).toHaveLength(n);
      expect(Math.min(...p.duration.values!)).toBe(100);
      expect(Math.max(...p.duration.values!)).toBe(100 + n - 1);
    });

    it('refuses run ids that are not 16 hex digits', async () => {
      const index = await indexOf(fresh);
      if (index === undefined) {
        return;
      }
      await expect(
        index.readPathStates(["x' OR 1=1"], W0, OPTIONS),
      ).rejects.toMatchObject({ code: 'PATHPROF_ERR_STORE_BAD_QUERY' });
      await expect(
        index.appendIndexRows('short', [], []),
      ).rejects.toMatchObject({
        code: 'PATHPROF_ERR_STORE_BAD_QUERY',
      });
    });

    it('keeps rollups by run and kind, read only for the runs asked for', async () => {
      const index = await indexOf(fresh);
      if (index === undefined) {
        return;
      }
      const bytes = Uint8Array.from([0, 1, 2, 255, 0, 39, 92]);
      await index.writePathRollups([
        { runId: RUN_A, kind: 'paths/v1', state: bytes },
        { runId: RUN_A, kind: 'graph/v1', state: Uint8Array.from([7]) },
        { runId: RUN_B, kind: 'paths/v1', state: Uint8Array.from([8, 9]) },
      ]);
      const read = await index.readPathRollups([RUN_A, RUN_B], 'paths/v1');
      expect([...read.keys()].sort()).toEqual([RUN_A, RUN_B]);
      expect([...read.get(RUN_A)!]).toEqual([...bytes]);
      expect([...read.get(RUN_B)!]).toEqual([8, 9]);
      // runs without a rollup of that kind are left out
      expect(
        [...(await index.readPathRollups([RUN_A, RUN_B], 'graph/v1'))].map(
          ([id, state]) => [id, [...state]],
        ),
      ).toEqual([[RUN_A, [7]]]);
      expect(
        (await index.readPathRollups(['cccccccccccccccc'], 'paths/v1')).size,
      ).toBe(0);
      expect((await index.readPathRollups([], 'paths/v1')).size).toBe(0);
      // a later write replaces the earlier
      await index.writePathRollups([
        { runId: RUN_B, kind: 'paths/v1', state: Uint8Array.from([3]) },
      ]);
      expect([
        ...(await index.readPathRollups([RUN_B], 'paths/v1')).get(RUN_B)!,
      ]).toEqual([3]);
      // a rollup of some size (stores may hand short and long values over differently)
      const long = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256);
      await index.writePathRollups([
        { runId: RUN_A, kind: 'samples/v1', state: long },
        { runId: RUN_B, kind: 'samples/v1', state: Uint8Array.from([5]) },
      ]);
      const both = await index.readPathRollups([RUN_A, RUN_B], 'samples/v1');
      expect(Buffer.from(both.get(RUN_A)!).equals(Buffer.from(long))).toBe(
        true,
      );
      expect([...both.get(RUN_B)!]).toEqual([5]);
      await expect(
        index.readPathRollups([RUN_A], "x' OR 1=1"),
      ).rejects.toMatchObject({ code: 'PATHPROF_ERR_STORE_BAD_QUERY' });
      await expect(
        index.writePathRollups([
          { runId: 'short', kind: 'paths/v1', state: bytes },
        ]),
      ).rejects.toMatchObject({ code: 'PATHPROF_ERR_STORE_BAD_QUERY' });
    });

    it('drops a run’s rollups with the last of its trace rows', async () => {
      const store = await storeWith(
        span({ trace: 'old', id: 'a', start: T0, dur: 10 }),
        span({ trace: 'new', id: 'b', start: T0 + 10 * S, dur: 10 }),
      );
      if (store.pathIndex === undefined) {
        return;
      }
      const index = store.pathIndex;
      await index.appendIndexRows(RUN_A, [trace('old', T0)], []);
      await index.appendIndexRows(RUN_B, [trace('new', T0 + 10 * S)], []);
      await index.writePathRollups([
        { runId: RUN_A, kind: 'paths/v1', state: Uint8Array.from([1]) },
        { runId: RUN_B, kind: 'paths/v1', state: Uint8Array.from([2]) },
      ]);
      await index.finishIndexRuns([run(RUN_A, 1), run(RUN_B, 2)]);
      await store.deleteOlderThan(T0 + S);
      expect([
        ...(await index.readPathRollups([RUN_A, RUN_B], 'paths/v1')).keys(),
      ]).toEqual([RUN_B]);
    });

    it('deletes the index rows of the traces a deletion removes', async () => {
      const store = await storeWith(
        span({ trace: 'old', id: 'a', start: T0, dur: 10 }),
        span({ trace: 'new', id: 'b', start: T0 + 10 * S, dur: 10 }),
      );
      if (store.pathIndex === undefined) {
        return;
      }
      await store.pathIndex.appendIndexRows(
        RUN_A,
        [trace('old', T0), trace('new', T0 + 10 * S)],
        [record('old', T0, 10, 1), record('new', T0 + 10 * S, 10, 2)],
      );
      await store.pathIndex.finishIndexRuns([run(RUN_A, 1)]);
      await store.deleteOlderThan(T0 + S);
      const state = await store.pathIndex.readPathStates([RUN_A], W0, OPTIONS);
      expect(state.totals.traces).toBe(1);
      expect(
        state.paths[0]!.candidates.duration.extremes.map((r) => r.traceId),
      ).toEqual([tid('new') as TraceId]);
    });

    it('deletes the index rows of the traces retention removes', async () => {
      const store = await fresh({ retentionMicros: S });
      if (store.pathIndex === undefined) {
        return;
      }
      // both traces are as old; only `old` was received more than 1 s ago
      const received = T0 + 100 * S;
      await store.appendSpans(
        [span({ trace: 'old', id: 'a', start: T0, dur: 10 })],
        { receivedMicros: received },
      );
      await store.appendSpans(
        [span({ trace: 'new', id: 'b', start: T0 + 10 * S, dur: 10 })],
        { receivedMicros: received + 5 * S },
      );
      await store.pathIndex.appendIndexRows(
        RUN_A,
        [trace('old', T0), trace('new', T0 + 10 * S)],
        [record('old', T0, 10, 1), record('new', T0 + 10 * S, 10, 2)],
      );
      await store.pathIndex.finishIndexRuns([run(RUN_A, 1)]);
      expect(await store.applyRetention(received + 5 * S)).toEqual({
        traces: 1,
        spans: 1,
      });
      const state = await store.pathIndex.readPathStates([RUN_A], W0, OPTIONS);
      expect(state.totals.traces).toBe(1);
      expect(
        state.paths[0]!.candidates.duration.extremes.map((r) => r.traceId),
      ).toEqual([tid('new') as TraceId]);
    });
  });
}
