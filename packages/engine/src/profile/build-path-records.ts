/**
 * One record per path per trace: the call paths of a trace that share a key
 * (the same hop sequence reached through several calls — an N+1 loop, a
 * fan-out to one service) are one request of that path, their calls combined
 * position by position.
 *
 *   a3 ─┬─ e1 ─┬─ f1          a3 > g1:       duration = a3 (210)
 *       │      └─ d2                         branch   = a3's own time + g1
 *       └─ g1                 a3's callees:  in next hop (g1) 5,
 *                                            in other branches 200 (e1 dominates)
 *
 * Per position: `calls` (distinct hops), `criticalCalls` (calls with critical
 * time), `overlap` (per caller, the sum of its calls' durations over the wall
 * time they span; summed over callers), duration (the union of the calls'
 * intervals), self time (the union of the calls' self intervals: the wall
 * time one of them worked while none of its callees ran), CPU (sum), memory
 * (largest), the callee time
 * split into this path's next hop and other branches with the other branch
 * that dominates, error and its first source, and the critical-path share.
 *
 * The branch time is the measure of the instants at which the request was
 * working on this path: the self intervals of every hop before the last
 * position and the whole intervals of the last position's hops.
 */
import type { TraceId } from '@pathprof/model';
import type { HopTree } from '../hops/hop-tree.js';
import type { CallPath } from '../paths/extract-call-paths.js';
import type { PathKeyStrategy } from '../paths/path-key.js';
import {
  appendUncovered,
  mergeIntervals,
  unionMeasure,
} from '../stats/interval-union.js';

/** One position of a path record: every call of the position's hop in one request. */
export interface PositionRecord {
  readonly label: string;
  readonly service: string;
  readonly calls: number;
  readonly criticalCalls: number;
  readonly overlap: number;
  /** The wall time the calls cover together. */
  readonly durationMicros: number;
  readonly selfMicros: number;
  readonly cpuMicros: number | undefined;
  readonly memoryBytes: number | undefined;
  readonly inNextMicros: number;
  readonly inOtherMicros: number;
  /** The hop label that took most of the other-branch time. */
  readonly otherBranch: string | undefined;
  readonly error: boolean;
  /** `<carrier> <service>:<operation>` of the first span whose error the position carries. */
  readonly errorSource: string | undefined;
  readonly criticalShare: number;
}

export interface PathRecord {
  readonly traceId: TraceId;
  readonly key: string;
  readonly labels: readonly string[];
  readonly incomplete: boolean;
  /** The request's duration as the path's entry saw it. */
  readonly durationMicros: number;
  /** The part of it spent on this path (see the file comment). */
  readonly branchMicros: number;
  readonly cpuMicros: number | undefined;
  readonly memoryBytes: number | undefined;
  readonly error: boolean;
  readonly positions: readonly PositionRecord[];
}

export interface HopTimes {
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly self: Float64Array;
  readonly critical: Float64Array;
  /** The root hop above each hop. */
  readonly rootOf: Int32Array;
}

export function buildPathRecords(
  traceId: TraceId,
  hopTree: HopTree,
  callPaths: readonly CallPath[],
  times: HopTimes,
  strategy: PathKeyStrategy,
): PathRecord[] {
  const records: PathRecord[] = [];
  if (callPaths.length === 0) {
    return records;
  }
  // group the call paths by key, in order of each key's first path
  const groups = new Map<string, CallPath[]>();
  for (let k = 0; k < callPaths.length; k++) {
    const path = callPaths[k]!;
    const group = groups.get(path.key);
    if (group === undefined) {
      groups.set(path.key, [path]);
    } else {
      group.push(path);
    }
  }
  for (const group of groups.values()) {
    records.push(buildRecord(traceId, hopTree, group, times, strategy));
  }
  return records;
}

