/**
 * The path index's side of the engine: a trace's analysis flattened into the
 * rows the index stores, and the options that make a database's aggregate of
 * those rows the engine's own state (see `restorePathAccumulator`).
 */
import type {
  IndexedPathRecord,
  IndexedTrace,
  Micros,
  PathStateOptions,
  Span,
} from '@pathprof/model';
import {
  CANDIDATES_PER_METRIC,
  MAD_SAMPLE_SIZE,
} from '../anomalies/anomaly-candidates.js';
import { hashTraceId } from '../internal/hash-trace-id.js';
import {
  EXACT_LIMIT,
  SKETCH_LOG2_MULTIPLIER,
  SKETCH_MIN_INDEXABLE,
} from '../stats/distribution.js';
import type { TraceAnalysis } from './analyze-trace.js';
import { SAMPLED_EXEMPLARS } from './exemplars.js';
import { DEFAULT_MAX_GROUPS } from './path-profiler.js';

/** What the index stores of one trace. */
export interface IndexedTraceRows {
  readonly trace: IndexedTrace;
  readonly records: readonly IndexedPathRecord[];
}

/**
 * The rows of one analysed trace. `startMicros` is the trace's start as the
 * store orders it (its earliest span); the records carry it so that a window
 * selects the same traces from the index as from the spans.
 */
export function toIndexedRows(
  analysis: TraceAnalysis,
  spans: readonly Span[],
  startMicros: Micros,
): IndexedTraceRows {
  const traceId = analysis.tree.traceId;
  const traceHash = hashTraceId(traceId);
  const services = [...new Set(spans.map((s) => s.service))].sort();
  const records = analysis.records.map((r): IndexedPathRecord => ({
    traceId,
    traceStartMicros: startMicros,
    traceHash,
    key: r.key,
    incomplete: r.incomplete,
    error: r.error,
    durationMicros: r.durationMicros,
    branchMicros: r.branchMicros,
    cpuMicros: r.cpuMicros ?? null,
    memoryBytes: r.memoryBytes ?? null,
    positions: r.positions.map((p) => ({
      label: p.label,
      service: p.service,
      calls: p.calls,
      criticalCalls: p.criticalCalls,
      overlap: p.overlap,
      durationMicros: p.durationMicros,
      selfMicros: p.selfMicros,
      cpuMicros: p.cpuMicros ?? null,
      memoryBytes: p.memoryBytes ?? null,
      inNextMicros: p.inNextMicros,
      inOtherMicros: p.inOtherMicros,
      otherBranch: p.otherBranch ?? null,
      error: p.error,
      errorSource: p.errorSource ?? null,
      criticalShare: p.criticalShare,
    })),
  }));
  return {
    trace: {
      traceId,
      startMicros,
      spans: analysis.tree.nodes.length,
      hasHops: analysis.hopTree.hops.length > 0,
      services,
      warningCodes: analysis.warnings.map((w) => w.code),
    },
    records,
  };
}

/**
 * The engine's limits as the index must apply them, for at most `maxPaths`
 * paths (by default the profiler's own group bound) and optionally one
 * service's traces.
 */
export function createPathStateOptions(
  maxPaths: number = DEFAULT_MAX_GROUPS,
  service?: string,
): PathStateOptions {
  return {
    exactLimit: EXACT_LIMIT,
    sketchLog2Multiplier: SKETCH_LOG2_MULTIPLIER,
    sketchMinIndexable: SKETCH_MIN_INDEXABLE,
    extremes: CANDIDATES_PER_METRIC,
    madSample: MAD_SAMPLE_SIZE,
    sampledTraces: SAMPLED_EXEMPLARS + 1,
    maxPaths,
    ...(service === undefined ? {} : { service }),
  };
}
