/**
 * A path record as a row of `path_records` and back: the record's fields as
 * columns, its positions as parallel lists (`pos_*`), absent values as NULL
 * items; and a trace of the index as a row of `path_traces`.
 */
import type { DuckDBAppender, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  INTEGER,
  LIST,
  listValue,
  UBIGINT,
  VARCHAR,
} from '@duckdb/node-api';
import type { IndexedPathRecord, IndexedTrace, TraceId } from '@pathprof/model';

type Row = Record<string, unknown>;

const num = (v: unknown): number => Number(v);
const nullableNum = (v: unknown): number | null =>
  v === null || v === undefined ? null : Number(v);

/** The columns of `path_records`, in the table's order. */
const RECORD_TYPES = [
  VARCHAR, // run_id
  VARCHAR, // trace_id
  BIGINT, // trace_start_us
  UBIGINT, // trace_hash
  VARCHAR, // path_key
  BOOLEAN, // incomplete
  BOOLEAN, // error
  DOUBLE, // duration_us
  DOUBLE, // branch_us
  DOUBLE, // cpu_us
  DOUBLE, // memory_bytes
  LIST(VARCHAR), // pos_labels
  LIST(VARCHAR), // pos_services
  LIST(INTEGER), // pos_calls
  LIST(INTEGER), // pos_critical_calls
  LIST(DOUBLE), // pos_overlap
  LIST(DOUBLE), // pos_duration
  LIST(DOUBLE), // pos_self
  LIST(DOUBLE), // pos_cpu
  LIST(DOUBLE), // pos_memory
  LIST(DOUBLE), // pos_in_next
  LIST(DOUBLE), // pos_in_other
  LIST(VARCHAR), // pos_other_branch
  LIST(BOOLEAN), // pos_error
  LIST(VARCHAR), // pos_error_source
  LIST(DOUBLE), // pos_critical
];

/** The columns of `path_traces`, in the table's order. */
const TRACE_TYPES = [
  VARCHAR, // run_id
  VARCHAR, // trace_id
  BIGINT, // trace_start_us
  INTEGER, // spans
  BOOLEAN, // has_hops
  LIST(VARCHAR), // services
  LIST(VARCHAR), // warning_codes
];

/**
 * DuckDB's vector size: the most rows one data chunk holds.
 */
const CHUNK_ROWS = 2048;

/**
 * Appends records to `path_records` a data chunk (column by column) at a
 * time. The per-value appender converted every list item on its own (a
 * native value and a logical type each) and took about six times as long.
 */
export function appendRecords(
  a: DuckDBAppender,
  runId: string,
  records: readonly IndexedPathRecord[],
): void {
  forEachChunk(records, (part) => {
    const column = <T>(f: (r: IndexedPathRecord) => T): T[] => part.map(f);
    const list = <T>(
      f: (p: IndexedPathRecord['positions'][number]) => T,
    ): DuckDBValue[] =>
      part.map((r) => listValue(r.positions.map(f) as DuckDBValue[]));
    appendChunk(a, RECORD_TYPES, [
      column(() => runId),
      column((r) => r.traceId),
      column((r) => BigInt(Math.round(r.traceStartMicros))),
      column((r) => BigInt(r.traceHash)),
      column((r) => r.key),
      column((r) => r.incomplete),
      column((r) => r.error),
      column((r) => r.durationMicros),
      column((r) => r.branchMicros),
      column((r) => r.cpuMicros),
      column((r) => r.memoryBytes),
      list((x) => x.label),
      list((x) => x.service),
      list((x) => x.calls),
      list((x) => x.criticalCalls),
      list((x) => x.overlap),
      list((x) => x.durationMicros),
      list((x) => x.selfMicros),
      list((x) => x.cpuMicros),
      list((x) => x.memoryBytes),
      list((x) => x.inNextMicros),
      list((x) => x.inOtherMicros),
      list((x) => x.otherBranch),
      list((x) => x.error),
      list((x) => x.errorSource),
      list((x) => x.criticalShare),
    ]);
  });
}

/** Appends traces to `path_traces`, a data chunk at a time. */
export function appendTraces(
  a: DuckDBAppender,
  runId: string,
  traces: readonly IndexedTrace[],
): void {
  forEachChunk(traces, (part) => {
    const column = <T>(f: (t: IndexedTrace) => T): T[] => part.map(f);
    appendChunk(a, TRACE_TYPES, [
      column(() => runId),
      column((t) => t.traceId),
      column((t) => BigInt(Math.round(t.startMicros))),
      column((t) => t.spans),
      column((t) => t.hasHops),
      column((t) => listValue([...t.services])),
      column((t) => listValue([...t.warningCodes])),
    ]);
  });
}

function forEachChunk<T>(
  rows: readonly T[],
  body: (part: readonly T[]) => void,
): void {
  for (let offset = 0; offset < rows.length; offset += CHUNK_ROWS) {
    body(rows.slice(offset, offset + CHUNK_ROWS));
  }
}

function appendChunk(
  a: DuckDBAppender,
  types: readonly DuckDBType[],
  columns: readonly (readonly DuckDBValue[])[],
): void {
  const chunk = DuckDBDataChunk.create(types, columns[0]!.length);
  chunk.setColumns(columns);
  a.appendDataChunk(chunk);
}

/** A row read with `getRowObjectsJS`. */
export function toIndexedRecord(r: Row): IndexedPathRecord {
  const labels = r['pos_labels'] as string[];
  const list = <T>(name: string): T[] => r[name] as T[];
  const numbers = (name: string): (number | null)[] =>
    list<number | null>(name).map((v) => (v === null ? null : num(v)));
  const [duration, self, cpu, memory, inNext, inOther, overlap, critical] = [
    'pos_duration',
    'pos_self',
    'pos_cpu',
    'pos_memory',
    'pos_in_next',
    'pos_in_other',
    'pos_overlap',
    'pos_critical',
  ].map(numbers);
  const [calls, criticalCalls] = ['pos_calls', 'pos_critical_calls'].map(
    numbers,
  );
  const services = list<string>('pos_services');
  const otherBranches = list<string | null>('pos_other_branch');
  const errors = list<boolean>('pos_error');
  const errorSources = list<string | null>('pos_error_source');
  return {
    traceId: String(r['trace_id']) as TraceId,
    traceStartMicros: num(r['trace_start_us']),
    traceHash: num(r['trace_hash']),
    key: String(r['path_key']),
    incomplete: r['incomplete'] === true,
    error: r['error'] === true,
    durationMicros: num(r['duration_us']),
    branchMicros: num(r['branch_us']),
    cpuMicros: nullableNum(r['cpu_us']),
    memoryBytes: nullableNum(r['memory_bytes']),
    positions: labels.map((label, i) => ({
      label,
      service: services[i]!,
      calls: calls![i]!,
      criticalCalls: criticalCalls![i]!,
      overlap: overlap![i]!,
      durationMicros: duration![i]!,
      selfMicros: self![i]!,
      cpuMicros: cpu![i] ?? null,
      memoryBytes: memory![i] ?? null,
      inNextMicros: inNext![i]!,
      inOtherMicros: inOther![i]!,
      otherBranch: otherBranches[i] ?? null,
      error: errors[i] === true,
      errorSource: errorSources[i] ?? null,
      criticalShare: critical![i]!,
    })),
  };
}
