/**
 * What a comparison keeps of one path on one side: the measures its report
 * reads (count, errors, the path's duration, CPU and memory, each hop's self
 * time, CPU and memory, exemplars) and nothing else. The path profile's
 * accumulator (`PathAccumulator`) also keeps anomaly candidates and seven
 * more distributions per hop, five to ten times the state; a side built,
 * merged and stored for comparisons carries only this. Adding a record
 * changes these measures exactly as it changes the profile's, so a merge
 * from a `PathAccumulator` (the index rows' aggregate, or a side an older
 * version stored with the full profile) answers as adding its records would.
 */
import { Distribution } from '../stats/distribution.js';
import type { PathRecord } from '../profile/build-path-records.js';
import type { HopMeasures } from '../profile/hop-accumulator.js';
import { Exemplars } from '../profile/exemplars.js';

/** One position's measures the comparison reads. */
export class ComparedHop {
  readonly self = new Distribution();
  readonly cpu = new Distribution();
  readonly memory = new Distribution();

  constructor(
    readonly label: string,
    readonly service: string,
  ) {}

  add(p: HopMeasures): void {
    this.self.add(p.selfMicros);
    if (p.cpuMicros !== undefined) {
      this.cpu.add(p.cpuMicros);
    }
    if (p.memoryBytes !== undefined) {
      this.memory.add(p.memoryBytes);
    }
  }

  merge(other: ComparedHopPart): void {
    this.self.merge(other.self);
    this.cpu.merge(other.cpu);
    this.memory.merge(other.memory);
  }
}

/** What a merge reads of a hop: a `ComparedHop` or a profile's position. */
export interface ComparedHopPart {
  readonly self: Distribution;
  readonly cpu: Distribution;
  readonly memory: Distribution;
}

/** What a merge reads of a path: a `ComparedPath` or a profile's `PathAccumulator`. */
export interface ComparedPathPart {
  readonly count: number;
  readonly errors: number;
  readonly duration: Distribution;
  readonly cpu: Distribution;
  readonly memory: Distribution;
  readonly hops: readonly ComparedHopPart[];
  readonly exemplars: Exemplars;
}

export class ComparedPath {
  count = 0;
  errors = 0;
  readonly duration = new Distribution();
  readonly cpu = new Distribution();
  readonly memory = new Distribution();
  readonly hops: ComparedHop[];
  readonly exemplars = new Exemplars();

  constructor(
    readonly key: string,
    positions: readonly { readonly label: string; readonly service: string }[],
  ) {
    this.hops = positions.map((p) => new ComparedHop(p.label, p.service));
  }

  add(record: PathRecord): void {
    this.count++;
    if (record.error) {
      this.errors++;
    }
    this.duration.add(record.durationMicros);
    if (record.cpuMicros !== undefined) {
      this.cpu.add(record.cpuMicros);
    }
    if (record.memoryBytes !== undefined) {
      this.memory.add(record.memoryBytes);
    }
    const positions = record.positions;
    for (let i = 0; i < positions.length; i++) {
      this.hops[i]!.add(positions[i]!);
    }
    this.exemplars.add(record.traceId, record.durationMicros);
  }

  merge(other: ComparedPathPart): void {
    this.count += other.count;
    this.errors += other.errors;
    this.duration.merge(other.duration);
    this.cpu.merge(other.cpu);
    this.memory.merge(other.memory);
    other.hops.forEach((h, i) => this.hops[i]!.merge(h));
    this.exemplars.merge(other.exemplars);
  }
}
