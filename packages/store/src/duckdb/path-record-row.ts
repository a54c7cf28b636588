/**
 * A path record as a row of `path_records` and back: the record's fields as
 * columns, its positions as parallel lists (`pos_*`), absent values as NULL
 * items.
 */
import type { DuckDBAppender } from '@duckdb/node-api';
import { BOOLEAN, DOUBLE, INTEGER, LIST, VARCHAR } from '@duckdb/node-api';
import type { IndexedPathRecord, TraceId } from '@pathprof/model';

type Row = Record<string, unknown>;

const num = (v: unknown): number => Number(v);
const nullableNum = (v: unknown): number | null =>
  v === null || v === undefined ? null : Number(v);

/** Appends one row, in the table's column order. */
export function appendRecord(
  a: DuckDBAppender,
  runId: string,
  r: IndexedPathRecord,
): void {
  a.appendVarchar(runId);
  a.appendVarchar(r.traceId);
  a.appendBigInt(BigInt(Math.round(r.traceStartMicros)));
  a.appendUBigInt(BigInt(r.traceHash));
  a.appendVarchar(r.key);
  a.appendBoolean(r.incomplete);
  a.appendBoolean(r.error);
  a.appendDouble(r.durationMicros);
  a.appendDouble(r.branchMicros);
  appendNullableDouble(a, r.cpuMicros);
  appendNullableDouble(a, r.memoryBytes);
  const p = r.positions;
  const texts = (values: (string | null)[]): void =>
    a.appendList(values, LIST(VARCHAR));
  const counts = (values: number[]): void =>
    a.appendList(values, LIST(INTEGER));
  const numbers = (values: (number | null)[]): void =>
    a.appendList(values, LIST(DOUBLE));
  texts(p.map((x) => x.label));
  texts(p.map((x) => x.service));
  counts(p.map((x) => x.calls));
  counts(p.map((x) => x.criticalCalls));
  numbers(p.map((x) => x.overlap));
  numbers(p.map((x) => x.durationMicros));
  numbers(p.map((x) => x.selfMicros));
  numbers(p.map((x) => x.cpuMicros));
  numbers(p.map((x) => x.memoryBytes));
  numbers(p.map((x) => x.inNextMicros));
  numbers(p.map((x) => x.inOtherMicros));
  texts(p.map((x) => x.otherBranch));
  a.appendList(
    p.map((x) => x.error),
    LIST(BOOLEAN),
  );
  texts(p.map((x) => x.errorSource));
  numbers(p.map((x) => x.criticalShare));
  a.endRow();
}

function appendNullableDouble(a: DuckDBAppender, value: number | null): void {
  if (value === null) {
    a.appendNull();
  } else {
    a.appendDouble(value);
  }
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
