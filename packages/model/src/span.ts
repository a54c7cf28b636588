/**
 * The span as pathprof's engine sees it: one normalised shape for every wire
 * format (Jaeger JSON, OTLP JSON/protobuf, Zipkin v2). Times are microseconds
 * since the Unix epoch; ids are lowercase hex (trace ids 32 digits, span ids 16).
 */
import type { SpanId, TraceId } from './ids.js';
import type { Micros } from './time/micros.js';

export type SpanKind =
  'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/**
 * The span kinds in OTLP's order: a kind's index is its `SpanKind` number on
 * the wire (`SPAN_KIND_SERVER` = 2). The one span-kind table: OTLP decoders
 * read numbers through it, the OTLP encoder writes them, parameters check names.
 */
export const SPAN_KINDS: readonly SpanKind[] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];

export type SpanStatus = 'unset' | 'ok' | 'error';

export type AttributeValue =
  string | number | boolean | readonly (string | number | boolean)[];

export type Attributes = Readonly<Record<string, AttributeValue>>;

/** How a span points at another: Jaeger's CHILD_OF / FOLLOWS_FROM, OTLP links map to `link`. */
export type SpanRefType = 'child_of' | 'follows_from' | 'link';

export interface SpanRef {
  readonly type: SpanRefType;
  readonly traceId: TraceId;
  readonly spanId: SpanId;
}

export interface SpanEvent {
  readonly timeMicros: Micros;
  readonly name: string;
  readonly attributes: Attributes;
}

/**
 * Which timing fields the source did not report (Zipkin allows spans without
 * `timestamp` or `duration`). Missing values are stored as 0 and repaired by
 * trace assembly from the parent or children.
 */
export type MissingTiming = 'start' | 'duration' | 'both';

export interface Span {
  readonly traceId: TraceId;
  readonly spanId: SpanId;
  /** The primary parent: OTLP `parentSpanId`, Zipkin `parentId`, or the first Jaeger reference. */
  readonly parentSpanId?: SpanId;
  /** Every reference the source gave, including the primary parent. */
  readonly references: readonly SpanRef[];
  readonly service: string;
  readonly operation: string;
  readonly kind: SpanKind;
  readonly startMicros: Micros;
  readonly durationMicros: Micros;
  readonly missingTiming?: MissingTiming;
  readonly status: SpanStatus;
  readonly statusMessage?: string;
  /** Span tags / attributes. */
  readonly attributes: Attributes;
  /** Process tags / resource attributes (without `service.name`). */
  readonly resource: Attributes;
  readonly events: readonly SpanEvent[];
  /** Zipkin `shared: true`: a server span that reuses its client's span id. */
  readonly shared?: boolean;
}

/** The spans of one trace, in the order the source gave them. */
export interface TraceSpans {
  readonly traceId: TraceId;
  readonly spans: readonly Span[];
}
