/**
 * The path indexer: a background job that keeps the store's path index
 * current. Every tick it looks at the closed windows (those that ended at
 * least `delayMicros` ago, so that their traces are complete) of the last
 * few minutes, and once a minute (or while work is left) at those of the
 * last `backfillMicros`, and indexes the ones that hold spans but no current
 * run, newest first: it streams the window's traces, analyses each
 * with the engine, writes their rows and the window's rollups
 * (window-rollups.ts) under a fresh run id and then finishes the run. A tick stops after `tickBudgetMillis`, so one busy backlog never
 * holds the collector's event loop for long; the rest waits for the next.
 *
 * Several collectors on one database may index the same window at once;
 * the latest finished run wins and readers never mix runs, so the only cost
 * is the duplicated work (`--path-index off` on all but one avoids it).
 */
import { randomBytes } from 'node:crypto';
import { analyzeTrace, toIndexedRows } from '@pathprof/engine';
import type {
  IndexedPathRecord,
  IndexedTrace,
  Micros,
  PathIndexRun,
} from '@pathprof/model';
import type { PathIndex, SpanStore } from '@pathprof/store';
import type { CollectorLogRecord } from '../server/collector-options.js';
import type { IndexWindow } from './path-index-windows.js';
import { readIndexWindows } from './path-index-windows.js';
import {
  BLOCK_MICROS,
  blockStartOf,
  writeBlockRollups,
} from './block-rollups.js';
import { WindowRollups } from './window-rollups.js';

export interface PathIndexerOptions {
  /** How long after a window ends it is indexed: time for its spans to arrive. */
  readonly delayMicros: Micros;
  /** How far back windows are (re)indexed. */
  readonly backfillMicros: Micros;
  readonly intervalMillis: number;
  /** Work per tick before yielding to the next one. */
  readonly tickBudgetMillis: number;
  readonly nowMicros: () => Micros;
  readonly log: (record: CollectorLogRecord) => void;
  /** Told after each finished run. */
  readonly onRun?: (run: PathIndexRun) => void;
}

const ROWS_PER_WRITE = 2_000;
/** How often the whole backfill range is checked for windows to (re)index. */
const FULL_CHECK_MICROS = 60_000_000;
/** What every tick checks: the last few one-minute windows before the horizon. */
const RECENT_MICROS = 3 * 60_000_000;

export class PathIndexer {
  readonly #store: SpanStore;
  readonly #index: PathIndex;
  readonly #options: PathIndexerOptions;
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<unknown> | undefined;
  #stopped = false;
  /** The last run's finish time: a window's later run must finish later, even within one clock tick. */
  #lastFinished = 0;
  #lastFullCheckMicros = -Infinity;
  /** A tick stopped with windows left (or failed): the next one looks at the whole range. */
  #backlog = false;
  /** End of the oldest window due and not indexed at the last look; undefined when none. */
  #oldestPendingEndMicros: number | undefined;

  constructor(store: SpanStore, options: PathIndexerOptions) {
    if (store.pathIndex === undefined) {
      throw new RangeError('the store has no path index');
    }
    this.#store = store;
    this.#index = store.pathIndex;
    this.#options = options;
  }

