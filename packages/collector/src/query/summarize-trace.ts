/**
 * A stored trace → api_v3's `TraceSummary` (jaeger-idl
 * `proto/api_v3/query_service.proto`), computed as Jaeger's query service
 * computes it (jaeger `querysvc/summary.go`): the root is the earliest span
 * without a parent, orphans are spans whose parent is not in the trace, an
 * error is a span with status error, services are sorted by name. Times are
 * int64 nanoseconds as decimal strings, the proto3 JSON form.
 */
import type { TraceSpans } from '@pathprof/model';

export interface ServiceSummary {
  readonly name: string;
  readonly spanCount: number;
  readonly errorSpanCount: number;
}

export interface TraceSummary {
  readonly traceId: string;
  readonly rootServiceName: string;
  readonly rootOperationName: string;
  readonly minStartTimeUnixNano: string;
  readonly maxEndTimeUnixNano: string;
  readonly spanCount: number;
  readonly errorSpanCount: number;
  readonly orphanSpanCount: number;
  readonly services: readonly ServiceSummary[];
}

export function summarizeTrace(trace: TraceSpans): TraceSummary {
  const ids = new Set(trace.spans.map((s) => s.spanId));
  const services = new Map<string, { spans: number; errors: number }>();
  let root: { service: string; operation: string; start: number } | undefined;
  let minStart = Infinity;
  let maxEnd = -Infinity;
  let errors = 0;
  let orphans = 0;
  for (const span of trace.spans) {
    let stats = services.get(span.service);
    if (stats === undefined) {
      stats = { spans: 0, errors: 0 };
      services.set(span.service, stats);
    }
    stats.spans++;
    if (span.status === 'error') {
      stats.errors++;
      errors++;
    }
    minStart = Math.min(minStart, span.startMicros);
    maxEnd = Math.max(maxEnd, span.startMicros + span.durationMicros);
    if (span.parentSpanId === undefined) {
      if (root === undefined || span.startMicros < root.start) {
        root = {
          service: span.service,
          operation: span.operation,
          start: span.startMicros,
        };
      }
    } else if (!ids.has(span.parentSpanId)) {
      orphans++;
    }
  }
  return {
    traceId: trace.traceId,
    rootServiceName: root?.service ?? '',
    rootOperationName: root?.operation ?? '',
    minStartTimeUnixNano: toNanosText(trace.spans.length === 0 ? 0 : minStart),
    maxEndTimeUnixNano: toNanosText(trace.spans.length === 0 ? 0 : maxEnd),
    spanCount: trace.spans.length,
    errorSpanCount: errors,
    orphanSpanCount: orphans,
    services: [...services]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, s]) => ({
        name,
        spanCount: s.spans,
        errorSpanCount: s.errors,
      })),
  };
}

/**
 * The summary as Jaeger's HTTP gateway writes it with jsonpb: zero numbers and
 * empty strings are left out (its snapshot `FindTraceSummaries.json` has no
 * `orphanSpanCount` when there are none).
 */
export function toSummaryJson(summary: TraceSummary): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(summary)) {
    if (key === 'services') {
      out[key] = (value as ServiceSummary[]).map(dropZeros);
    } else if (value !== 0 && value !== '' && value !== '0') {
      out[key] = value;
    }
  }
  return out;
}

function dropZeros(service: ServiceSummary): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(service).filter(([, v]) => v !== 0 && v !== ''),
  );
}

function toNanosText(micros: number): string {
  return (BigInt(Math.round(micros)) * 1000n).toString();
}
