/**
 * The two sides of a comparison as traces are read: each side fed from its
 * own source, or one source routed trace by trace by an attribute split
 * (`assignTraceSide`), counting the traces that carry both values. The CLI
 * and the collector read their sources their own way and hand every trace
 * here, so both build, label and count sides alike.
 */
import type { Micros, Span, TraceId } from '@pathprof/model';
import type { AttributeSplit } from './assign-trace-side.js';
import { assignTraceSide } from './assign-trace-side.js';
import type { ComparisonInput } from './compare-path-samples.js';
import { PathSampleSet } from './path-sample-set.js';
import type { PathSampleSetOptions } from './path-sample-set.js';

export type ComparisonSideName = 'baseline' | 'candidate';

/** A time window a side was read from. */
export interface ComparisonWindow {
  readonly startMicros: Micros;
  readonly endMicros: Micros;
}

/** What a side is called and how long its window is (null for files). */
export interface SideDescription {
  readonly label: string;
  readonly windowSeconds: number | null;
}

export class ComparisonSides {
  readonly baseline: PathSampleSet;
  readonly candidate: PathSampleSet;
  /** Traces of a split source that carried both values: on neither side. */
  ambiguous = 0;

  constructor(options: PathSampleSetOptions = {}) {
    this.baseline = new PathSampleSet(options);
    this.candidate = new PathSampleSet(options);
  }

  /** A trace read from one side's own source. */
  add(
    side: ComparisonSideName,
    traceId: TraceId,
    spans: readonly Span[],
  ): void {
    this[side].addTrace(traceId, spans);
  }

  /**
   * A trace of the one source `split` divides: to the side whose value it
   * carries, counted as ambiguous when it carries both, left out when neither.
   */
  route(split: AttributeSplit, traceId: TraceId, spans: readonly Span[]): void {
    const side = assignTraceSide(spans, split);
    if (side === 'ambiguous') {
      this.ambiguous++;
    } else if (side !== null) {
      this[side].addTrace(traceId, spans);
    }
  }

  /** Both sides, described, as `comparePathSamples` takes them. */
  inputs(
    baseline: SideDescription,
    candidate: SideDescription,
  ): { baseline: ComparisonInput; candidate: ComparisonInput } {
    return {
      baseline: { ...baseline, samples: this.baseline },
      candidate: { ...candidate, samples: this.candidate },
    };
  }
}

/** A split side's label: `service.version=v2`, `… in checkout` when one service decides. */
export function describeSplitSide(
  split: AttributeSplit,
  side: ComparisonSideName,
  windowSeconds: number | null,
): SideDescription {
  const where = split.service === undefined ? '' : ` in ${split.service}`;
  return { label: `${split.key}=${split[side]}${where}`, windowSeconds };
}

/** A window side: its RFC 3339 UTC range (to the second unless finer) and length. */
export function describeWindowSide(window: ComparisonWindow): SideDescription {
  return {
    label: formatWindowLabel(window),
    windowSeconds: windowLengthSeconds(window),
  };
}

export function windowLengthSeconds(window: ComparisonWindow): number {
  return (window.endMicros - window.startMicros) / 1_000_000;
}

/** `2026-11-25T10:00:00Z..2026-11-25T10:15:00Z`; fractions of a second only when present. */
export function formatWindowLabel(window: ComparisonWindow): string {
  return `${formatInstant(window.startMicros)}..${formatInstant(window.endMicros)}`;
}

function formatInstant(micros: number): string {
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  const rest = micros % 1000;
  return rest !== 0
    ? `${iso.slice(0, -1)}${String(rest).padStart(3, '0')}Z`
    : iso.replace('.000Z', 'Z');
}
