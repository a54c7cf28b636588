/**
 * The ClickHouse adapter's path index: rows in `path_records` and
 * `path_traces` (sharded by trace id on a cluster, like `spans`), finished
 * runs in `path_index_runs`. Inserts are acknowledged once written, as span
 * appends are; reads aggregate in SQL (`read-path-states.ts`).
 */
import type { ClickHouseClient } from '@clickhouse/client';
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
import {
  checkIndexWindow,
  checkRollupKind,
  checkRunIds,
  latestRuns,
} from '../internal/index-runs.js';
import {
  checkPathRecordQuery,
  checkPathSeriesOptions,
} from '../internal/path-record-reads.js';
import type { PathIndex, PathRollup } from '../path-index.js';
import type { TimeWindow } from '../span-store.js';
import { toRecordRow } from './path-record-row.js';
import { readPathSeries, searchPathRecords } from './path-record-reads.js';
import { readPathStates } from './read-path-states.js';
import type { RetryPolicy } from './run-query.js';
import { insertRows, selectRows } from './run-query.js';

/** What the index needs of its store: the client, retries, and the store's read guard. */
export interface ClickHousePathIndexParts {
  readonly client: ClickHouseClient;
  readonly retry: RetryPolicy;
  /** Runs a read with the store's retry-once and error mapping. */
  readonly read: <T>(what: string, body: () => Promise<T>) => Promise<T>;
  /** Runs a write with the store's open check and error mapping. */
  readonly write: <T>(what: string, body: () => Promise<T>) => Promise<T>;
}

interface RunRow {
  window_start_us: string;
  window_end_us: string;
  run_id: string;
  span_count: string;
  traces: string;
  records: string;
  finished_us: string;
}

export class ClickHousePathIndex implements PathIndex {
  constructor(private readonly parts: ClickHousePathIndexParts) {}

  async appendIndexRows(
    runId: string,
    traces: readonly IndexedTrace[],
    records: readonly IndexedPathRecord[],
  ): Promise<void> {
    checkRunIds([runId]);
    const { client, retry } = this.parts;
    return this.parts.write('path index append', async () => {
      if (traces.length > 0) {
        await insertRows(
          client,
          'path_traces',
          traces.map((t) => toTraceRow(runId, t)),
          retry,
        );
      }
      if (records.length > 0) {
        await insertRows(
          client,
          'path_records',
          records.map((r) => toRecordRow(runId, r)),
          retry,
        );
      }
    });
  }

  async finishIndexRuns(runs: readonly PathIndexRun[]): Promise<void> {
    checkRunIds(runs.map((r) => r.runId));
    if (runs.length === 0) {
      return;
    }
    const { client, retry } = this.parts;
    return this.parts.write('path index run', () =>
      insertRows(
        client,
        'path_index_runs',
        runs.map((r) => ({
          window_start_us: r.startMicros,
          window_end_us: r.endMicros,
          run_id: r.runId,
          span_count: r.spanCount,
          traces: r.traces,
          records: r.records,
          finished_us: Math.round(r.finishedMicros),
        })),
        retry,
      ),
    );
  }

  async listIndexRuns(window: TimeWindow): Promise<PathIndexRun[]> {
    checkIndexWindow(window);
    return this.parts.read('path index runs', async () => {
      const rows = await selectRows<RunRow>(
        this.parts.client,
        `SELECT window_start_us, window_end_us, run_id, span_count, traces,
           records, finished_us
         FROM path_index_runs
         WHERE window_start_us < ${window.endMicros}
           AND window_end_us > ${window.startMicros}`,
      );
      return latestRuns(
        rows.map((r) => ({
          startMicros: Number(r.window_start_us),
          endMicros: Number(r.window_end_us),
          runId: r.run_id,
          spanCount: Number(r.span_count),
          traces: Number(r.traces),
          records: Number(r.records),
          finishedMicros: Number(r.finished_us),
        })),
      );
    });
  }

  async countSpansByWindow(
    window: TimeWindow,
    stepMicros: Micros,
  ): Promise<Map<number, number>> {
    checkIndexWindow(window, stepMicros);
    return this.parts.read('span count', async () => {
      const rows = await selectRows<{ w: string; n: string }>(
        this.parts.client,
        `SELECT intDiv(start_us, ${stepMicros}) * ${stepMicros} AS w, count() AS n
         FROM spans
         WHERE start_us >= ${window.startMicros} AND start_us < ${window.endMicros}
         GROUP BY w`,
      );
      return new Map(rows.map((r) => [Number(r.w), Number(r.n)]));
    });
  }

  async readPathStates(
    runIds: readonly string[],
    window: TimeWindow,
    options: PathStateOptions,
  ): Promise<PathIndexState> {
    checkRunIds(runIds);
    return this.parts.read('path index read', () =>
      readPathStates(this.parts.client, [...new Set(runIds)], window, options),
    );
  }

  async readPathSeries(
    runIds: readonly string[],
    window: TimeWindow,
    options: PathSeriesOptions,
  ): Promise<PathSeriesCell[]> {
    checkIndexWindow(window);
    checkRunIds(runIds);
    checkPathSeriesOptions(options);
    return this.parts.read('path series read', () =>
      readPathSeries(this.parts.client, [...new Set(runIds)], window, options),
    );
  }

  async searchPathRecords(
    runIds: readonly string[],
    window: TimeWindow,
    query: PathRecordQuery,
  ): Promise<PathRecordPage> {
    checkIndexWindow(window);
    checkRunIds(runIds);
    checkPathRecordQuery(query);
    return this.parts.read('path record search', () =>
      searchPathRecords(this.parts.client, [...new Set(runIds)], window, query),
    );
  }

  async writePathRollups(rollups: readonly PathRollup[]): Promise<void> {
    checkRunIds(rollups.map((r) => r.runId));
    rollups.forEach((r) => checkRollupKind(r.kind));
    if (rollups.length === 0) {
      return;
    }
    const { client, retry } = this.parts;
    const written = Date.now() * 1000;
    return this.parts.write('path rollup write', () =>
      insertRows(
        client,
        'path_rollups',
        rollups.map((r, i) => ({
          run_id: r.runId,
          kind: r.kind,
          state: Buffer.from(r.state).toString('base64'),
          // the later of two writes in one call wins too
          written_us: written + i,
        })),
        retry,
      ),
    );
  }

  async readPathRollups(
    runIds: readonly string[],
    kind: string,
  ): Promise<Map<string, Uint8Array>> {
    checkRunIds(runIds);
    checkRollupKind(kind);
    const ids = [...new Set(runIds)];
    if (ids.length === 0) {
      return new Map();
    }
    return this.parts.read('path rollup read', async () => {
      const rows = await selectRows<{ run_id: string; state: string }>(
        this.parts.client,
        `SELECT run_id, argMax(state, written_us) AS state FROM path_rollups
         WHERE kind = '${kind}' AND run_id IN (${ids.map((id) => `'${id}'`).join(', ')})
         GROUP BY run_id`,
      );
      return new Map(
        rows.map((r) => [
          r.run_id,
          new Uint8Array(Buffer.from(r.state, 'base64')),
        ]),
      );
    });
  }
}

function toTraceRow(runId: string, t: IndexedTrace): object {
  return {
    run_id: runId,
    trace_id: t.traceId,
    trace_start_us: Math.round(t.startMicros),
    spans: t.spans,
    has_hops: t.hasHops ? 1 : 0,
    services: t.services,
    warning_codes: t.warningCodes,
  };
}
