/**
 * Groups spans that arrive in any order (OTLP and Zipkin files spread a
 * trace's spans anywhere) into traces, holding at most `maxSpans` spans. When
 * full, the least recently extended traces are released first: they are the
 * likeliest to be complete. Spans that arrive later for a released trace make a
 * second fragment; such traces are counted as cut (detected among the last
 * `rememberReleased` released ids). Pure: no I/O, no clock.
 */
import type { Span, TraceId } from '@pathprof/model';

export interface BufferedTrace {
  readonly traceId: TraceId;
  readonly spans: Span[];
}

export interface TraceBufferOptions {
  /** Spans held at most (default 1 000 000). */
  readonly maxSpans?: number;
  /** Released trace ids remembered to detect cuts (default 200 000). */
  readonly rememberReleased?: number;
}

export class TraceBuffer {
  private readonly open = new Map<TraceId, Span[]>();
  /** Recently released ids, each with whether the trace was already counted as cut. */
  private readonly released = new Map<TraceId, boolean>();
  /** Open fragments of traces already counted as cut (so a third fragment is not counted again). */
  private readonly cutOpen = new Set<TraceId>();
  private readonly maxSpans: number;
  private readonly rememberReleased: number;
  private held = 0;
  /** Traces that were released before all their spans had arrived. */
  cutTraces = 0;

  constructor(options: TraceBufferOptions = {}) {
    this.maxSpans = Math.max(1, options.maxSpans ?? 1_000_000);
    this.rememberReleased = options.rememberReleased ?? 200_000;
  }

  get heldSpans(): number {
    return this.held;
  }

  /** Adds spans; returns the traces released to stay within the bound. */
  add(spans: readonly Span[]): BufferedTrace[] {
    const byTrace = new Map<TraceId, Span[]>();
    for (const span of spans) {
      let list = byTrace.get(span.traceId);
      if (list === undefined) {
        list = [];
        byTrace.set(span.traceId, list);
      }
      list.push(span);
    }
    for (const [traceId, list] of byTrace) {
      const existing = this.open.get(traceId);
      if (existing === undefined) {
        const counted = this.released.get(traceId);
        if (counted !== undefined) {
          this.released.delete(traceId);
          if (!counted) {
            this.cutTraces++;
          }
          this.cutOpen.add(traceId);
        }
        this.open.set(traceId, list);
      } else {
        // move to the most recently extended end
        this.open.delete(traceId);
        for (const s of list) {
          existing.push(s);
        }
        this.open.set(traceId, existing);
      }
      this.held += list.length;
    }
    const out: BufferedTrace[] = [];
    while (this.held > this.maxSpans && this.open.size > 1) {
      out.push(this.releaseOldest());
    }
    return out;
  }

  /** Releases everything still held (end of input). */
  flush(): BufferedTrace[] {
    const out: BufferedTrace[] = [];
    for (const [traceId, spans] of this.open) {
      out.push({ traceId, spans });
    }
    this.open.clear();
    this.cutOpen.clear();
    this.held = 0;
    return out;
  }

  private releaseOldest(): BufferedTrace {
    const [traceId, spans] = this.open.entries().next().value as [
      TraceId,
      Span[],
    ];
    this.open.delete(traceId);
    this.held -= spans.length;
    this.released.set(traceId, this.cutOpen.delete(traceId));
    if (this.released.size > this.rememberReleased) {
      this.released.delete(this.released.keys().next().value as TraceId);
    }
    return { traceId, spans };
  }
}
