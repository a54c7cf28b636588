/**
 * A path record as a row of `path_records` and back: the record's fields as
 * columns, its positions as parallel arrays (`pos_*`), absent values as NULL
 * items.
 */
import type { IndexedPathRecord, TraceId } from '@pathprof/model';

/** The columns of a record, in table order. */
export const RECORD_COLUMNS = `trace_id, trace_start_us, trace_hash, path_key,
  incomplete, error, duration_us, branch_us, cpu_us, memory_bytes, pos_labels,
  pos_services, pos_calls, pos_critical_calls, pos_overlap, pos_duration,
  pos_self, pos_cpu, pos_memory, pos_in_next, pos_in_other, pos_other_branch,
  pos_error, pos_error_source, pos_critical`;

/** A row as JSONEachRow reads it (UInt32 and UInt64 may come as text). */
export interface RecordRow {
  trace_id: string;
  trace_start_us: string | number;
  trace_hash: string | number;
  path_key: string;
  incomplete: number;
  error: number;
  duration_us: number;
  branch_us: number;
  cpu_us: number | null;
  memory_bytes: number | null;
  pos_labels: string[];
  pos_services: string[];
  pos_calls: (number | string)[];
  pos_critical_calls: (number | string)[];
  pos_overlap: number[];
  pos_duration: number[];
  pos_self: number[];
  pos_cpu: (number | null)[];
  pos_memory: (number | null)[];
  pos_in_next: number[];
  pos_in_other: number[];
  pos_other_branch: (string | null)[];
  pos_error: number[];
  pos_error_source: (string | null)[];
  pos_critical: number[];
}

export function toRecordRow(runId: string, r: IndexedPathRecord): object {
  const p = r.positions;
  return {
    run_id: runId,
    trace_id: r.traceId,
    trace_start_us: Math.round(r.traceStartMicros),
    trace_hash: r.traceHash,
    path_key: r.key,
    incomplete: r.incomplete ? 1 : 0,
    error: r.error ? 1 : 0,
    duration_us: r.durationMicros,
    branch_us: r.branchMicros,
    cpu_us: r.cpuMicros,
    memory_bytes: r.memoryBytes,
    pos_labels: p.map((x) => x.label),
    pos_services: p.map((x) => x.service),
    pos_calls: p.map((x) => x.calls),
    pos_critical_calls: p.map((x) => x.criticalCalls),
    pos_overlap: p.map((x) => x.overlap),
    pos_duration: p.map((x) => x.durationMicros),
    pos_self: p.map((x) => x.selfMicros),
    pos_cpu: p.map((x) => x.cpuMicros),
    pos_memory: p.map((x) => x.memoryBytes),
    pos_in_next: p.map((x) => x.inNextMicros),
    pos_in_other: p.map((x) => x.inOtherMicros),
    pos_other_branch: p.map((x) => x.otherBranch),
    pos_error: p.map((x) => (x.error ? 1 : 0)),
    pos_error_source: p.map((x) => x.errorSource),
    pos_critical: p.map((x) => x.criticalShare),
  };
}

export function toIndexedRecord(r: RecordRow): IndexedPathRecord {
  return {
    traceId: r.trace_id as TraceId,
    traceStartMicros: Number(r.trace_start_us),
    traceHash: Number(r.trace_hash),
    key: r.path_key,
    incomplete: Number(r.incomplete) === 1,
    error: Number(r.error) === 1,
    durationMicros: r.duration_us,
    branchMicros: r.branch_us,
    cpuMicros: r.cpu_us,
    memoryBytes: r.memory_bytes,
    positions: r.pos_labels.map((label, i) => ({
      label,
      service: r.pos_services[i]!,
      calls: Number(r.pos_calls[i]),
      criticalCalls: Number(r.pos_critical_calls[i]),
      overlap: r.pos_overlap[i]!,
      durationMicros: r.pos_duration[i]!,
      selfMicros: r.pos_self[i]!,
      cpuMicros: r.pos_cpu[i] ?? null,
      memoryBytes: r.pos_memory[i] ?? null,
      inNextMicros: r.pos_in_next[i]!,
      inOtherMicros: r.pos_in_other[i]!,
      otherBranch: r.pos_other_branch[i] ?? null,
      error: r.pos_error[i] === 1,
      errorSource: r.pos_error_source[i] ?? null,
      criticalShare: r.pos_critical[i]!,
    })),
  };
}
