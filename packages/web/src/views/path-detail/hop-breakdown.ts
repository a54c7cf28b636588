/**
 * Path detail's per-hop model: each hop in call order with its medians of
 * self time, waiting (duration − CPU), CPU and memory, its calls per request
 * and their overlap, and its share of the critical path; the bottleneck (a
 * hop of the path, or the other branch a fan-out waits on); and the bar chart
 * of it all, where each hop's median duration is split into its own CPU, its
 * own off-CPU time (self − CPU: sleeping, waiting on a lock or an I/O it does
 * itself), the time in this path's next hop and the time in other branches,
 * so a hop that waits by itself stands out from callers that only wait for
 * it, and a branch of a fan-out is not blamed for its sibling.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { PathProfile } from '../../api/api-types.js';
import { formatMicros } from '../../format/format-units.js';

export interface HopBreakdownRow {
  readonly position: number;
  readonly label: string;
  readonly count: number;
  readonly errors: number;
  readonly durationP50Micros: number;
  readonly durationP95Micros: number;
  readonly selfP50Micros: number;
  readonly selfP95Micros: number;
  readonly waitingP50Micros: number | null;
  readonly cpuP50Micros: number | null;
  readonly memoryP50Bytes: number | null;
  readonly criticalShareP50: number;
  readonly criticalShareP95: number;
  readonly callsP50: number;
  readonly overlapP50: number;
  readonly criticalCallsP50: number;
  readonly inNextP50Micros: number;
  readonly inOtherP50Micros: number;
  /** The other branch that took most of the time in other branches. */
  readonly otherBranch: string | null;
}

export function buildHopBreakdown(path: PathProfile): HopBreakdownRow[] {
  return [...path.hops]
    .sort((a, b) => a.position - b.position)
    .map((h) => ({
      position: h.position,
      label: h.label,
      count: h.count,
      errors: h.errors,
      durationP50Micros: h.durationMicros.p50,
      durationP95Micros: h.durationMicros.p95,
      selfP50Micros: h.selfMicros.p50,
      selfP95Micros: h.selfMicros.p95,
      waitingP50Micros: h.waitingMicros?.p50 ?? null,
      cpuP50Micros: h.cpuMicros?.p50 ?? null,
      memoryP50Bytes: h.memoryBytes?.p50 ?? null,
      criticalShareP50: h.criticalPathShare.p50,
      criticalShareP95: h.criticalPathShare.p95,
      callsP50: h.calls.p50,
      overlapP50: h.overlap.p50,
      criticalCallsP50: h.criticalCalls.p50,
      inNextP50Micros: h.inNextHopMicros.p50,
      inOtherP50Micros: h.inOtherBranchesMicros.p50,
      otherBranch: h.otherBranches[0]?.value ?? null,
    }));
}

/** What holds a path's requests up the most, at the median. */
export type Bottleneck =
  | { readonly kind: 'hop'; readonly row: HopBreakdownRow }
  | {
      readonly kind: 'other-branch';
      /** The other branch's hop label. */
      readonly label: string;
      /** The hop of this path that waits on it. */
      readonly caller: HopBreakdownRow;
      readonly waitMicros: number;
    };

/**
 * The hop with the largest median share of the critical path — unless a hop
 * of the path waits longer on another branch (a fan-out sibling) than that
 * hop's own self time: then the sibling is the bottleneck, named. Null
 * without hops.
 */
export function findBottleneck(
  rows: readonly HopBreakdownRow[],
): Bottleneck | null {
  const dominant = findDominantHop(rows);
  if (dominant === null) {
    return null;
  }
  let waiting: HopBreakdownRow | null = null;
  for (const row of rows) {
    if (
      row.otherBranch !== null &&
      (waiting === null || row.inOtherP50Micros > waiting.inOtherP50Micros)
    ) {
      waiting = row;
    }
  }
  if (
    waiting !== null &&
    waiting.otherBranch !== null &&
    waiting.inOtherP50Micros > dominant.selfP50Micros
  ) {
    return {
      kind: 'other-branch',
      label: waiting.otherBranch,
      caller: waiting,
      waitMicros: waiting.inOtherP50Micros,
    };
  }
  return { kind: 'hop', row: dominant };
}

/** The hop with the largest median share of the critical path; null without hops. */
export function findDominantHop(
  rows: readonly HopBreakdownRow[],
): HopBreakdownRow | null {
  let best: HopBreakdownRow | null = null;
  for (const row of rows) {
    if (best === null || row.criticalShareP50 > best.criticalShareP50) {
      best = row;
    }
  }
  return best;
}

const toMillis = (micros: number | null): number | null =>
  micros === null ? null : Math.round(micros) / 1000;

/** The parts of a hop's median duration the chart stacks, µs; null where CPU is not reported. */
export function splitHopTime(r: HopBreakdownRow): {
  readonly cpu: number | null;
  readonly offCpu: number;
  readonly inNext: number;
  readonly inOther: number;
} {
  const cpu =
    r.cpuP50Micros === null ? null : Math.min(r.cpuP50Micros, r.selfP50Micros);
  return {
    cpu,
    offCpu: Math.max(0, r.selfP50Micros - (cpu ?? 0)),
    inNext: r.inNextP50Micros,
    inOther: r.inOtherP50Micros,
  };
}

/**
 * Horizontal stacked bars, one per hop, entry hop on top; values in ms:
 * CPU + own off-CPU time (= self time) + time in this path's next hop + time
 * only in other branches (≈ the duration; medians of the parts, so the
 * stack is close to, not exactly, the median duration).
 */
export function buildHopChartOption(
  rows: readonly HopBreakdownRow[],
): EChartsCoreOption {
  const labels = rows.map((r) => `${r.position + 1}. ${r.label}`);
  const parts = rows.map(splitHopTime);
  const series = (
    name: string,
    color: string,
    pick: (p: ReturnType<typeof splitHopTime>) => number | null,
  ) => ({
    name,
    type: 'bar',
    stack: 'time',
    itemStyle: { color },
    data: parts.map((p) => toMillis(pick(p))),
  });
  return {
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) =>
        typeof v === 'number' ? formatMicros(v * 1000) : '–',
    },
    grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
    xAxis: { type: 'value', axisLabel: { formatter: '{value} ms' } },
    yAxis: { type: 'category', inverse: true, data: labels },
    series: [
      series('CPU', '#2f8f5b', (p) => p.cpu),
      series(
        rows.some((r) => r.cpuP50Micros !== null)
          ? 'Off-CPU (own wait)'
          : 'Self',
        '#e8a33d',
        (p) => p.offCpu,
      ),
      series("In this path's next hop", '#9bb3d4', (p) => p.inNext),
      series('In other branches', '#c9ced6', (p) => p.inOther),
    ],
  };
}
