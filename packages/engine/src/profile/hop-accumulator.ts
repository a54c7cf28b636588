/** Per-hop measures along a path, or of one hop label across all paths. */
import type { HopProfile, HopSummaryProfile } from '@pathprof/model';
import { Distribution, summarizeOrNull } from '../stats/distribution.js';
import type { PositionRecord } from './analyze-trace.js';
import { Exemplars } from './exemplars.js';

export class HopAccumulator {
  count = 0;
  errors = 0;
  readonly duration = new Distribution();
  readonly self = new Distribution();
  readonly cpu = new Distribution();
  readonly waiting = new Distribution();
  readonly memory = new Distribution();
  readonly criticalShare = new Distribution();
  readonly exemplars = new Exemplars();

  constructor(readonly label: string) {}

  add(traceId: string, p: PositionRecord): void {
    this.count++;
    if (p.error) {
      this.errors++;
    }
    this.duration.add(p.durationMicros);
    this.self.add(p.selfMicros);
    if (p.cpuMicros !== undefined) {
      this.cpu.add(p.cpuMicros);
      this.waiting.add(Math.max(0, p.durationMicros - p.cpuMicros));
    }
    if (p.memoryBytes !== undefined) {
      this.memory.add(p.memoryBytes);
    }
    this.criticalShare.add(p.criticalShare);
    this.exemplars.add(traceId, p.durationMicros);
  }

  merge(other: HopAccumulator): void {
    this.count += other.count;
    this.errors += other.errors;
    this.duration.merge(other.duration);
    this.self.merge(other.self);
    this.cpu.merge(other.cpu);
    this.waiting.merge(other.waiting);
    this.memory.merge(other.memory);
    this.criticalShare.merge(other.criticalShare);
    this.exemplars.merge(other.exemplars);
  }

  toHopProfile(position: number): HopProfile {
    return {
      position,
      label: this.label,
      count: this.count,
      errors: this.errors,
      durationMicros: this.duration.summarize(),
      selfMicros: this.self.summarize(),
      cpuMicros: summarizeOrNull(this.cpu),
      waitingMicros: summarizeOrNull(this.waiting),
      memoryBytes: summarizeOrNull(this.memory),
      criticalPathShare: {
        p50: this.criticalShare.quantile(0.5),
        p95: this.criticalShare.quantile(0.95),
      },
    };
  }

  toSummaryProfile(): HopSummaryProfile {
    return {
      label: this.label,
      count: this.count,
      errors: this.errors,
      durationMicros: this.duration.summarize(),
      selfMicros: this.self.summarize(),
      cpuMicros: summarizeOrNull(this.cpu),
      waitingMicros: summarizeOrNull(this.waiting),
      memoryBytes: summarizeOrNull(this.memory),
      exemplars: this.exemplars.list(),
    };
  }
}
