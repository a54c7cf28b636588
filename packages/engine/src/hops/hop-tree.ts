import type { SpanId, TraceId } from '@pathprof/model';

/** Where a hop was recognised from (see docs/paths.md). */
export type HopSource = 'sdk' | 'seed' | 'entry' | 'proxy';

/**
 * Which span carried a hop's error: the hop's own span (`own`), a folded proxy
 * span wrapping the hop or below it (`proxy`), or another span that is not a
 * hop and belongs to this one — a framework, local, client or messaging span
 * (`span`).
 */
export interface HopErrorSource {
  readonly carrier: 'own' | 'proxy' | 'span';
  readonly spanId: SpanId;
  readonly service: string;
  readonly operation: string;
}

/** One unit of work in one service. Times in µs (repaired), CPU in µs, memory in bytes. */
export interface Hop {
  /** The trace node (span) this hop is. */
  readonly node: number;
  readonly service: string;
  readonly name: string;
  /** `service:name`. */
  readonly label: string;
  readonly source: HopSource;
  readonly startMicros: number;
  readonly endMicros: number;
  readonly cpuMicros: number | undefined;
  readonly memoryBytes: number | undefined;
  /** The hop's own error or one charged to it (see `errorSource`). */
  readonly error: boolean;
  /** The first span whose error this hop carries; absent without error. */
  readonly errorSource?: HopErrorSource;
}

/**
 * The hops of one trace arranged by who called whom. `incomplete[i]` is set
 * when an unprofiled service entry lies between hop i and its parent hop (or,
 * for a root hop, above it): a hop is known to be missing there.
 */
export interface HopTree {
  readonly traceId: TraceId;
  readonly hops: readonly Hop[];
  /** Parent hop index, -1 for root hops. */
  readonly parent: Int32Array;
  /** Child hop indexes, by start time. */
  readonly children: readonly (readonly number[])[];
  readonly roots: readonly number[];
  readonly incomplete: Uint8Array;
}
