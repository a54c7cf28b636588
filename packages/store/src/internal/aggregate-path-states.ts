/**
 * The path index's aggregate computed in JavaScript: the reference the
 * database adapters' SQL is checked against, and the memory adapter's
 * implementation. Rows must already be limited to the runs being read.
 */
import type {
  CategoryCount,
  IndexedPathRecord,
  IndexedTrace,
  MeasureState,
  MetricCandidates,
  PathIndexState,
  PathState,
  PathStateOptions,
  PositionState,
  SampledValue,
  TraceId,
} from '@pathprof/model';
import type { TimeWindow } from '../span-store.js';
import { UNNAMED_ERROR_SOURCE } from './assemble-path-states.js';

const compareText = (a: string, b: string): number =>
  a < b ? -1 : a > b ? 1 : 0;

export function aggregatePathStates(
  traces: readonly IndexedTrace[],
  records: readonly IndexedPathRecord[],
  window: TimeWindow,
  options: PathStateOptions,
): PathIndexState {
  const inWindow = (start: number): boolean =>
    start >= window.startMicros && start < window.endMicros;
  const service = options.service;
  const keptTraces = traces.filter(
    (t) =>
      inWindow(t.startMicros) &&
      (service === undefined || t.services.includes(service)),
  );
  const keptIds = new Set(keptTraces.map((t) => t.traceId));
  const warningsByCode: Record<string, number> = {};
  let first = Infinity;
  let last = -Infinity;
  for (const t of keptTraces) {
    first = Math.min(first, t.startMicros);
    last = Math.max(last, t.startMicros);
    for (const code of t.warningCodes) {
      warningsByCode[code] = (warningsByCode[code] ?? 0) + 1;
    }
  }
  // with a service, only the paths through it: a position runs in it
  const byKey = new Map<string, IndexedPathRecord[]>();
  for (const r of records) {
    if (
      !inWindow(r.traceStartMicros) ||
      !keptIds.has(r.traceId) ||
      (service !== undefined && !r.positions.some((p) => p.service === service))
    ) {
      continue;
    }
    const list = byKey.get(r.key) ?? [];
    list.push(r);
    byKey.set(r.key, list);
  }
  const keys = [...byKey.keys()]
    .sort(
      (a, b) =>
        byKey.get(b)!.length - byKey.get(a)!.length || compareText(a, b),
    )
    .slice(0, options.maxPaths);
  return {
    totals: {
      traces: keptTraces.length,
      spans: keptTraces.reduce((n, t) => n + t.spans, 0),
      tracesWithoutHops: keptTraces.filter((t) => !t.hasHops).length,
      warningsByCode,
      firstStartMicros: keptTraces.length === 0 ? null : first,
      lastStartMicros: keptTraces.length === 0 ? null : last,
    },
    paths: keys.map((key) => aggregatePath(key, byKey.get(key)!, options)),
  };
}

function aggregatePath(
  key: string,
  records: readonly IndexedPathRecord[],
  options: PathStateOptions,
): PathState {
  const positions = records[0]!.positions.map((p, i) =>
    aggregatePosition(
      p,
      records.map((r) => r.positions[i]!),
      options,
    ),
  );
  const sampled = new Map<TraceId, number>();
  for (const r of records) {
    sampled.set(r.traceId, r.traceHash);
  }
  return {
    key,
    count: records.length,
    errors: records.filter((r) => r.error).length,
    incomplete: records.filter((r) => r.incomplete).length,
    duration: measure(
      records.map((r) => r.durationMicros),
      options,
    ),
    branch: measure(
      records.map((r) => r.branchMicros),
      options,
    ),
    cpu: measure(present(records.map((r) => r.cpuMicros)), options),
    memory: measure(present(records.map((r) => r.memoryBytes)), options),
    positions,
    sampledTraces: [...sampled]
      .map(([traceId, hash]) => ({ traceId, hash }))
      .sort((a, b) => a.hash - b.hash || compareText(a.traceId, b.traceId))
      .slice(0, options.sampledTraces),
    candidates: {
      duration: candidates(records, (r) => r.durationMicros, options),
      cpu: candidates(records, (r) => r.cpuMicros, options),
      memory: candidates(records, (r) => r.memoryBytes, options),
    },
  };
}

