/**
 * CONTRACT (to be implemented with prom-client): the collector's own health
 * and the per-path RED metrics, in one registry of its own (never the
 * global one, so several collectors can live in one process).
 */
import type { Span } from '@pathprof/model';

/** Why spans were refused; the `reason` label of `pathprof_spans_rejected_total`. */
export type RejectReason =
  | 'invalid' // the store refused the span (bad ids, times)
  | 'decode' // the body could not be decoded at all
  | 'too_large' // body above the size limit
  | 'queue_full' // back-pressure
  | 'unauthorized'
  | 'store_error'
  | 'shutting_down';

/** The receiver a batch came through; the `receiver` label. */
export type Receiver = 'otlp_protobuf' | 'otlp_json' | 'zipkin';

export interface CollectorMetrics {
  /** Spans decoded from a request (before the store's verdict). */
  spansReceived(receiver: Receiver, count: number): void;
  spansRejected(reason: RejectReason, count: number): void;
  /** One store write: its duration and outcome. */
  observeWrite(spans: number, seconds: number, ok: boolean): void;
  /** Accepted (durable) spans: counts the per-path RED metrics from their `pathprof.path` attribute. */
  observeStoredSpans(spans: readonly Span[]): void;
  /** The exposition text and its content type. */
  render(): Promise<{ readonly contentType: string; readonly body: string }>;
}

export interface CollectorMetricsOptions {
  readonly maxPaths: number;
  /** Reads the write queue's depth at scrape time. */
  readonly queueDepth: () => number;
  readonly queueCapacity: number;
}

export function createCollectorMetrics(
  _options: CollectorMetricsOptions,
): CollectorMetrics {
  return {
    spansReceived: () => undefined,
    spansRejected: () => undefined,
    observeWrite: () => undefined,
    observeStoredSpans: () => undefined,
    render: () =>
      Promise.resolve({ contentType: 'text/plain; version=0.0.4', body: '' }),
  };
}
