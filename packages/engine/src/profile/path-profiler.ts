/**
 * Accumulates path, shape and hop profiles over any number of traces, with
 * bounded memory: at most `maxGroups` distinct keys per grouping (the rest are
 * counted as overflow), and bounded state per key. Profilers merge:
 * merge(profile(A), profile(B)) reports as profile(A ∪ B), exactly for counts,
 * extremes, exemplars and exact quantiles, within the sketch bound otherwise.
 */
import { REPORT_SCHEMA_VERSION } from '@pathprof/model';
import type {
  AnalysisReport,
  PathIndexState,
  Span,
  TraceId,
  TraceWarning,
} from '@pathprof/model';
import type { PathKeyStrategy } from '../paths/path-key.js';
import { KEY_BY_SERVICE_AND_OPERATION } from '../paths/path-key.js';
import type { TraceAnalysis } from './analyze-trace.js';
import { analyzeTrace } from './analyze-trace.js';
import { HopAccumulator } from './hop-accumulator.js';
import { PathAccumulator } from './path-accumulator.js';
import { restorePathAccumulator } from './restore-path-state.js';
import { ShapeAccumulator } from './shape-accumulator.js';

export type GroupBy = 'path' | 'shape' | 'hop';

/** Distinct keys a profiler keeps per grouping unless told otherwise. */
export const DEFAULT_MAX_GROUPS = 10_000;

export interface PathProfilerOptions {
  readonly pathKey?: PathKeyStrategy;
  readonly keepProxies?: boolean;
  /** Most distinct keys kept per grouping (default DEFAULT_MAX_GROUPS). */
  readonly maxGroups?: number;
  /** Most warnings kept verbatim for display (default 50); all are counted. */
  readonly maxWarningSamples?: number;
}

export interface ReportOptions {
  readonly groupBy?: GroupBy;
  /** Keep only the N groups with the most records. */
  readonly top?: number;
  readonly anomalies?: boolean;
  readonly madThreshold?: number;
}

export class PathProfiler {
  traces = 0;
  spans = 0;
  tracesWithoutHops = 0;
  overflowRecords = 0;
  /** Set by readers that group spread spans with a bounded buffer. */
  cutTraces = 0;
  readonly warningsByCode = new Map<string, number>();
  readonly warningSamples: TraceWarning[] = [];
  private readonly paths = new Map<string, PathAccumulator>();
  private readonly shapes = new Map<string, ShapeAccumulator>();
  private readonly hopSummaries = new Map<string, HopAccumulator>();
  private readonly pathKey: PathKeyStrategy;
  private readonly maxGroups: number;
  private readonly maxWarningSamples: number;

  constructor(private readonly options: PathProfilerOptions = {}) {
    this.pathKey = options.pathKey ?? KEY_BY_SERVICE_AND_OPERATION;
    this.maxGroups = options.maxGroups ?? DEFAULT_MAX_GROUPS;
    this.maxWarningSamples = options.maxWarningSamples ?? 50;
  }

  /** Analyses one trace's spans and adds it; returns the analysis for callers that show more. */
  addTrace(traceId: TraceId, spans: readonly Span[]): TraceAnalysis {
    const analysis = analyzeTrace(traceId, spans, {
      pathKey: this.pathKey,
      keepProxies: this.options.keepProxies ?? false,
    });
    this.addAnalysis(analysis);
    return analysis;
  }

  addAnalysis(analysis: TraceAnalysis): void {
    this.traces++;
    this.spans += analysis.tree.nodes.length;
    this.addWarnings(analysis.warnings);
    const { records, hopTree } = analysis;
    if (hopTree.hops.length === 0) {
      this.tracesWithoutHops++;
      return;
    }
    for (const record of records) {
      const acc = this.getOrCreate(
        this.paths,
        record.key,
        () => new PathAccumulator(record.key, record.labels),
      );
      if (acc === undefined) {
        this.overflowRecords++;
        continue;
      }
      acc.add(record);
    }
    const { hops } = hopTree;
    hops.forEach((hop, h) => {
      const label = this.pathKey.labelHop(hop);
      const acc = this.getOrCreate(
        this.hopSummaries,
        label,
        () => new HopAccumulator(label),
      );
      acc?.add(analysis.tree.traceId, {
        label,
        durationMicros: hop.endMicros - hop.startMicros,
        selfMicros: analysis.hopSelfMicros[h]!,
        cpuMicros: hop.cpuMicros,
        memoryBytes: hop.memoryBytes,
        error: hop.error,
        criticalShare: 0,
      });
    });
    const shape = this.getOrCreate(
      this.shapes,
      analysis.shape,
      () => new ShapeAccumulator(analysis.shape),
    );
    let rootDuration = 0;
    for (const r of hopTree.roots) {
      rootDuration = Math.max(
        rootDuration,
        hops[r]!.endMicros - hops[r]!.startMicros,
      );
    }
    shape?.add(
      analysis.tree.traceId,
      rootDuration,
      hops.some((h) => h.error),
      records.map((r) => r.key),
    );
  }