  start(): void {
    this.#timer = setInterval(() => {
      this.#tick ??= this.runOnce().finally(() => {
        this.#tick = undefined;
      });
    }, this.#options.intervalMillis);
    this.#timer.unref();
  }

  /** One tick: indexes due windows, newest first, within the tick budget. Returns the runs written. */
  async runOnce(): Promise<PathIndexRun[]> {
    const { delayMicros, backfillMicros, nowMicros, tickBudgetMillis } =
      this.#options;
    const done: PathIndexRun[] = [];
    const now = nowMicros();
    const horizon = now - delayMicros;
    // Counting the spans of the whole backfill on every tick would scan a
    // day of spans every few seconds: the recent windows are looked at on
    // every tick, the whole range once a minute or while work is left.
    const full =
      this.#backlog || now - this.#lastFullCheckMicros >= FULL_CHECK_MICROS;
    try {
      const due = (
        await readIndexWindows(this.#index, {
          startMicros: Math.max(
            0,
            horizon - (full ? backfillMicros : RECENT_MICROS),
          ),
          endMicros: horizon,
        })
      ).filter((w) => w.run === undefined && w.endMicros <= horizon);
      if (full) {
        this.#lastFullCheckMicros = now;
      }
      const deadline = Date.now() + tickBudgetMillis;
      this.#backlog = false;
      const oldestDue = due[0]?.endMicros;
      if (full || oldestDue !== undefined) {
        this.#oldestPendingEndMicros = oldestDue;
      }
      const newestFirst = due.reverse();
      for (const [i, w] of newestFirst.entries()) {
        // one window at least per tick, however small the budget: the
        // index always moves on
        if (this.#stopped || (i > 0 && Date.now() > deadline)) {
          this.#backlog = true;
          break;
        }
        const run = await this.#indexWindow(w);
        if (i === newestFirst.length - 1) {
          this.#oldestPendingEndMicros = undefined;
        }
        if (run !== undefined) {
          done.push(run);
          this.#options.onRun?.(run);
        }
      }
      // ten-minute blocks whose windows all have runs now: merged once more
      const blocks = new Set(done.map((r) => blockStartOf(r.startMicros)));
      for (const start of blocks) {
        if (start + BLOCK_MICROS <= horizon && !this.#stopped) {
          await writeBlockRollups(this.#index, start);
        }
      }
    } catch (err) {
      this.#backlog = true;
      this.#options.log({
        level: 'warn',
        msg: 'path index run failed; the window is profiled from its spans until a later run succeeds',
        error: String(err),
      });
    }
    return done;
  }

  /**
   * How far the index is behind: µs from the end of the oldest window that
   * was due (ended more than `delayMicros` ago) and not yet indexed at the
   * last look, to now; 0 when none was waiting.
   */
  lagMicros(): number {
    const oldest = this.#oldestPendingEndMicros;
    return oldest === undefined
      ? 0
      : Math.max(0, this.#options.nowMicros() - oldest);
  }

  /** Stops ticking and waits for a run in progress (which stops between traces). */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) {
      clearInterval(this.#timer);
    }
    await this.#tick;
  }

  async #indexWindow(w: IndexWindow): Promise<PathIndexRun | undefined> {
    const runId = randomBytes(8).toString('hex');
    let traces: IndexedTrace[] = [];
    let records: IndexedPathRecord[] = [];
    let traceCount = 0;
    let recordCount = 0;
    const rollups = new WindowRollups();
    const flush = async (): Promise<void> => {
      if (traces.length > 0 || records.length > 0) {
        await this.#index.appendIndexRows(runId, traces, records);
        traces = [];
        records = [];
      }
    };
    for await (const trace of this.#store.streamTraces(w)) {
      if (this.#stopped) {
        return undefined;
      }
      let start = Infinity;
      for (const s of trace.spans) {
        start = Math.min(start, s.startMicros);
      }
      const analysis = analyzeTrace(trace.traceId, trace.spans);
      rollups.add(analysis);
      const rows = toIndexedRows(analysis, trace.spans, start);
      traces.push(rows.trace);
      records.push(...rows.records);
      traceCount++;
      recordCount += rows.records.length;
      if (traces.length + records.length >= ROWS_PER_WRITE) {
        await flush();
      }
    }
    await flush();
    if (traceCount > 0) {
      await this.#index.writePathRollups(rollups.toRollups(runId));
    }
    this.#lastFinished = Math.max(
      this.#options.nowMicros(),
      this.#lastFinished + 1,
    );
    const run: PathIndexRun = {
      startMicros: w.startMicros,
      endMicros: w.endMicros,
      runId,
      spanCount: w.spanCount,
      traces: traceCount,
      records: recordCount,
      finishedMicros: this.#lastFinished,
    };
    await this.#index.finishIndexRuns([run]);
    return run;
  }
}
