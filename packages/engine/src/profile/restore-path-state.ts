/**
 * A path's accumulator rebuilt from the index's aggregate of its records
 * (`PathState`): the moments, the exact values or sketch bins of every
 * measure, the sampled exemplar ids and the anomaly candidates are the ones
 * the accumulator would hold after adding the same records, so its profile,
 * its anomalies and its merges with live accumulators are the same too.
 */
import type {
  AnomalyMetric,
  IndexedPathRecord,
  MetricCandidates,
  PathState,
  PositionState,
} from '@pathprof/model';
import { AnomalyCandidates } from '../anomalies/anomaly-candidates.js';
import { Distribution } from '../stats/distribution.js';
import type { PathRecord } from './build-path-records.js';
import { Exemplars } from './exemplars.js';
import { PathAccumulator } from './path-accumulator.js';
import type { PositionAccumulator } from './position-accumulator.js';

export function restorePathAccumulator(state: PathState): PathAccumulator {
  const acc = new PathAccumulator(state.key, state.positions);
  acc.count = state.count;
  acc.errors = state.errors;
  acc.incomplete = state.incomplete;
  acc.duration.merge(Distribution.restore(state.duration));
  acc.branch.merge(Distribution.restore(state.branch));
  acc.cpu.merge(Distribution.restore(state.cpu));
  acc.memory.merge(Distribution.restore(state.memory));
  state.positions.forEach((p, i) => restoreHop(acc.hops[i]!, p));
  const slowest = state.candidates.duration.extremes[0];
  acc.exemplars.merge(
    Exemplars.restore(
      slowest === undefined
        ? undefined
        : { traceId: slowest.traceId, value: slowest.durationMicros },
      state.sampledTraces,
    ),
  );
  const kept = new Map<AnomalyMetric, ReturnType<typeof toKept>>([
    ['duration', toKept(state.candidates.duration)],
    ['cpu', toKept(state.candidates.cpu)],
    ['memory', toKept(state.candidates.memory)],
  ]);
  acc.candidates.merge(AnomalyCandidates.restore(kept));
  return acc;
}

/** Hop exemplars are not restored: path reports do not show them. */
function restoreHop(hop: PositionAccumulator, state: PositionState): void {
  hop.count = state.count;
  hop.errors = state.errors;
  hop.duration.merge(Distribution.restore(state.duration));
  hop.self.merge(Distribution.restore(state.self));
  hop.cpu.merge(Distribution.restore(state.cpu));
  hop.waiting.merge(Distribution.restore(state.waiting));
  hop.memory.merge(Distribution.restore(state.memory));
  hop.criticalShare.merge(Distribution.restore(state.criticalShare));
  hop.calls.merge(Distribution.restore(state.calls));
  hop.criticalCalls.merge(Distribution.restore(state.criticalCalls));
  hop.overlap.merge(Distribution.restore(state.overlap));
  hop.inNext.merge(Distribution.restore(state.inNext));
  hop.inOther.merge(Distribution.restore(state.inOther));
  for (const { value, count } of state.otherBranches) {
    hop.otherBranches.add(value, count);
  }
  for (const { value, count } of state.errorSources) {
    hop.errorSources.add(value, count);
  }
}

function toKept(candidates: MetricCandidates): {
  extremes: PathRecord[];
  sample: MetricCandidates['sample'];
} {
  return {
    extremes: candidates.extremes.map(toPathRecord),
    sample: candidates.sample,
  };
}

/** An indexed record as the engine's own record type. */
export function toPathRecord(r: IndexedPathRecord): PathRecord {
  return {
    traceId: r.traceId,
    key: r.key,
    labels: r.positions.map((p) => p.label),
    incomplete: r.incomplete,
    durationMicros: r.durationMicros,
    branchMicros: r.branchMicros,
    cpuMicros: r.cpuMicros ?? undefined,
    memoryBytes: r.memoryBytes ?? undefined,
    error: r.error,
    positions: r.positions.map((p) => ({
      label: p.label,
      service: p.service,
      calls: p.calls,
      criticalCalls: p.criticalCalls,
      overlap: p.overlap,
      durationMicros: p.durationMicros,
      selfMicros: p.selfMicros,
      cpuMicros: p.cpuMicros ?? undefined,
      memoryBytes: p.memoryBytes ?? undefined,
      inNextMicros: p.inNextMicros,
      inOtherMicros: p.inOtherMicros,
      otherBranch: p.otherBranch ?? undefined,
      error: p.error,
      errorSource: p.errorSource ?? undefined,
      criticalShare: p.criticalShare,
    })),
  };
}
