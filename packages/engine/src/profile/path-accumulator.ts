/** All that is kept of one path across requests; bounded, mergeable. */
import type { Coverage, PathProfile } from '@pathprof/model';
import { AnomalyCandidates } from '../anomalies/anomaly-candidates.js';
import { detectAnomalies } from '../anomalies/detect-anomalies.js';
import type { AnomalyOptions } from '../anomalies/detect-anomalies.js';
import { Distribution, summarizeOrNull } from '../stats/distribution.js';
import type { PathRecord } from './build-path-records.js';
import { ratePerSecond } from './coverage.js';
import { Exemplars } from './exemplars.js';
import { PositionAccumulator } from './position-accumulator.js';

export class PathAccumulator {
  count = 0;
  errors = 0;
  incomplete = 0;
  readonly duration = new Distribution();
  readonly branch = new Distribution();
  readonly cpu = new Distribution();
  readonly memory = new Distribution();
  readonly hops: PositionAccumulator[];
  readonly exemplars = new Exemplars();
  readonly candidates = new AnomalyCandidates();

  constructor(
    readonly key: string,
    positions: readonly { readonly label: string; readonly service: string }[],
  ) {
    this.hops = positions.map(
      (p) => new PositionAccumulator(p.label, p.service),
    );
  }

  /** The services of the path's hops, in order. */
  get services(): readonly string[] {
    return this.hops.map((h) => h.service);
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
    this.branch.add(record.branchMicros);
    if (record.cpuMicros !== undefined) {
      this.cpu.add(record.cpuMicros);
    }
    if (record.memoryBytes !== undefined) {
      this.memory.add(record.memoryBytes);
    }
    const positions = record.positions;
    for (let i = 0; i < positions.length; i++) {
      this.hops[i]!.addPosition(record.traceId, positions[i]!);
    }
    this.exemplars.add(record.traceId, record.durationMicros);
    this.candidates.add(record);
  }

  merge(other: PathAccumulator): void {
    this.count += other.count;
    this.errors += other.errors;
    this.incomplete += other.incomplete;
    this.duration.merge(other.duration);
    this.branch.merge(other.branch);
    this.cpu.merge(other.cpu);
    this.memory.merge(other.memory);
    other.hops.forEach((h, i) => this.hops[i]!.merge(h));
    this.exemplars.merge(other.exemplars);
    this.candidates.merge(other.candidates);
  }

  toProfile(
    coverage: Coverage | null,
    anomalies: AnomalyOptions | null,
  ): PathProfile {
    const profile: PathProfile = {
      key: this.key,
      hops: this.hops.map((h, i) => h.toHopProfile(i)),
      count: this.count,
      ratePerSecond: ratePerSecond(this.count, coverage),
      errors: this.errors,
      incomplete: this.incomplete,
      durationMicros: this.duration.summarize(),
      branchMicros: this.branch.summarize(),
      cpuMicros: summarizeOrNull(this.cpu),
      memoryBytes: summarizeOrNull(this.memory),
      exemplars: this.exemplars.list(),
    };
    return anomalies === null
      ? profile
      : { ...profile, anomalies: detectAnomalies(this, anomalies) };
  }
}