  merge(other: PathProfiler): void {
    this.traces += other.traces;
    this.spans += other.spans;
    this.tracesWithoutHops += other.tracesWithoutHops;
    this.cutTraces += other.cutTraces;
    this.overflowRecords += other.overflowRecords;
    for (const [code, count] of other.warningsByCode) {
      this.warningsByCode.set(
        code,
        (this.warningsByCode.get(code) ?? 0) + count,
      );
    }
    for (const w of other.warningSamples) {
      if (this.warningSamples.length < this.maxWarningSamples) {
        this.warningSamples.push(w);
      }
    }
    mergeMaps(
      this.paths,
      other.paths,
      (a) =>
        new PathAccumulator(
          a.key,
          a.hops.map((h) => h.label),
        ),
      this.maxGroups,
    );
    mergeMaps(
      this.shapes,
      other.shapes,
      (a) => new ShapeAccumulator(a.key),
      this.maxGroups,
    );
    mergeMaps(
      this.hopSummaries,
      other.hopSummaries,
      (a) => new HopAccumulator(a.label),
      this.maxGroups,
    );
  }

  /**
   * Adds the path index's aggregate of some traces' records, as if those
   * traces had been added one by one — for the `path` grouping only: shapes
   * and hop summaries are not in the index, so a profiler fed this way
   * reports paths. Warning counts are added; their samples are not kept.
   */
  addIndexState(state: PathIndexState): void {
    this.traces += state.totals.traces;
    this.spans += state.totals.spans;
    this.tracesWithoutHops += state.totals.tracesWithoutHops;
    for (const [code, count] of Object.entries(state.totals.warningsByCode)) {
      this.warningsByCode.set(
        code,
        (this.warningsByCode.get(code) ?? 0) + count,
      );
    }
    for (const path of state.paths) {
      const acc = this.getOrCreate(
        this.paths,
        path.key,
        () =>
          new PathAccumulator(
            path.key,
            path.positions.map((p) => p.label),
          ),
      );
      if (acc === undefined) {
        this.overflowRecords += path.count;
        continue;
      }
      acc.merge(restorePathAccumulator(path));
    }
  }

  report(options: ReportOptions = {}): AnalysisReport {
    const groupBy = options.groupBy ?? 'path';
    let warnings = 0;
    for (const count of this.warningsByCode.values()) {
      warnings += count;
    }
    const base = {
      schemaVersion: REPORT_SCHEMA_VERSION,
      groupBy,
      pathKey: this.pathKey.name,
      totals: {
        traces: this.traces,
        spans: this.spans,
        tracesWithoutHops: this.tracesWithoutHops,
        cutTraces: this.cutTraces,
        paths: this.paths.size,
        warnings,
        warningsByCode: Object.fromEntries([...this.warningsByCode].sort()),
      },
    };
    const pick = <T extends { count: number; key?: string; label?: string }>(
      items: T[],
    ): T[] => {
      items.sort(
        (a, b) =>
          b.count - a.count ||
          compareText(a.key ?? a.label ?? '', b.key ?? b.label ?? ''),
      );
      return options.top === undefined ? items : items.slice(0, options.top);
    };
    switch (groupBy) {
      case 'path':
        return {
          ...base,
          paths: pick([...this.paths.values()]).map((p) =>
            p.toProfile(options.anomalies ?? false, options.madThreshold),
          ),
        };
      case 'shape':
        return {
          ...base,
          shapes: pick([...this.shapes.values()]).map((s) => s.toProfile()),
        };
      case 'hop':
        return {
          ...base,
          hops: pick([...this.hopSummaries.values()]).map((h) =>
            h.toSummaryProfile(),
          ),
        };
    }
  }

  private addWarnings(warnings: readonly TraceWarning[]): void {
    for (const w of warnings) {
      this.warningsByCode.set(
        w.code,
        (this.warningsByCode.get(w.code) ?? 0) + 1,
      );
      if (this.warningSamples.length < this.maxWarningSamples) {
        this.warningSamples.push(w);
      }
    }
  }

  /** Records a warning that arose outside one trace's analysis (e.g. a trace cut by a reader). */
  addWarning(warning: TraceWarning): void {
    this.addWarnings([warning]);
  }

  private getOrCreate<T>(
    map: Map<string, T>,
    key: string,
    create: () => T,
  ): T | undefined {
    let acc = map.get(key);
    if (acc === undefined) {
      if (map.size >= this.maxGroups) {
        return undefined;
      }
      acc = create();
      map.set(key, acc);
    }
    return acc;
  }
}

function mergeMaps<T extends { merge(other: T): void }>(
  into: Map<string, T>,
  from: ReadonlyMap<string, T>,
  createEmpty: (like: T) => T,
  maxGroups: number,
): void {
  for (const [key, acc] of from) {
    let target = into.get(key);
    if (target === undefined) {
      if (into.size >= maxGroups) {
        continue;
      }
      target = createEmpty(acc);
      into.set(key, target);
    }
    target.merge(acc);
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