function buildRecord(
  traceId: TraceId,
  hopTree: HopTree,
  group: readonly CallPath[],
  times: HopTimes,
  strategy: PathKeyStrategy,
): PathRecord {
  const first = group[0]!;
  const depth = first.labels.length;
  // per position: every hop (run members included) and the outer hop of each run
  const members: (readonly number[])[] = [];
  const outers: (readonly number[])[] = [];
  if (group.length === 1) {
    for (let i = 0; i < depth; i++) {
      const run = first.positions[i]!;
      members.push(run);
      outers.push([run[0]!]);
    }
  } else {
    for (let i = 0; i < depth; i++) {
      const seenMember = new Set<number>();
      const seenOuter = new Set<number>();
      for (const path of group) {
        const run = path.positions[i]!;
        seenOuter.add(run[0]!);
        for (const h of run) {
          seenMember.add(h);
        }
      }
      members.push([...seenMember]);
      outers.push([...seenOuter]);
    }
  }
  const { start, end } = times;
  // the request's duration: its root hops' (one, unless the trace is broken)
  let rootDuration = 0;
  const entries = outers[0]!;
  if (entries.length === 1) {
    const root = times.rootOf[entries[0]!]!;
    rootDuration = end[root]! - start[root]!;
  } else {
    for (const root of new Set(entries.map((h) => times.rootOf[h]!))) {
      rootDuration += end[root]! - start[root]!;
    }
  }

  const positions: PositionRecord[] = [];
  let cpuTotal: number | undefined;
  let memMax: number | undefined;
  let error = false;
  for (let i = 0; i < depth; i++) {
    const position = buildPosition(
      hopTree,
      members[i]!,
      outers[i]!,
      i + 1 < depth ? outers[i + 1]! : NO_HOPS,
      times,
      rootDuration,
      strategy,
      first.labels[i]!,
    );
    if (position.cpuMicros !== undefined) {
      cpuTotal = (cpuTotal ?? 0) + position.cpuMicros;
    }
    if (position.memoryBytes !== undefined) {
      memMax = Math.max(memMax ?? -Infinity, position.memoryBytes);
    }
    error ||= position.error;
    positions.push(position);
  }
  let incomplete = false;
  for (const p of group) {
    incomplete ||= p.incomplete;
  }
  return {
    traceId,
    key: first.key,
    labels: first.labels,
    incomplete,
    durationMicros: positions[0]!.durationMicros,
    branchMicros: branchTime(hopTree, members, outers, times),
    cpuMicros: cpuTotal,
    memoryBytes: memMax,
    error,
    positions,
  };
}

const NO_HOPS: readonly number[] = [];

/** A Set of the hops of a list, or undefined while the list is short enough to scan. */
function membership(list: readonly number[]): Set<number> | undefined {
  return list.length <= 8 ? undefined : new Set(list);
}

function contains(
  list: readonly number[],
  set: Set<number> | undefined,
  h: number,
): boolean {
  return set === undefined ? list.includes(h) : set.has(h);
}

function buildPosition(
  hopTree: HopTree,
  members: readonly number[],
  outers: readonly number[],
  next: readonly number[],
  times: HopTimes,
  rootDuration: number,
  strategy: PathKeyStrategy,
  label: string,
): PositionRecord {
  const { hops, children, parent } = hopTree;
  const { start, end, critical } = times;
  const single = members.length === 1;
  const selfIntervals: number[] = [];
  let critSum = 0;
  let cpu: number | undefined;
  let mem: number | undefined;
  let errorSource: string | undefined;
  let error = false;
  const calleeIntervals: number[] = [];
  let others: Map<string, number> | undefined;
  const memberSet = single ? undefined : membership(members);
  const nextSet = membership(next);
  for (let m = 0; m < members.length; m++) {
    const h = members[m]!;
    const hop = hops[h]!;
    critSum += critical[h]!;
    if (hop.cpuMicros !== undefined) {
      cpu = (cpu ?? 0) + hop.cpuMicros;
    }
    if (hop.memoryBytes !== undefined) {
      mem = Math.max(mem ?? -Infinity, hop.memoryBytes);
    }
    if (hop.error) {
      error = true;
      if (errorSource === undefined && hop.errorSource !== undefined) {
        const s = hop.errorSource;
        errorSource = `${s.carrier} ${s.service}:${s.operation}`;
      }
    }
    const kids = children[h]!;
    for (let k = 0; k < kids.length; k++) {
      const c = kids[k]!;
      const cs = Math.max(start[c]!, start[h]!);
      const ce = Math.min(end[c]!, end[h]!);
      if (ce <= cs) {
        continue;
      }
      if (!single && contains(members, memberSet, c)) {
        continue;
      }
      calleeIntervals.push(cs, ce);
      if (!contains(next, nextSet, c)) {
        const other = strategy.labelHop(hops[c]!);
        others ??= new Map();
        others.set(other, (others.get(other) ?? 0) + (ce - cs));
      }
    }
    if (!single) {
      appendUncovered(start[h]!, end[h]!, kids, start, end, selfIntervals);
    }
  }
  const nextIntervals: number[] = [];
  for (let k = 0; k < next.length; k++) {
    const c = next[k]!;
    const p = parent[c]!;
    const cs = p < 0 ? start[c]! : Math.max(start[c]!, start[p]!);
    const ce = p < 0 ? end[c]! : Math.min(end[c]!, end[p]!);
    if (ce > cs) {
      nextIntervals.push(cs, ce);
    }
  }
  const inNext = unionMeasure(nextIntervals);
  const inAll = unionMeasure(calleeIntervals);
  let otherBranch: string | undefined;
  let otherMax = 0;
  if (others !== undefined) {
    for (const [other, micros] of others) {
      if (
        micros > otherMax ||
        (micros === otherMax &&
          otherBranch !== undefined &&
          other < otherBranch)
      ) {
        otherBranch = other;
        otherMax = micros;
      }
    }
  }

  let durationMicros: number;
  if (outers.length === 1) {
    const o = outers[0]!;
    durationMicros = end[o]! > start[o]! ? end[o]! - start[o]! : 0;
  } else {
    const outerIntervals: number[] = [];
    for (const o of outers) {
      outerIntervals.push(start[o]!, end[o]!);
    }
    durationMicros = unionMeasure(outerIntervals);
  }
  let criticalCalls = 0;
  for (const h of members) {
    // a run's members are nested: the run is critical when any of them is
    if (critical[h]! > 0) {
      criticalCalls++;
    }
  }
  return {
    label,
    service: hops[outers[0]!]!.service,
    calls: outers.length,
    criticalCalls: Math.min(criticalCalls, outers.length),
    overlap: overlapOf(parent, outers, start, end),
    durationMicros,
    selfMicros: single ? times.self[members[0]!]! : unionMeasure(selfIntervals),
    cpuMicros: cpu,
    memoryBytes: mem,
    inNextMicros: inNext,
    inOtherMicros: Math.max(0, inAll - inNext),
    otherBranch,
    error,
    errorSource,
    criticalShare: rootDuration > 0 ? critSum / rootDuration : 0,
  };
}

