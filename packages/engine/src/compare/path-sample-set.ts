/**
 * One side of a comparison: per path, the measures the comparison reports
 * (`ComparedPath`: counts, errors, distributions of duration, CPU, memory
 * and of every hop's self time, CPU and memory, exemplars) plus a
 * `RankSample` of path durations for the significance test. Bounded (at most
 * `maxPaths` paths, the rest counted as overflow) and mergeable:
 * merge(set(A), set(B)) compares as set(A ∪ B), whatever the order.
 */
import type { Coverage, PathIndexState, Span, TraceId } from '@pathprof/model';
import { computeCoverage } from '../profile/coverage.js';
import type { PathKeyStrategy } from '../paths/path-key.js';
import { KEY_BY_SERVICE_AND_OPERATION } from '../paths/path-key.js';
import type { TraceAnalysis } from '../profile/analyze-trace.js';
import { analyzeTrace } from '../profile/analyze-trace.js';
import { restorePathAccumulator } from '../profile/restore-path-state.js';
import { ComparedPath } from './compared-path.js';
import { RankSample } from './rank-sample.js';

export interface PathSampleSetOptions {
  readonly pathKey?: PathKeyStrategy;
  readonly keepProxies?: boolean;
  /** Most distinct paths kept (default 10 000). */
  readonly maxPaths?: number;
}

/** What one side holds of one path. */
export interface PathSamples {
  readonly profile: ComparedPath;
  readonly durations: RankSample;
}

export class PathSampleSet {
  traces = 0;
  /** The earliest and latest trace start read, for the side's coverage and rates. */
  firstStartMicros = Infinity;
  lastStartMicros = -Infinity;
  /** Path records dropped because `maxPaths` distinct paths were already kept. */
  overflowRecords = 0;
  readonly pathKey: PathKeyStrategy;
  private readonly keepProxies: boolean;
  private readonly maxPaths: number;
  private readonly byKey = new Map<string, PathSamples>();

  constructor(options: PathSampleSetOptions = {}) {
    this.pathKey = options.pathKey ?? KEY_BY_SERVICE_AND_OPERATION;
    this.keepProxies = options.keepProxies ?? false;
    this.maxPaths = options.maxPaths ?? 10_000;
  }

  get paths(): ReadonlyMap<string, PathSamples> {
    return this.byKey;
  }

  addTrace(traceId: TraceId, spans: readonly Span[]): TraceAnalysis {
    const analysis = analyzeTrace(traceId, spans, {
      pathKey: this.pathKey,
      keepProxies: this.keepProxies,
    });
    this.addAnalysis(analysis);
    return analysis;
  }

  /** The time the side's requests cover (see `Coverage`); null without traces. */
  coverage(): Coverage | null {
    return computeCoverage(
      this.firstStartMicros,
      this.lastStartMicros,
      this.traces,
    );
  }

  addAnalysis(analysis: TraceAnalysis): void {
    this.traces++;
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
    for (const record of analysis.records) {
      const samples = this.getOrCreate(record.key, () => ({
        profile: new ComparedPath(record.key, record.positions),
        durations: new RankSample(),
      }));
      if (samples === undefined) {
        this.overflowRecords++;
        continue;
      }
      samples.profile.add(record);
      samples.durations.add(record.durationMicros);
    }
  }

  /**
   * Adds the path index's aggregate of some traces' records and each path's
   * durations (every record's, in any order), as if those traces had been
   * added one by one: the same profile and the same rank sample.
   */
  addIndexState(
    state: PathIndexState,
    durations: ReadonlyMap<string, readonly number[]>,
  ): void {
    const { totals } = state;
    this.traces += totals.traces;
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
    for (const path of state.paths) {
      const samples = this.getOrCreate(path.key, () => ({
        profile: new ComparedPath(path.key, path.positions),
        durations: new RankSample(),
      }));
      if (samples === undefined) {
        this.overflowRecords += path.count;
        continue;
      }
      samples.profile.merge(restorePathAccumulator(path));
      for (const value of durations.get(path.key) ?? []) {
        samples.durations.add(value);
      }
    }
  }

  merge(other: PathSampleSet): void {
    this.traces += other.traces;
    this.firstStartMicros = Math.min(
      this.firstStartMicros,
      other.firstStartMicros,
    );
    this.lastStartMicros = Math.max(
      this.lastStartMicros,
      other.lastStartMicros,
    );
    this.overflowRecords += other.overflowRecords;
    for (const [key, theirs] of other.byKey) {
      const mine = this.getOrCreate(key, () => ({
        profile: new ComparedPath(key, theirs.profile.hops),
        durations: new RankSample(),
      }));
      if (mine === undefined) {
        this.overflowRecords += theirs.profile.count;
        continue;
      }
      mine.profile.merge(theirs.profile);
      mine.durations.merge(theirs.durations);
    }
  }

  private getOrCreate(
    key: string,
    create: () => PathSamples,
  ): PathSamples | undefined {
    let samples = this.byKey.get(key);
    if (samples === undefined) {
      if (this.byKey.size >= this.maxPaths) {
        return undefined;
      }
      samples = create();
      this.byKey.set(key, samples);
    }
    return samples;
  }
}