type Position = IndexedPathRecord['positions'][number];

function aggregatePosition(
  first: Position,
  positions: readonly Position[],
  options: PathStateOptions,
): PositionState {
  const of = (valueOf: (p: Position) => number): MeasureState =>
    measure(positions.map(valueOf), options);
  return {
    label: first.label,
    service: first.service,
    count: positions.length,
    errors: positions.filter((p) => p.error).length,
    duration: measure(
      positions.map((p) => p.durationMicros),
      options,
    ),
    self: measure(
      positions.map((p) => p.selfMicros),
      options,
    ),
    cpu: measure(present(positions.map((p) => p.cpuMicros)), options),
    waiting: measure(
      present(
        positions.map((p) =>
          p.cpuMicros === null
            ? null
            : Math.max(0, p.durationMicros - p.cpuMicros),
        ),
      ),
      options,
    ),
    memory: measure(present(positions.map((p) => p.memoryBytes)), options),
    criticalShare: of((p) => p.criticalShare),
    calls: of((p) => p.calls),
    criticalCalls: of((p) => p.criticalCalls),
    overlap: of((p) => p.overlap),
    inNext: of((p) => p.inNextMicros),
    inOther: of((p) => p.inOtherMicros),
    otherBranches: countValues(positions.map((p) => p.otherBranch)),
    errorSources: countValues(
      positions
        .filter((p) => p.error)
        .map((p) => p.errorSource ?? UNNAMED_ERROR_SOURCE),
    ),
  };
}

/** Every distinct value with its count, the most frequent first (ties by value). */
function countValues(values: readonly (string | null)[]): CategoryCount[] {
  const counts = new Map<string, number>();
  for (const v of values) {
    if (v !== null) {
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
  }
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || compareText(a.value, b.value));
}

function candidates(
  records: readonly IndexedPathRecord[],
  valueOf: (r: IndexedPathRecord) => number | null,
  options: PathStateOptions,
): MetricCandidates {
  const withValue = records.filter((r) => valueOf(r) !== null);
  const extremes = [...withValue]
    .sort(
      (a, b) => valueOf(b)! - valueOf(a)! || compareText(a.traceId, b.traceId),
    )
    .slice(0, options.extremes);
  const sample: SampledValue[] = withValue
    .map((r) => ({ traceId: r.traceId, hash: r.traceHash, value: valueOf(r)! }))
    .sort(
      (a, b) =>
        a.hash - b.hash ||
        compareText(a.traceId, b.traceId) ||
        a.value - b.value,
    )
    .slice(0, options.madSample);
  return { extremes, sample };
}

function present(values: readonly (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null);
}

/** Moments in two passes; every value up to the exact limit, sketch bins beyond. */
function measure(
  values: readonly number[],
  options: PathStateOptions,
): MeasureState {
  const count = values.length;
  if (count === 0) {
    return { count, mean: 0, m2: 0, min: 0, max: 0, values: [], bins: null };
  }
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / count;
  let m2 = 0;
  for (const v of values) {
    m2 += (v - mean) * (v - mean);
  }
  if (count <= options.exactLimit) {
    return { count, mean, m2, min, max, values: [...values], bins: null };
  }
  const positive = new Map<number, number>();
  const negative = new Map<number, number>();
  let zeroCount = 0;
  for (const v of values) {
    const size = Math.abs(v);
    if (size <= options.sketchMinIndexable) {
      zeroCount++;
      continue;
    }
    const key = Math.ceil(Math.log2(size) * options.sketchLog2Multiplier);
    const bins = v > 0 ? positive : negative;
    bins.set(key, (bins.get(key) ?? 0) + 1);
  }
  const sorted = (m: Map<number, number>): [number, number][] =>
    [...m].sort((a, b) => a[0] - b[0]);
  return {
    count,
    mean,
    m2,
    min,
    max,
    values: null,
    bins: { zeroCount, positive: sorted(positive), negative: sorted(negative) },
  };
}
