/** All that is kept of one path across traces; bounded, mergeable. */
import type { PathProfile } from '@pathprof/model';
import { AnomalyCandidates } from '../anomalies/anomaly-candidates.js';
import { detectAnomalies } from '../anomalies/detect-anomalies.js';
import { Distribution, summarizeOrNull } from '../stats/distribution.js';
import type { PathRecord } from './analyze-trace.js';
import { Exemplars } from './exemplars.js';
import { HopAccumulator } from './hop-accumulator.js';

export class PathAccumulator {
  count = 0;
  errors = 0;
  incomplete = 0;
  readonly duration = new Distribution();
  readonly cpu = new Distribution();
  readonly memory = new Distribution();
  readonly hops: HopAccumulator[];
  readonly exemplars = new Exemplars();
  readonly candidates = new AnomalyCandidates();

  constructor(
    readonly key: string,
    labels: readonly string[],
  ) {
    this.hops = labels.map((label) => new HopAccumulator(label));
  }

  add(record: PathRecord): void {
    this.count++;
    if (record.error) {
      this.errors++;
    }
    if (record.incomplete) {
      this.incomplete++;
    }
    this.duration.add(record.durationMicros);
    if (record.cpuMicros !== undefined) {
      this.cpu.add(record.cpuMicros);
    }
    if (record.memoryBytes !== undefined) {
      this.memory.add(record.memoryBytes);
    }
    record.positions.forEach((p, i) => this.hops[i]!.add(record.traceId, p));
    this.exemplars.add(record.traceId, record.durationMicros);
    this.candidates.add(record);
  }

  merge(other: PathAccumulator): void {
    this.count += other.count;
    this.errors += other.errors;
    this.incomplete += other.incomplete;
    this.duration.merge(other.duration);
    this.cpu.merge(other.cpu);
    this.memory.merge(other.memory);
    other.hops.forEach((h, i) => this.hops[i]!.merge(h));
    this.exemplars.merge(other.exemplars);
    this.candidates.merge(other.candidates);
  }

  toProfile(withAnomalies: boolean, madThreshold?: number): PathProfile {
    const profile: PathProfile = {
      key: this.key,
      hops: this.hops.map((h, i) => h.toHopProfile(i)),
      count: this.count,
      errors: this.errors,
      incomplete: this.incomplete,
      durationMicros: this.duration.summarize(),
      cpuMicros: summarizeOrNull(this.cpu),
      memoryBytes: summarizeOrNull(this.memory),
      exemplars: this.exemplars.list(),
    };
    return withAnomalies
      ? { ...profile, anomalies: detectAnomalies(this, madThreshold) }
      : profile;
  }
}
