/**
 * One position of a path over the requests that took it: the hop measures of
 * each request's calls combined (see build-path-records.ts), plus how the
 * calls ran (per request: calls, calls on the critical path, overlap) and
 * where the time in callees went (this path's next hop, other branches, and
 * which other branch dominated).
 */
import type { HopProfile } from '@pathprof/model';
import { Distribution } from '../stats/distribution.js';
import { ValueCounts } from '../stats/value-counts.js';
import type { PositionRecord } from './build-path-records.js';
import { HopAccumulator } from './hop-accumulator.js';

/** Other branches listed per position. */
export const OTHER_BRANCHES_LISTED = 3;

export class PositionAccumulator extends HopAccumulator {
  readonly calls = new Distribution();
  readonly criticalCalls = new Distribution();
  readonly overlap = new Distribution();
  readonly inNext = new Distribution();
  readonly inOther = new Distribution();
  readonly otherBranches = new ValueCounts();

  constructor(label: string, service: string) {
    super(label, service);
  }

  addPosition(traceId: string, p: PositionRecord): void {
    this.add(traceId, p);
    this.calls.add(p.calls);
    this.criticalCalls.add(p.criticalCalls);
    this.overlap.add(p.overlap);
    this.inNext.add(p.inNextMicros);
    this.inOther.add(p.inOtherMicros);
    if (p.otherBranch !== undefined) {
      this.otherBranches.add(p.otherBranch);
    }
  }

  override merge(other: HopAccumulator): void {
    super.merge(other);
    if (other instanceof PositionAccumulator) {
      this.calls.merge(other.calls);
      this.criticalCalls.merge(other.criticalCalls);
      this.overlap.merge(other.overlap);
      this.inNext.merge(other.inNext);
      this.inOther.merge(other.inOther);
      this.otherBranches.merge(other.otherBranches);
    }
  }

  toHopProfile(position: number): HopProfile {
    const { label, ...measures } = this.measures();
    return {
      position,
      label,
      service: this.service,
      ...measures,
      calls: this.calls.summarize(),
      criticalCalls: this.criticalCalls.summarize(),
      overlap: this.overlap.summarize(),
      inNextHopMicros: this.inNext.summarize(),
      inOtherBranchesMicros: this.inOther.summarize(),
      otherBranches: this.otherBranches.top(OTHER_BRANCHES_LISTED),
    };
  }
}
