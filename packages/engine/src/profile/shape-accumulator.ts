/** One request shape (the whole hop tree) across traces. */
import type { ShapeProfile } from '@pathprof/model';
import { Distribution } from '../stats/distribution.js';
import { Exemplars } from './exemplars.js';

const MAX_PATHS_LISTED = 64;

export class ShapeAccumulator {
  count = 0;
  errors = 0;
  readonly duration = new Distribution();
  readonly paths = new Set<string>();
  readonly exemplars = new Exemplars();

  constructor(readonly key: string) {}

  add(
    traceId: string,
    durationMicros: number,
    error: boolean,
    pathKeys: readonly string[],
  ): void {
    this.count++;
    if (error) {
      this.errors++;
    }
    this.duration.add(durationMicros);
    this.exemplars.add(traceId, durationMicros);
    this.addPaths(pathKeys);
  }

  merge(other: ShapeAccumulator): void {
    this.count += other.count;
    this.errors += other.errors;
    this.duration.merge(other.duration);
    this.exemplars.merge(other.exemplars);
    this.addPaths(other.paths);
  }

  toProfile(): ShapeProfile {
    return {
      key: this.key,
      count: this.count,
      errors: this.errors,
      durationMicros: this.duration.summarize(),
      paths: [...this.paths].sort(),
      exemplars: this.exemplars.list(),
    };
  }

  private addPaths(keys: Iterable<string>): void {
    for (const k of keys) {
      if (this.paths.size >= MAX_PATHS_LISTED) {
        return;
      }
      this.paths.add(k);
    }
  }
}
