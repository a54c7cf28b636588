/**
 * Contract of the path index's drill-down reads: `readPathSeries` (counts,
 * errors and duration sketch bins per path and time bucket) and
 * `searchPathRecords` (one path's requests filtered by duration, error or a
 * position's calls, ordered and paged). Against hand-computed expectations.
 *
 *   bucket (10 s)   T0          T0+10s       T0+20s
 *   x > y           a 100 µs    c 400 (err)   –
 *                   b 200
 *   x               –           d 50          e 0 µs
 */
import type {
  IndexedPathRecord,
  PathIndexRun,
  PathSeriesOptions,
} from '@pathprof/model';
import { describe, expect, it } from 'vitest';
import type { PathIndex } from '../../src/index.js';
import { T0, tid } from '../helpers.js';
import type { ContractContext } from './contract-context.js';
import { S } from './contract-context.js';

const RUN_A = 'aaaaaaaaaaaaaaaa';
const RUN_B = 'bbbbbbbbbbbbbbbb';
const STEP = 10 * S;
const WINDOW = { startMicros: T0, endMicros: T0 + 60 * S };
const XY = 'svc-a:x > svc-b:y';
const X = 'svc-a:x';

const SERIES: PathSeriesOptions = {
  stepMicros: STEP,
  sketchLog2Multiplier: 34.65620375188817,
  sketchMinIndexable: 1.135012422773875e-308,
  maxPaths: 10,
  exactLimit: 2,
};

/** A record whose second position lasts a quarter of the request and errs when the request does. */
function record(
  name: string,
  start: number,
  duration: number,
  hash: number,
  key = XY,
  error = false,
): IndexedPathRecord {
  const labels = key.split(' > ');
  return {
    traceId: tid(name),
    traceStartMicros: start,
    traceHash: hash,
    key,
    incomplete: false,
    error,
    durationMicros: duration,
    branchMicros: duration,
    cpuMicros: null,
    memoryBytes: null,
    positions: labels.map((label, i) => ({
      label,
      service: label.slice(0, label.indexOf(':')),
      calls: 1,
      criticalCalls: 1,
      overlap: 1,
      durationMicros: i === 0 ? duration : duration / 4,
      selfMicros: duration / 2,
      cpuMicros: null,
      memoryBytes: null,
      inNextMicros: 0,
      inOtherMicros: 0,
      otherBranch: null,
      error: i > 0 && error,
      errorSource: null,
      criticalShare: 0.5,
    })),
  };
}

const RECORDS = [
  record('a', T0 + 1, 100, 30),
  record('b', T0 + 2 * S, 200, 10),
  record('c', T0 + STEP + 5, 400, 20, XY, true),
  record('d', T0 + STEP + 6, 50, 40, X),
  record('e', T0 + 2 * STEP, 0, 50, X),
];

function run(id: string, finished: number): PathIndexRun {
  return {
    ...WINDOW,
    runId: id,
    spanCount: 10,
    traces: 5,
    records: 5,
    finishedMicros: finished,
  };
}