/**
 * Per caller, Σ call durations ÷ (last end − first start); callers summed.
 * 1 when it is undefined: one call, or calls that took no measurable time.
 */
function overlapOf(
  parent: Int32Array,
  calls: readonly number[],
  start: Float64Array,
  end: Float64Array,
): number {
  if (calls.length === 1) {
    return 1;
  }
  const byCaller = new Map<number, [sum: number, lo: number, hi: number]>();
  for (const c of calls) {
    const p = parent[c]!;
    const d = end[c]! - start[c]!;
    const g = byCaller.get(p);
    if (g === undefined) {
      byCaller.set(p, [d, start[c]!, end[c]!]);
    } else {
      g[0] += d;
      g[1] = Math.min(g[1], start[c]!);
      g[2] = Math.max(g[2], end[c]!);
    }
  }
  let sum = 0;
  let span = 0;
  for (const [d, lo, hi] of byCaller.values()) {
    sum += d;
    span += hi - lo;
  }
  return span > 0 && sum > 0 ? sum / span : 1;
}

/** The instants at which the request worked on this path (see the file comment). */
function branchTime(
  hopTree: HopTree,
  members: readonly (readonly number[])[],
  outers: readonly (readonly number[])[],
  times: HopTimes,
): number {
  const { children } = hopTree;
  const { start, end } = times;
  const depth = members.length;
  const onPath: number[] = [];
  for (let i = 0; i + 1 < depth; i++) {
    for (const h of members[i]!) {
      appendUncovered(start[h]!, end[h]!, children[h]!, start, end, onPath);
    }
  }
  for (const h of outers[depth - 1]!) {
    onPath.push(start[h]!, end[h]!);
  }
  // only while the first position runs: within its calls' union, not the
  // hull of them (with skewed clocks a later hop can lie in a gap between
  // two calls, and the branch would outgrow the path's duration)
  const firsts = outers[0]!;
  if (firsts.length === 1) {
    return unionMeasure(onPath, start[firsts[0]!]!, end[firsts[0]!]!);
  }
  const calls: number[] = [];
  for (const h of firsts) {
    calls.push(start[h]!, end[h]!);
  }
  const union = mergeIntervals(calls);
  let total = 0;
  for (let k = 0; k < union.length; k += 2) {
    total += unionMeasure(onPath, union[k]!, union[k + 1]!);
  }
  return total;
}
