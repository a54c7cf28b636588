/**
 * The collector's metrics: its own health and the per-path RED metrics, in
 * one prom-client registry of its own (never the global one, so several
 * collectors can live in one process). Names, labels and the cardinality
 * rule: docs/metrics.md.
 */
import type { Span } from '@pathprof/model';
import type { HealthMetricsOptions } from './health-metrics.js';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { createHealthMetrics } from './health-metrics.js';
import type { Receiver, RejectReason } from './health-metrics.js';
import { createPathMetrics } from './path-metrics.js';
import type { Hop } from './path-metrics.js';

export type { Receiver, RejectReason } from './health-metrics.js';

export interface CollectorMetrics {
  /** Spans decoded from a request (before the store's verdict). */
  spansReceived(receiver: Receiver, count: number): void;
  spansRejected(reason: RejectReason, count: number): void;
  /** A request refused as a whole, before its spans could be counted. */
  requestRejected(reason: RejectReason): void;
  /** One store write: its duration and outcome. */
  observeWrite(spans: number, seconds: number, ok: boolean): void;
  /** A finished path index run and the traces it wrote. */
  indexRun(traces: number): void;
  /** Accepted (durable) spans: counts the per-path RED metrics from their `pathprof.path` attribute. */
  observeStoredSpans(spans: readonly Span[]): void;
  /** The same, from hops taken out of the spans where they were decoded (`hopsOf`). */
  observeStoredHops(hops: readonly Hop[]): void;
  /** The exposition text and its content type. */
  render(): Promise<{ readonly contentType: string; readonly body: string }>;
}

export interface CollectorMetricsOptions extends Omit<
  HealthMetricsOptions,
  'queueDepth' | 'queueCapacity'
> {
  /** Distinct `path` label values before further paths share `path="other"`. */
  readonly maxPaths: number;
  /** Reads the write queue's depth at scrape time. */
  readonly queueDepth: () => number;
  readonly queueCapacity: number;
  /** prom-client's process and Node.js metrics (CPU, memory, event-loop lag, GC); default on. */
  readonly processMetrics?: boolean;
}

export function createCollectorMetrics(
  options: CollectorMetricsOptions,
): CollectorMetrics {
  const registry = new Registry();
  if (options.processMetrics !== false) {
    // Unprefixed, as every Prometheus client library names them, so existing
    // dashboards and alerts on process_* and nodejs_* work unchanged.
    collectDefaultMetrics({ register: registry });
  }
  const health = createHealthMetrics(registry, options);
  const paths = createPathMetrics(
    registry,
    Math.max(0, Math.floor(options.maxPaths)),
  );
  return {
    spansReceived: (receiver, count) => health.spansReceived(receiver, count),
    spansRejected: (reason, count) => health.spansRejected(reason, count),
    requestRejected: (reason) => health.requestRejected(reason),
    observeWrite: (spans, seconds, ok) =>
      health.observeWrite(spans, seconds, ok),
    indexRun: (traces) => health.indexRun(traces),
    observeStoredSpans: (spans) => paths.observeSpans(spans),
    observeStoredHops: (hops) => paths.observeHops(hops),
    render: async () => ({
      contentType: registry.contentType,
      body: await registry.metrics(),
    }),
  };
}
