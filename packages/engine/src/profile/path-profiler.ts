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
  Coverage,
  PathIndexState,
  Span,
  TraceId,
  TraceWarning,
} from '@pathprof/model';
import type { PathKeyStrategy } from '../paths/path-key.js';
import { KEY_BY_SERVICE_AND_OPERATION } from '../paths/path-key.js';
import { DEFAULT_ANOMALY_OPTIONS } from '../anomalies/detect-anomalies.js';
import { computeCoverage } from './coverage.js';
import type { AnomalyOptions } from '../anomalies/detect-anomalies.js';
import type { TraceAnalysis } from './analyze-trace.js';
import { analyzeTrace } from './analyze-trace.js';
import { HopAccumulator } from './hop-accumulator.js';
import type { HopMeasures } from './hop-accumulator.js';
import { PathAccumulator } from './path-accumulator.js';
import { restorePathAccumulator } from './restore-path-state.js';
import { ShapeAccumulator } from './shape-accumulator.js';
import { float64s } from '../internal/typed-slab.js';

export type GroupBy = 'path' | 'shape' | 'hop';

/** Distinct keys a profiler keeps per grouping unless told otherwise. */
export const DEFAULT_MAX_GROUPS = 10_000;

/** Warnings kept verbatim per code (the first ones met); all are counted. */
export const WARNING_SAMPLES_PER_CODE = 5;

export interface PathProfilerOptions {
  readonly pathKey?: PathKeyStrategy;
  readonly keepProxies?: boolean;
  /** Most distinct keys kept per grouping (default DEFAULT_MAX_GROUPS). */
  readonly maxGroups?: number;
  /**
   * The groupings `report` will be asked for (default all three). Shapes and
   * hop summaries are accumulated only when listed; paths always are.
   */
  readonly groupings?: readonly GroupBy[];
}

export interface ReportOptions {
  readonly groupBy?: GroupBy;
  /** Keep only the N groups with the most requests (calls for hops). */
  readonly top?: number;
  /** List abnormal requests per path. */
  readonly anomalies?: boolean;
  /** The anomaly rule and its settings (default DEFAULT_ANOMALY_OPTIONS). */
  readonly anomalyOptions?: Partial<AnomalyOptions>;
  /** Only the paths (or hops) through this service: a hop of the path runs in it. */
  readonly service?: string;
}

/** The measures of the hop being added (see addHops). */
const hopMeasures: { -readonly [K in keyof HopMeasures]: HopMeasures[K] } = {
  durationMicros: 0,
  selfMicros: 0,
  cpuMicros: undefined,
  memoryBytes: undefined,
  error: false,
  errorSource: undefined,
  criticalShare: 0,
};

export class PathProfiler {
  traces = 0;
  spans = 0;
  /** Spans read, merged duplicates included (spans dropped by readers are added with `addDroppedSpans`). */
  spansRead = 0;
  tracesWithoutHops = 0;
  overflowRecords = 0;
  /** Set by readers that group spread spans with a bounded buffer. */
  cutTraces = 0;
  firstStartMicros = Infinity;
  lastStartMicros = -Infinity;
  readonly droppedSpans = new Map<string, number>();
  readonly warningsByCode = new Map<string, number>();
  /** Per code, the kept warnings, smallest first (see sampleWarnings). */
  private readonly samplesByCode = new Map<string, TraceWarning[]>();
  private readonly paths = new Map<string, PathAccumulator>();
  private readonly shapes = new Map<string, ShapeAccumulator>();
  private readonly hopSummaries = new Map<string, HopAccumulator>();
  private readonly pathKey: PathKeyStrategy;
  private readonly maxGroups: number;
  private readonly keepsShapes: boolean;
  private readonly keepsHops: boolean;

