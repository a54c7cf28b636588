import type {
  JaegerTrace,
  OtlpResourceSpans,
  OtlpScopeSpans,
  OtlpSpan,
} from '@pathprof/model';
import { base64ToHex, parseTraceId } from '@pathprof/model';

/** What a window added: traces never seen before (at most the budget left), and how many repeated. */
export interface NewTraces<T> {
  value: T;
  traceCount: number;
  /** Traces already read from an earlier window (or earlier in this answer), dropped. */
  duplicates: number;
}

/**
 * A comparable key for a trace id: normalised 32-digit hex for hex and base64
 * ids (a 64-bit Jaeger id equals its zero-padded 128-bit form), else the text.
 */
export function traceIdKey(id: string): string {
  const hex = parseTraceId(id) ?? parseTraceId(base64ToHex(id) ?? '');
  return hex ?? id;
}

/**
 * Keeps the v1 traces whose id is not in `seen`, up to `max`, and adds their ids
 * to `seen` (the only thing changed; the traces are passed through as they are).
 * Entries without any trace id are dropped: they cannot be told apart.
 */
export function selectNewV1Traces(
  data: readonly unknown[],
  seen: Set<string>,
  max: number,
): NewTraces<JaegerTrace[]> {
  const traces: JaegerTrace[] = [];
  let duplicates = 0;
  for (const item of data) {
    const id = readV1TraceId(item);
    if (id === null) {
      continue;
    }
    const key = traceIdKey(id);
    if (seen.has(key)) {
      duplicates++;
    } else if (traces.length < max) {
      seen.add(key);
      traces.push(item as JaegerTrace);
    }
  }
  return { value: traces, traceCount: traces.length, duplicates };
}

/**
 * Keeps the spans of api_v3 resource spans whose trace is not in `seen`, taking
 * at most `max` new traces in order of first appearance, and adds their ids to
 * `seen`. Returns new resource/scope objects; empty ones are left out.
 */
export function selectNewV3Spans(
  resourceSpans: readonly OtlpResourceSpans[],
  seen: Set<string>,
  max: number,
): NewTraces<OtlpResourceSpans[]> {
  const accepted = new Set<string>();
  const repeated = new Set<string>();
  for (const rs of resourceSpans) {
    for (const span of spansOf(rs)) {
      const key =
        typeof span.traceId === 'string' ? traceIdKey(span.traceId) : null;
      if (key === null || accepted.has(key) || repeated.has(key)) {
        continue;
      }
      if (seen.has(key)) {
        repeated.add(key);
      } else if (accepted.size < max) {
        accepted.add(key);
      }
    }
  }
  const kept: OtlpResourceSpans[] = [];
  for (const rs of resourceSpans) {
    const scopes: OtlpScopeSpans[] = [];
    for (const scope of [
      ...(rs.scopeSpans ?? []),
      ...(rs.instrumentationLibrarySpans ?? []),
    ]) {
      const spans = (scope.spans ?? []).filter(
        (s) =>
          typeof s.traceId === 'string' && accepted.has(traceIdKey(s.traceId)),
      );
      if (spans.length > 0) {
        scopes.push({ ...scope, spans });
      }
    }
    if (scopes.length > 0) {
      const rest: OtlpResourceSpans = { ...rs, scopeSpans: scopes };
      delete rest.instrumentationLibrarySpans;
      kept.push(rest);
    }
  }
  for (const key of accepted) {
    seen.add(key);
  }
  return { value: kept, traceCount: accepted.size, duplicates: repeated.size };
}

function readV1TraceId(item: unknown): string | null {
  if (typeof item !== 'object' || item === null) {
    return null;
  }
  const { traceID, spans } = item as { traceID?: unknown; spans?: unknown };
  if (typeof traceID === 'string' && traceID !== '') {
    return traceID;
  }
  const first: unknown = Array.isArray(spans) ? spans[0] : undefined;
  const spanTraceId =
    typeof first === 'object' && first !== null
      ? (first as { traceID?: unknown }).traceID
      : undefined;
  return typeof spanTraceId === 'string' && spanTraceId !== ''
    ? spanTraceId
    : null;
}

function* spansOf(rs: OtlpResourceSpans): Iterable<OtlpSpan> {
  for (const scope of [
    ...(rs.scopeSpans ?? []),
    ...(rs.instrumentationLibrarySpans ?? []),
  ]) {
    yield* scope.spans ?? [];
  }
}
