import type { Span, TraceWarning } from '@pathprof/model';

/** Spans decoded from one wire object, with what had to be dropped and why. */
export interface DecodedSpans {
  readonly spans: Span[];
  /** Spans that could not be used (no valid ids), with reasons. */
  readonly rejected: number;
  readonly warnings: TraceWarning[];
}
