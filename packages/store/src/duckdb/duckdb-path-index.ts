/**
 * The DuckDB adapter's path index: the same three tables as ClickHouse's,
 * written through the store's writer (after the appends queued before, one
 * transaction per call) and read on the reader pool.
 */
import type {
  DuckDBAppender,
  DuckDBBlobVector,
  DuckDBConnection,
} from '@duckdb/node-api';
import { blobValue } from '@duckdb/node-api';
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
import { appendRecords, appendTraces } from './path-record-row.js';
import { readPathSeries, searchPathRecords } from './path-record-reads.js';
import { readPathStates } from './read-path-states.js';

export interface DuckDbPathIndexParts {
  readonly write: <T>(
    what: string,
    body: (writer: DuckDBConnection) => Promise<T>,
  ) => Promise<T>;
  readonly read: <T>(
    what: string,
    body: (conn: DuckDBConnection) => Promise<T>,
  ) => Promise<T>;
}

export class DuckDbPathIndex implements PathIndex {
  constructor(private readonly parts: DuckDbPathIndexParts) {}

  async appendIndexRows(
    runId: string,
    traces: readonly IndexedTrace[],
    records: readonly IndexedPathRecord[],
  ): Promise<void> {
    checkRunIds([runId]);
    await this.parts.write('path index append', (writer) =>
      inTransaction(writer, async () => {
        await withAppender(writer, 'path_traces', (a) =>
          appendTraces(a, runId, traces),
        );
        await withAppender(writer, 'path_records', (a) =>
          appendRecords(a, runId, records),
        );
      }),
    );
  }

  async finishIndexRuns(runs: readonly PathIndexRun[]): Promise<void> {
    checkRunIds(runs.map((r) => r.runId));
    await this.parts.write('path index run', (writer) =>
      inTransaction(writer, () =>
        withAppender(writer, 'path_index_runs', (a) => {
          for (const r of runs) {
            a.appendBigInt(BigInt(r.startMicros));
            a.appendBigInt(BigInt(r.endMicros));
            a.appendVarchar(r.runId);
            a.appendBigInt(BigInt(r.spanCount));
            a.appendBigInt(BigInt(r.traces));
            a.appendBigInt(BigInt(r.records));
            a.appendBigInt(BigInt(Math.round(r.finishedMicros)));
            a.endRow();
          }
        }),
      ),
    );
  }

  async listIndexRuns(window: TimeWindow): Promise<PathIndexRun[]> {
    checkIndexWindow(window);
    return this.parts.read('path index runs', async (conn) => {
      const reader = await conn.runAndReadAll(
        `SELECT window_start_us::DOUBLE, window_end_us::DOUBLE, run_id,
           span_count::DOUBLE, traces::DOUBLE, records::DOUBLE, finished_us::DOUBLE
         FROM path_index_runs
         WHERE window_start_us < ${window.endMicros}
           AND window_end_us > ${window.startMicros}`,
      );
      return latestRuns(
        (
          reader.getRows() as [
            number,
            number,
            string,
            number,
            number,
            number,
            number,
          ][]
        ).map(([start, end, runId, spanCount, traces, records, finished]) => ({
          startMicros: start,
          endMicros: end,
          runId,
          spanCount,
          traces,
          records,
          finishedMicros: finished,
        })),
      );
    });
  }

  async countSpansByWindow(
    window: TimeWindow,
    stepMicros: Micros,
  ): Promise<Map<number, number>> {
    checkIndexWindow(window, stepMicros);
    return this.parts.read('span count', async (conn) => {
      const reader = await conn.runAndReadAll(
        `SELECT (start_us // ${stepMicros} * ${stepMicros})::DOUBLE AS w,
           count(*)::DOUBLE FROM spans
         WHERE start_us >= ${window.startMicros} AND start_us < ${window.endMicros}
         GROUP BY w`,
      );
      return new Map(reader.getRows() as [number, number][]);
    });
  }

  async readPathStates(
    runIds: readonly string[],
    window: TimeWindow,
    options: PathStateOptions,
  ): Promise<PathIndexState> {
    checkRunIds(runIds);
    return this.parts.read('path index read', (conn) =>
      readPathStates(conn, [...new Set(runIds)], window, options),
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
    return this.parts.read('path series read', (conn) =>
      readPathSeries(conn, [...new Set(runIds)], window, options),
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
    return this.parts.read('path record search', (conn) =>
      searchPathRecords(conn, [...new Set(runIds)], window, query),
    );
  }

  async writePathRollups(rollups: readonly PathRollup[]): Promise<void> {
    checkRunIds(rollups.map((r) => r.runId));
    rollups.forEach((r) => checkRollupKind(r.kind));
    await this.parts.write('path rollup write', (writer) =>
      inTransaction(writer, async () => {
        for (const r of rollups) {
          await writer.run(
            'INSERT OR REPLACE INTO path_rollups VALUES ($1, $2, $3)',
            [r.runId, r.kind, blobValue(r.state)],
          );
        }
      }),
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
    return this.parts.read('path rollup read', async (conn) => {
      const result = await conn.run(
        `SELECT run_id, state FROM path_rollups
         WHERE kind = '${kind}' AND run_id IN (${ids.map((id) => `'${id}'`).join(', ')})`,
      );
      // A rollup is a few MiB: its bytes as the binding hands them over,
      // without the further copy into a Buffer that reading a value makes.
      const out = new Map<string, Uint8Array>();
      for (let i = 0; i < result.chunkCount; i++) {
        const chunk = result.getChunk(i);
        const runIdsRead = chunk.getColumnVector(0);
        const states = chunk.getColumnVector(1) as DuckDBBlobVector;
        for (let r = 0; r < chunk.rowCount; r++) {
          const bytes = states.getItemBytes(r);
          if (bytes !== null) {
            // short values are views over the chunk's memory: copied
            out.set(
              runIdsRead.getItem(r) as string,
              bytes.length <= 12 ? bytes.slice() : bytes,
            );
          }
        }
      }
      return out;
    });
  }
}

async function withAppender(
  conn: DuckDBConnection,
  table: string,
  body: (appender: DuckDBAppender) => void,
): Promise<void> {
  const appender = await conn.createAppender(table);
  try {
    body(appender);
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

async function inTransaction<T>(
  conn: DuckDBConnection,
  body: () => Promise<T>,
): Promise<T> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const result = await body();
    await conn.run('COMMIT');
    return result;
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
