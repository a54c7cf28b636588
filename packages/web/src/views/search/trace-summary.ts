/**
 * One line per search result, from Jaeger's trace JSON as the server sends
 * it: the root span's service and operation, start, duration (first start to
 * last end), span, error and service counts.
 */
import type { JaegerSpan, JaegerTrace } from '../../api/api-types.js';

export interface TraceSummary {
  readonly traceId: string;
  readonly rootService: string;
  readonly rootOperation: string;
  readonly startMicros: number;
  readonly durationMicros: number;
  readonly spans: number;
  readonly errors: number;
  readonly services: readonly { name: string; spans: number }[];
}

export function isErrorSpan(span: JaegerSpan): boolean {
  return (span.tags ?? []).some(
    (t) =>
      (t.key === 'error' && (t.value === true || t.value === 'true')) ||
      (t.key === 'otel.status_code' && t.value === 'ERROR'),
  );
}

export function summarizeTrace(trace: JaegerTrace): TraceSummary {
  const ids = new Set(trace.spans.map((s) => s.spanID));
  let root: JaegerSpan | undefined;
  let start = Infinity;
  let end = -Infinity;
  const services = new Map<string, number>();
  let errors = 0;
  for (const span of trace.spans) {
    start = Math.min(start, span.startTime);
    end = Math.max(end, span.startTime + span.duration);
    const isRoot = !(span.references ?? []).some(
      (r) => r.refType === 'CHILD_OF' && ids.has(r.spanID),
    );
    if (isRoot && (root === undefined || span.startTime < root.startTime)) {
      root = span;
    }
    const service = serviceOf(trace, span);
    services.set(service, (services.get(service) ?? 0) + 1);
    errors += isErrorSpan(span) ? 1 : 0;
  }
  return {
    traceId: trace.traceID,
    rootService: root === undefined ? '?' : serviceOf(trace, root),
    rootOperation: root?.operationName ?? '',
    startMicros: Number.isFinite(start) ? start : 0,
    durationMicros: Number.isFinite(start) ? end - start : 0,
    spans: trace.spans.length,
    errors,
    services: [...services]
      .map(([name, spans]) => ({ name, spans }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
}

function serviceOf(trace: JaegerTrace, span: JaegerSpan): string {
  return (
    span.process?.serviceName ??
    (span.processID === undefined
      ? undefined
      : trace.processes?.[span.processID]?.serviceName) ??
    '?'
  );
}
