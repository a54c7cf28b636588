/** Where a batching sink writes spans (for `pathprof import`: the embedded store, or a running collector). */
import type { Span } from '@pathprof/model';

export interface WriteOutcome {
  readonly stored: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly rejectedMessage?: string;
}

export interface SpanWriter {
  /** Where the spans go, for messages (`./pathprof-data`, `http://…/v1/traces`). */
  readonly target: string;
  /** Resolves when the spans are durable at the target. */
  write(spans: readonly Span[]): Promise<WriteOutcome>;
  close(): Promise<void>;
}
