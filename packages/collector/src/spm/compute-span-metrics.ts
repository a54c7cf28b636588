/**
 * Service Performance Monitoring from stored spans: per service (and
 * operation, when grouped) of the requested span kinds, at every step of the
 * range `[end − lookback, end]`, over the spans that ended in the `ratePer`
 * window before that point — what Jaeger's Prometheus reader asks of the
 * OpenTelemetry spanmetrics series (`rate(calls[ratePer])`,
 * `histogram_quantile(q, rate(duration_bucket[ratePer]))`), computed here
 * from the spans themselves, so the Monitor tab needs no Prometheus:
 *
 *   calls:     spans in the window ÷ ratePer in seconds (calls/s)
 *   errors:    error spans ÷ spans in the window (a fraction; no point without calls)
 *   latencies: the quantile of their durations, in ms (no point without calls)
 *
 * Spans are counted in step-wide buckets (by end time) and each point merges
 * the buckets of its window (ratePer rounded to whole steps, at least one);
 * durations keep the engine's mergeable Distribution, so a quantile is exact
 * up to 1024 spans per bucket and within 1% beyond. Memory: one bucket per
 * step and group that has spans.
 */
import { Distribution } from '@pathprof/engine';
import type { Span } from '@pathprof/model';
import type { SpanStore } from '@pathprof/store';
import type { MetricsQuery } from './parse-metrics-params.js';

export type MetricKind = 'latencies' | 'calls' | 'errors';

interface Bucket {
  calls: number;
  errors: number;
  durations: Distribution | null;
}

export interface MetricPointJson {
  readonly gaugeValue: { readonly doubleValue: number };
  readonly timestamp: string;
}

export interface MetricFamilyJson {
  readonly name: string;
  readonly type: 'GAUGE';
  readonly help: string;
  readonly metrics: {
    readonly labels: { readonly name: string; readonly value: string }[];
    readonly metricPoints: MetricPointJson[];
  }[];
}

export async function computeSpanMetrics(
  store: SpanStore,
  query: MetricsQuery,
  kind: MetricKind,
  quantile: number,
  signal?: AbortSignal,
): Promise<MetricFamilyJson> {
  const { stepMillis, endMillis, lookbackMillis } = query;
  const windowSteps = Math.max(1, Math.round(query.ratePerMillis / stepMillis));
  const points = Math.floor(lookbackMillis / stepMillis) + 1;
  const firstPointMillis = endMillis - (points - 1) * stepMillis;
  // Bucket i holds the spans ending in (origin + i·step, origin + (i+1)·step];
  // point p, at origin + (p + windowSteps)·step, covers buckets p … p + windowSteps − 1.
  const originMillis = firstPointMillis - windowSteps * stepMillis;
  const bucketCount = points + windowSteps - 1;
  const groups = new Map<
    string,
    { labels: string[]; buckets: Map<number, Bucket> }
  >();
  const kinds = new Set(query.spanKinds);
  const window = {
    startMicros: (originMillis - query.ratePerMillis) * 1000,
    endMicros: endMillis * 1000 + 1,
  };
  for (const service of new Set(query.services)) {
    for await (const trace of store.streamTraces(window, { service })) {
      if (signal?.aborted === true) {
        break;
      }
      // Only this service's spans: a trace holding two requested services is
      // streamed once for each, and each counts its own.
      for (const span of trace.spans) {
        if (span.service === service && kinds.has(span.kind)) {
          addSpan(span);
        }
      }
    }
  }

  function addSpan(span: Span): void {
    const endMs = (span.startMicros + span.durationMicros) / 1000;
    const index = Math.ceil((endMs - originMillis) / stepMillis) - 1;
    if (index < 0 || index >= bucketCount) {
      return;
    }
    const labels = query.groupByOperation
      ? [span.service, span.operation]
      : [span.service];
    const key = labels.join('\u0000');
    let group = groups.get(key);
    if (group === undefined) {
      group = { labels, buckets: new Map() };
      groups.set(key, group);
    }
    let bucket = group.buckets.get(index);
    if (bucket === undefined) {
      bucket = { calls: 0, errors: 0, durations: null };
      group.buckets.set(index, bucket);
    }
    bucket.calls++;
    if (span.status === 'error') {
      bucket.errors++;
    }
    if (kind === 'latencies') {
      (bucket.durations ??= new Distribution()).add(span.durationMicros / 1000);
    }
  }

  const metrics = [...groups.values()]
    .sort((a, b) => compare(a.labels.join('\u0000'), b.labels.join('\u0000')))
    .map(({ labels, buckets }) => {
      const metricPoints: MetricPointJson[] = [];
      for (let p = 0; p < points; p++) {
        let calls = 0;
        let errors = 0;
        const durations = kind === 'latencies' ? new Distribution() : null;
        for (let i = p; i < p + windowSteps; i++) {
          const bucket = buckets.get(i);
          if (bucket !== undefined) {
            calls += bucket.calls;
            errors += bucket.errors;
            if (durations !== null && bucket.durations !== null) {
              durations.merge(bucket.durations);
            }
          }
        }
        const value =
          kind === 'calls'
            ? calls / (query.ratePerMillis / 1000)
            : calls === 0
              ? null
              : kind === 'errors'
                ? errors / calls
                : durations!.quantile(quantile);
        if (value !== null) {
          metricPoints.push({
            gaugeValue: { doubleValue: value },
            timestamp: new Date(
              firstPointMillis + p * stepMillis,
            ).toISOString(),
          });
        }
      }
      return {
        labels: query.groupByOperation
          ? [
              { name: 'service_name', value: labels[0]! },
              { name: 'operation', value: labels[1]! },
            ]
          : [{ name: 'service_name', value: labels[0]! }],
        metricPoints,
      };
    });
  return { ...describeFamily(kind, quantile, query.groupByOperation), metrics };
}

/** Names and help texts as Jaeger's metrics readers write them. */
function describeFamily(
  kind: MetricKind,
  quantile: number,
  byOperation: boolean,
): { name: string; type: 'GAUGE'; help: string } {
  const base =
    kind === 'latencies'
      ? {
          name: 'service_latencies',
          help: `${quantile.toFixed(2)}th quantile latency, grouped by service`,
        }
      : kind === 'calls'
        ? { name: 'service_call_rate', help: 'calls/sec, grouped by service' }
        : {
            name: 'service_error_rate',
            help: 'error rate, computed as a fraction of errors/sec over calls/sec, grouped by service',
          };
  return {
    name: byOperation
      ? base.name.replace('service', 'service_operation')
      : base.name,
    type: 'GAUGE',
    help: byOperation ? `${base.help} & operation` : base.help,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
