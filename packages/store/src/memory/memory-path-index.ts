/** The memory adapter's path index: rows in arrays, the reference aggregate. */
import type {
  IndexedPathRecord,
  IndexedTrace,
  Micros,
  PathIndexRun,
  PathIndexState,
  PathRecordPage,
  PathRecordQuery,
  PathSeriesCell,
  PathSeriesOptions,
  PathStateOptions,
} from '@pathprof/model';
import { aggregatePathStates } from '../internal/aggregate-path-states.js';
import {
  aggregatePathSeries,
  checkPathRecordQuery,
  checkPathSeriesOptions,
  selectPathRecords,
} from '../internal/path-record-reads.js';
import {
  checkIndexWindow,
  checkRollupKind,
  checkRunIds,
  latestRuns,
} from '../internal/index-runs.js';
import type { PathIndex, PathRollup } from '../path-index.js';
import type { TimeWindow } from '../span-store.js';

interface RunRows {
  readonly traces: IndexedTrace[];
  readonly records: IndexedPathRecord[];
}

export class MemoryPathIndex implements PathIndex {
  readonly #rows = new Map<string, RunRows>();
  readonly #runs: PathIndexRun[] = [];
  /** Run id → kind → state (a copy: callers may reuse their buffers). */
  readonly #rollups = new Map<string, Map<string, Uint8Array>>();

  constructor(
    /** Every stored span's start, µs (the stored start for spans without one). */
    private readonly spanStarts: () => Iterable<number>,
    private readonly guard: <T>(body: () => T) => Promise<T>,
  ) {}

  appendIndexRows(
    runId: string,
    traces: readonly IndexedTrace[],
    records: readonly IndexedPathRecord[],
  ): Promise<void> {
    return this.guard(() => {
      checkRunIds([runId]);
      const rows = this.#rows.get(runId) ?? { traces: [], records: [] };
      rows.traces.push(...traces);
      rows.records.push(...records);
      this.#rows.set(runId, rows);
    });
  }

  finishIndexRuns(runs: readonly PathIndexRun[]): Promise<void> {
    return this.guard(() => {
      checkRunIds(runs.map((r) => r.runId));
      this.#runs.push(...runs);
    });
  }

  listIndexRuns(window: TimeWindow): Promise<PathIndexRun[]> {
    return this.guard(() => {
      checkIndexWindow(window);
      return latestRuns(
        this.#runs.filter(
          (r) =>
            r.startMicros < window.endMicros &&
            r.endMicros > window.startMicros,
        ),
      );
    });
  }

  countSpansByWindow(
    window: TimeWindow,
    stepMicros: Micros,
  ): Promise<Map<number, number>> {
    return this.guard(() => {
      checkIndexWindow(window, stepMicros);
      const counts = new Map<number, number>();
      for (const start of this.spanStarts()) {
        if (start >= window.startMicros && start < window.endMicros) {
          const w = Math.floor(start / stepMicros) * stepMicros;
          counts.set(w, (counts.get(w) ?? 0) + 1);
        }
      }
      return counts;
    });
  }

  readPathStates(
    runIds: readonly string[],
    window: TimeWindow,
    options: PathStateOptions,
  ): Promise<PathIndexState> {
    return this.guard(() => {
      checkIndexWindow(window);
      checkRunIds(runIds);
      const traces: IndexedTrace[] = [];
      const records: IndexedPathRecord[] = [];
      for (const id of new Set(runIds)) {
        const rows = this.#rows.get(id);
        if (rows !== undefined) {
          traces.push(...rows.traces);
          records.push(...rows.records);
        }
      }
      return aggregatePathStates(traces, records, window, options);
    });
  }

  readPathSeries(
    runIds: readonly string[],
    window: TimeWindow,
    options: PathSeriesOptions,
  ): Promise<PathSeriesCell[]> {
    return this.guard(() => {
      checkIndexWindow(window);
      checkRunIds(runIds);
      checkPathSeriesOptions(options);
      return aggregatePathSeries(this.#recordsOf(runIds), window, options);
    });
  }

  searchPathRecords(
    runIds: readonly string[],
    window: TimeWindow,
    query: PathRecordQuery,
  ): Promise<PathRecordPage> {
    return this.guard(() => {
      checkIndexWindow(window);
      checkRunIds(runIds);
      checkPathRecordQuery(query);
      return selectPathRecords(this.#recordsOf(runIds), window, query);
    });
  }

  writePathRollups(rollups: readonly PathRollup[]): Promise<void> {
    return this.guard(() => {
      checkRunIds(rollups.map((r) => r.runId));
      rollups.forEach((r) => checkRollupKind(r.kind));
      for (const r of rollups) {
        const kinds =
          this.#rollups.get(r.runId) ?? new Map<string, Uint8Array>();
        kinds.set(r.kind, Uint8Array.from(r.state));
        this.#rollups.set(r.runId, kinds);
      }
    });
  }

  readPathRollups(
    runIds: readonly string[],
    kind: string,
  ): Promise<Map<string, Uint8Array>> {
    return this.guard(() => {
      checkRunIds(runIds);
      checkRollupKind(kind);
      const out = new Map<string, Uint8Array>();
      for (const id of runIds) {
        const state = this.#rollups.get(id)?.get(kind);
        if (state !== undefined) {
          out.set(id, Uint8Array.from(state));
        }
      }
      return out;
    });
  }

  *#recordsOf(runIds: readonly string[]): Iterable<IndexedPathRecord> {
    for (const id of new Set(runIds)) {
      yield* this.#rows.get(id)?.records ?? [];
    }
  }

  /** Drops the rows of deleted traces, as the database adapters' deletions do. */
  forgetTraces(traceIds: ReadonlySet<string>): void {
    for (const [runId, rows] of this.#rows) {
      const had = rows.traces.length;
      removeWhere(rows.traces, (t) => traceIds.has(t.traceId));
      removeWhere(rows.records, (r) => traceIds.has(r.traceId));
      if (had > 0 && rows.traces.length === 0) {
        this.#rollups.delete(runId);
      }
    }
  }

  clear(): void {
    this.#rows.clear();
    this.#rollups.clear();
    this.#runs.length = 0;
  }
}

function removeWhere<T>(items: T[], drop: (item: T) => boolean): void {
  let kept = 0;
  for (const item of items) {
    if (!drop(item)) {
      items[kept++] = item;
    }
  }
  items.length = kept;
}