export function describePathDrilldownContract({
  fresh,
}: ContractContext): void {
  describe('path index drill-down', () => {
    async function filled(): Promise<PathIndex | undefined> {
      const index = (await fresh()).pathIndex;
      if (index === undefined) {
        return undefined;
      }
      await index.appendIndexRows(RUN_A, [], RECORDS);
      // another run, read only when asked for
      await index.appendIndexRows(RUN_B, [], [record('z', T0 + 3, 999, 1)]);
      await index.finishIndexRuns([run(RUN_A, 1), run(RUN_B, 2)]);
      return index;
    }

    describe('readPathSeries', () => {
      it('counts records and errors per path and aligned bucket, with duration bins', async () => {
        const index = await filled();
        if (index === undefined) {
          return;
        }
        const cells = await index.readPathSeries([RUN_A], WINDOW, SERIES);
        expect(
          cells.map((c) => [
            c.key,
            c.bucketStartMicros - T0,
            c.count,
            c.errors,
            c.minMicros,
            c.maxMicros,
          ]),
        ).toEqual([
          // the path with most records first
          [XY, 0, 2, 0, 100, 200],
          [XY, STEP, 1, 1, 400, 400],
          [X, STEP, 1, 0, 50, 50],
          [X, 2 * STEP, 1, 0, 0, 0],
        ]);
        const bin = (v: number): number =>
          Math.ceil(Math.log2(v) * SERIES.sketchLog2Multiplier);
        expect(cells[0]!.bins).toEqual({
          zeroCount: 0,
          positive: [
            [bin(100), 1],
            [bin(200), 1],
          ],
          negative: [],
        });
        expect(cells[0]!.values).toEqual([100, 200]);
        // a zero duration falls in the zero bin
        expect(cells[3]!.bins).toEqual({
          zeroCount: 1,
          positive: [],
          negative: [],
        });
      });

      it('keeps to the runs, window, paths, service and path limit asked for', async () => {
        const index = await filled();
        if (index === undefined) {
          return;
        }
        const keys = async (
          runs: string[],
          window: typeof WINDOW,
          options: Partial<PathSeriesOptions>,
        ): Promise<string[]> =>
          (
            await index.readPathSeries(runs, window, { ...SERIES, ...options })
          ).map((c) => `${c.key}@${(c.bucketStartMicros - T0) / S}`);
        expect(
          await keys([RUN_A, RUN_B], WINDOW, {
            keys: [XY],
            stepMicros: 60 * S,
          }),
        ).toEqual([`${XY}@0`]);
        expect(
          (
            await index.readPathSeries([RUN_A, RUN_B], WINDOW, {
              ...SERIES,
              keys: [XY],
              stepMicros: 60 * S,
            })
          )[0]!.count,
        ).toBe(4);
        // more records than the exact limit: bins only
        expect(
          (
            await index.readPathSeries([RUN_A, RUN_B], WINDOW, {
              ...SERIES,
              keys: [XY],
              stepMicros: 60 * S,
            })
          )[0]!.values,
        ).toBeNull();
        expect(
          await keys(
            [RUN_A],
            { startMicros: T0 + STEP, endMicros: T0 + 2 * STEP },
            {},
          ),
          // one record each: ties go by key
        ).toEqual([`${X}@10`, `${XY}@10`]);
        expect(await keys([RUN_A], WINDOW, { service: 'svc-b' })).toEqual([
          `${XY}@0`,
          `${XY}@10`,
        ]);
        expect(await keys([RUN_A], WINDOW, { maxPaths: 1 })).toEqual([
          `${XY}@0`,
          `${XY}@10`,
        ]);
        expect(await keys([RUN_A], WINDOW, { keys: [] })).toEqual([]);
        expect(await keys([], WINDOW, {})).toEqual([]);
      });

      it('refuses a step that is not a whole number of microseconds', async () => {
        const index = await filled();
        if (index === undefined) {
          return;
        }
        await expect(
          index.readPathSeries([RUN_A], WINDOW, { ...SERIES, stepMicros: 0.5 }),
        ).rejects.toMatchObject({ code: 'PATHPROF_ERR_STORE_BAD_QUERY' });
      });
    });

    describe('searchPathRecords', () => {
      it('lists one path’s requests slowest first, with the count of all matches', async () => {
        const index = await filled();
        if (index === undefined) {
          return;
        }
        const page = await index.searchPathRecords([RUN_A], WINDOW, {
          key: XY,
          orderBy: 'duration',
          limit: 2,
        });
        expect(page.total).toBe(3);
        expect(page.records).toEqual([
          {
            traceId: tid('c'),
            traceStartMicros: T0 + STEP + 5,
            traceHash: 20,
            durationMicros: 400,
            error: true,
            positionDurationMicros: null,
            positionError: null,
          },
          {
            traceId: tid('b'),
            traceStartMicros: T0 + 2 * S,
            traceHash: 10,
            durationMicros: 200,
            error: false,
            positionDurationMicros: null,
            positionError: null,
          },
        ]);
      });

      it('filters by duration bounds (inclusive), errors, and a position’s calls', async () => {
        const index = await filled();
        if (index === undefined) {
          return;
        }
        const ids = async (
          query: Partial<Parameters<PathIndex['searchPathRecords']>[2]>,
        ): Promise<[string[], number]> => {
          const page = await index.searchPathRecords([RUN_A], WINDOW, {
            key: XY,
            orderBy: 'duration',
            limit: 10,
            ...query,
          });
          return [page.records.map((r) => r.traceId.slice(-2)), page.total];
        };
        const [a, b, c] = [tid('a'), tid('b'), tid('c')].map((t) =>
          t.slice(-2),
        );
        expect(await ids({ minDurationMicros: 200 })).toEqual([[c, b], 2]);
        expect(
          await ids({ minDurationMicros: 100, maxDurationMicros: 200 }),
        ).toEqual([[b, a], 2]);
        expect(await ids({ errorsOnly: true })).toEqual([[c], 1]);
        // position 1 lasts a quarter: 25, 50, 100
        expect(await ids({ position: 1, minDurationMicros: 50 })).toEqual([
          [c, b],
          2,
        ]);
        expect(await ids({ position: 1, errorsOnly: true })).toEqual([[c], 1]);
        // a position the path does not have matches nothing
        expect(await ids({ position: 5 })).toEqual([[], 0]);
        const withPosition = await index.searchPathRecords([RUN_A], WINDOW, {
          key: XY,
          position: 1,
          orderBy: 'duration',
          limit: 1,
        });
        expect(withPosition.records[0]).toMatchObject({
          durationMicros: 400,
          positionDurationMicros: 100,
          positionError: true,
        });
      });

      it('orders by start or by sampling hash, and keeps to the window and runs', async () => {
        const index = await filled();
        if (index === undefined) {
          return;
        }
        const order = async (
          query: Partial<Parameters<PathIndex['searchPathRecords']>[2]>,
          runs = [RUN_A],
          window = WINDOW,
        ): Promise<number[]> =>
          (
            await index.searchPathRecords(runs, window, {
              key: XY,
              orderBy: 'duration',
              limit: 10,
              ...query,
            })
          ).records.map((r) => r.durationMicros);
        expect(await order({ orderBy: 'start' })).toEqual([400, 200, 100]);
        expect(await order({ orderBy: 'start', direction: 'asc' })).toEqual([
          100, 200, 400,
        ]);
        expect(await order({ direction: 'asc' })).toEqual([100, 200, 400]);
        // hashes 30, 10, 20: ascending whatever the direction
        expect(await order({ orderBy: 'sample', direction: 'desc' })).toEqual([
          200, 400, 100,
        ]);
        expect(await order({}, [RUN_A, RUN_B])).toEqual([999, 400, 200, 100]);
        expect(
          await order({}, [RUN_A], {
            startMicros: T0 + 2,
            endMicros: T0 + STEP,
          }),
        ).toEqual([200]);
      });

      it('refuses a limit below 1 and a negative position', async () => {
        const index = await filled();
        if (index === undefined) {
          return;
        }
        for (const bad of [{ limit: 0 }, { limit: 10, position: -1 }]) {
          await expect(
            index.searchPathRecords([RUN_A], WINDOW, {
              key: XY,
              orderBy: 'duration',
              ...bad,
            }),
          ).rejects.toMatchObject({ code: 'PATHPROF_ERR_STORE_BAD_QUERY' });
        }
      });
    });
  });
}
