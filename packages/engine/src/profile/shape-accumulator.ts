/** One request shape (the whole hop tree) across traces. */
import type { ShapeProfile } from '@pathprof/model';
import { Distribution } from '../stats/distribution.js';
import { Exemplars } from './exemplars.js';

const MAX_PATHS_LISTED = 64;

export class ShapeAccumulator {
  count = 0;
  errors = 0;
  readonly duration = new Distribution();
  /** The shape's path keys: every trace of one shape has the same ones. */
  paths: readonly string[] = [];
  private pathCount = 0;
  readonly exemplars = new Exemplars();

  constructor(readonly key: string) {}

  /** Adds one trace of this shape; `paths` are its path records (their keys are read once per shape). */
  add(
    traceId: string,
    durationMicros: number,
    error: boolean,
    paths: readonly { readonly key: string }[],
  ): void {
    this.count++;
    if (error) {
      this.errors++;
    }
    this.duration.add(durationMicros);
    this.exemplars.add(traceId, durationMicros);
    if (this.pathCount === 0) {
      this.setPaths(paths.map((p) => p.key));
    }
  }

  merge(other: ShapeAccumulator): void {
    this.count += other.count;
    this.errors += other.errors;
    this.duration.merge(other.duration);
    this.exemplars.merge(other.exemplars);
    if (this.pathCount === 0) {
      this.paths = other.paths;
      this.pathCount = other.pathCount;
    }
  }

  toProfile(): ShapeProfile {
    return {
      key: this.key,
      count: this.count,
      errors: this.errors,
      durationMicros: this.duration.summarize(),
      paths: this.paths,
      unlistedPaths: this.pathCount - this.paths.length,
      exemplars: this.exemplars.list(),
    };
  }

  private setPaths(keys: readonly string[]): void {
    if (this.pathCount > 0) {
      return;
    }
    const distinct = [...new Set(keys)].sort();
    this.pathCount = distinct.length;
    this.paths = distinct.slice(0, MAX_PATHS_LISTED);
  }
}