  constructor(private readonly options: PathProfilerOptions = {}) {
    this.pathKey = options.pathKey ?? KEY_BY_SERVICE_AND_OPERATION;
    this.maxGroups = options.maxGroups ?? DEFAULT_MAX_GROUPS;
    this.keepsShapes = options.groupings?.includes('shape') ?? true;
    this.keepsHops = options.groupings?.includes('hop') ?? true;
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

  /** Counts spans a reader could not use (`invalid`: no usable ids or timing). */
  addDroppedSpans(reason: string, count: number): void {
    if (count > 0) {
      this.droppedSpans.set(
        reason,
        (this.droppedSpans.get(reason) ?? 0) + count,
      );
      this.spansRead += count;
    }
  }

  addAnalysis(analysis: TraceAnalysis): void {
    this.traces++;
    this.spans += analysis.tree.nodes.length;
    this.spansRead += analysis.spansRead;
    const merged = analysis.spansRead - analysis.tree.nodes.length;
    if (merged > 0) {
      this.droppedSpans.set(
        'duplicate',
        (this.droppedSpans.get('duplicate') ?? 0) + merged,
      );
    }
    if (analysis.tree.nodes.length > 0) {
      this.firstStartMicros = Math.min(
        this.firstStartMicros,
        analysis.startMicros,
      );
      this.lastStartMicros = Math.max(
        this.lastStartMicros,
        analysis.startMicros,
      );
    }
    this.addWarnings(analysis.warnings);
    const { records, hopTree } = analysis;
    if (hopTree.hops.length === 0) {
      this.tracesWithoutHops++;
      return;
    }
    for (let r = 0; r < records.length; r++) {
      const record = records[r]!;
      let acc = this.paths.get(record.key);
      if (acc === undefined) {
        if (this.paths.size >= this.maxGroups) {
          this.overflowRecords++;
          continue;
        }
        acc = new PathAccumulator(record.key, record.positions);
        this.paths.set(record.key, acc);
      }
      acc.add(record);
    }
    if (this.keepsHops) {
      this.addHops(analysis);
    }
    if (this.keepsShapes) {
      this.addShape(analysis);
    }
  }

  private addHops(analysis: TraceAnalysis): void {
    const { hops, parent } = analysis.hopTree;
    const traceId = analysis.tree.traceId;
    const rootDuration = float64s(hops.length);
    for (let h = 0; h < hops.length; h++) {
      const hop = hops[h]!;
      const p = parent[h]!;
      rootDuration[h] =
        p < 0 ? hop.endMicros - hop.startMicros : rootDuration[p]!;
      const label = this.pathKey.labelHop(hop);
      let acc = this.hopSummaries.get(label);
      if (acc === undefined) {
        if (this.hopSummaries.size >= this.maxGroups) {
          continue;
        }
        acc = new HopAccumulator(label, hop.service);
        this.hopSummaries.set(label, acc);
      }
      const source = hop.errorSource;
      // one measures object for every hop: add reads it and keeps nothing
      const m = hopMeasures;
      m.durationMicros = hop.endMicros - hop.startMicros;
      m.selfMicros = analysis.hopSelfMicros[h]!;
      m.cpuMicros = hop.cpuMicros;
      m.memoryBytes = hop.memoryBytes;
      m.error = hop.error;
      m.errorSource =
        source === undefined
          ? undefined
          : `${source.carrier} ${source.service}:${source.operation}`;
      m.criticalShare =
        rootDuration[h]! > 0
          ? analysis.hopCriticalMicros[h]! / rootDuration[h]!
          : 0;
      acc.add(traceId, m);
    }
  }

  private addShape(analysis: TraceAnalysis): void {
    const { hops, roots } = analysis.hopTree;
    const key = analysis.shape;
    let shape = this.shapes.get(key);
    if (shape === undefined) {
      if (this.shapes.size >= this.maxGroups) {
        return;
      }
      shape = new ShapeAccumulator(key);
      this.shapes.set(key, shape);
    }
    let shapeDuration = 0;
    for (const r of roots) {
      shapeDuration = Math.max(
        shapeDuration,
        hops[r]!.endMicros - hops[r]!.startMicros,
      );
    }
    let error = false;
    for (const h of hops) {
      error ||= h.error;
    }
    shape.add(analysis.tree.traceId, shapeDuration, error, analysis.records);
  }

  merge(other: PathProfiler): void {
    this.traces += other.traces;
    this.spans += other.spans;
    this.spansRead += other.spansRead;
    this.tracesWithoutHops += other.tracesWithoutHops;
    this.cutTraces += other.cutTraces;
    this.overflowRecords += other.overflowRecords;
    this.firstStartMicros = Math.min(
      this.firstStartMicros,
      other.firstStartMicros,
    );
    this.lastStartMicros = Math.max(
      this.lastStartMicros,
      other.lastStartMicros,
    );
    for (const [reason, count] of other.droppedSpans) {
      this.droppedSpans.set(
        reason,
        (this.droppedSpans.get(reason) ?? 0) + count,
      );
    }
    for (const [code, count] of other.warningsByCode) {
      this.warningsByCode.set(
        code,
        (this.warningsByCode.get(code) ?? 0) + count,
      );
    }
    this.sampleWarnings(other.warningSamples);
    mergeMaps(
      this.paths,
      other.paths,
      (a) => new PathAccumulator(a.key, a.hops),
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
      (a) => new HopAccumulator(a.label, a.service),
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
    const { totals } = state;
    this.traces += totals.traces;
    this.spans += totals.spans;
    this.tracesWithoutHops += totals.tracesWithoutHops;
    const merged = totals.warningsByCode['duplicate-span-id'] ?? 0;
    this.spansRead += totals.spans + merged;
    if (merged > 0) {
      this.droppedSpans.set(
        'duplicate',
        (this.droppedSpans.get('duplicate') ?? 0) + merged,
      );
    }
    if (totals.firstStartMicros !== null && totals.lastStartMicros !== null) {
      this.firstStartMicros = Math.min(
        this.firstStartMicros,
        totals.firstStartMicros,
      );
      this.lastStartMicros = Math.max(
        this.lastStartMicros,
        totals.lastStartMicros,
      );
    }
    for (const [code, count] of Object.entries(totals.warningsByCode)) {
      this.warningsByCode.set(
        code,
        (this.warningsByCode.get(code) ?? 0) + count,
      );
    }
    for (const path of state.paths) {
      const acc = this.getOrCreate(
        this.paths,
        path.key,
        () => new PathAccumulator(path.key, path.positions),
      );
      if (acc === undefined) {
        this.overflowRecords += path.count;
        continue;
      }
      acc.merge(restorePathAccumulator(path));
    }
  }

  /** Distinct paths kept (at most `maxGroups`). */
  get pathCount(): number {
    return this.paths.size;
  }

  /** The time the traces cover (see `Coverage`); null without traces. */
  coverage(): Coverage | null {
    return computeCoverage(
      this.firstStartMicros,
      this.lastStartMicros,
      this.traces,
    );
  }

  report(options: ReportOptions = {}): AnalysisReport {
    const groupBy = options.groupBy ?? 'path';
    if (
      (groupBy === 'shape' && !this.keepsShapes) ||
      (groupBy === 'hop' && !this.keepsHops)
    ) {
      throw new Error(
        `this profiler was made without the ${groupBy} grouping (options.groupings)`,
      );
    }
    let warnings = 0;
    for (const count of this.warningsByCode.values()) {
      warnings += count;
    }
    const coverage = this.coverage();
    const service = options.service;
    const paths = [...this.paths.values()].filter(
      (p) => service === undefined || p.services.includes(service),
    );
    const base = {
      schemaVersion: REPORT_SCHEMA_VERSION,
      groupBy,
      pathKey: this.pathKey.name,
      totals: {
        traces: this.traces,
        spansRead: this.spansRead,
        spans: this.spans,
        droppedSpans: Object.fromEntries([...this.droppedSpans].sort()),
        tracesWithoutHops: this.tracesWithoutHops,
        cutTraces: this.cutTraces,
        paths: paths.length,
        warnings,
        warningsByCode: Object.fromEntries([...this.warningsByCode].sort()),
        coverage,
      },
      warningSamples: this.warningSamples,
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
    const anomalies =
      options.anomalies === true
        ? { ...DEFAULT_ANOMALY_OPTIONS, ...options.anomalyOptions }
        : null;
    switch (groupBy) {
      case 'path':
        return {
          ...base,
          paths: pick(paths).map((p) => p.toProfile(coverage, anomalies)),
        };
      case 'shape':
        return {
          ...base,
          shapes: pick(
            [...this.shapes.values()].filter(
              (s) =>
                service === undefined ||
                s.paths.some((k) =>
                  this.paths.get(k)?.services.includes(service),
                ),
            ),
          ).map((s) => s.toProfile()),
        };
      case 'hop':
        return {
          ...base,
          hops: pick(
            [...this.hopSummaries.values()].filter(
              (h) => service === undefined || h.service === service,
            ),
          ).map((h) => h.toSummaryProfile()),
        };
    }
  }

  private addWarnings(warnings: readonly TraceWarning[]): void {
    for (const w of warnings) {
      this.warningsByCode.set(
        w.code,
        (this.warningsByCode.get(w.code) ?? 0) + 1,
      );
    }
    this.sampleWarnings(warnings);
  }

  /**
   * Keeps WARNING_SAMPLES_PER_CODE warnings of each code: the smallest by
   * trace id, span id and message, so the samples do not depend on the order
   * traces arrive in (merged profiles keep the same ones).
   */
  private sampleWarnings(warnings: readonly TraceWarning[]): void {
    for (const w of warnings) {
      let kept = this.samplesByCode.get(w.code);
      if (kept === undefined) {
        kept = [];
        this.samplesByCode.set(w.code, kept);
      }
      if (
        kept.length === WARNING_SAMPLES_PER_CODE &&
        compareWarnings(w, kept[kept.length - 1]!) >= 0
      ) {
        continue;
      }
      let at = kept.length;
      while (at > 0 && compareWarnings(w, kept[at - 1]!) < 0) {
        at--;
      }
      kept.splice(at, 0, w);
      if (kept.length > WARNING_SAMPLES_PER_CODE) {
        kept.pop();
      }
    }
  }

  /** The kept warnings, by code, then trace, span and message. */
  get warningSamples(): TraceWarning[] {
    return [...this.samplesByCode.keys()]
      .sort()
      .flatMap((code) => this.samplesByCode.get(code)!);
  }

  /**
   * Records a warning that arose outside one trace's analysis (a reader's:
   * a trace cut by its buffer, a span it could not use). Each `invalid-span`
   * warning is one span dropped as `invalid`.
   */
  addWarning(warning: TraceWarning): void {
    this.addWarnings([warning]);
    if (warning.code === 'invalid-span') {
      this.addDroppedSpans('invalid', 1);
    }
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

function compareWarnings(a: TraceWarning, b: TraceWarning): number {
  return (
    compareText(a.traceId, b.traceId) ||
    compareText(a.spanId ?? '', b.spanId ?? '') ||
    compareText(a.message, b.message)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
