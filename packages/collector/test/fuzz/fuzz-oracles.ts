/**
 * What every answer to a fuzzed input must satisfy. A decoder either
 * refuses with a message (and, for binary formats, an offset inside the
 * input) or returns spans the store can check: well-formed ids, finite
 * times, attribute values of the model's types, and a JSON form (the store
 * serialises them). A receiver answers 2xx, or 4xx with a message — never
 * 5xx — and gRPC answers OK or a client-side status with details.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { DecodedSpans } from '@pathprof/engine';
import type { Span } from '@pathprof/model';

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const KINDS = new Set([
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
]);
const STATUSES = new Set(['unset', 'ok', 'error']);

/** Throws, naming the broken rule, unless `decoded` is what the store can take. */
export function checkDecodedSpans(decoded: DecodedSpans): void {
  const { spans, rejected, warnings } = decoded;
  must(Number.isInteger(rejected) && rejected >= 0, 'rejected is a count');
  for (const w of warnings) {
    must(
      typeof w.message === 'string' && w.message !== '',
      'every warning has a message',
    );
  }
  for (const span of spans) {
    checkSpan(span);
  }
  // The store writes spans as JSON; anything JSON cannot hold would fail there.
  JSON.stringify(spans);
}

function checkSpan(span: Span): void {
  must(TRACE_ID.test(span.traceId) && !/^0+$/.test(span.traceId), 'trace id');
  must(SPAN_ID.test(span.spanId) && !/^0+$/.test(span.spanId), 'span id');
  must(
    span.parentSpanId === undefined || SPAN_ID.test(span.parentSpanId),
    'parent span id',
  );
  for (const ref of span.references) {
    must(
      TRACE_ID.test(ref.traceId) && SPAN_ID.test(ref.spanId),
      'reference ids',
    );
  }
  must(typeof span.service === 'string', 'service is a string');
  must(typeof span.operation === 'string', 'operation is a string');
  must(KINDS.has(span.kind), `kind ${String(span.kind)}`);
  must(STATUSES.has(span.status), `status ${String(span.status)}`);
  // Ranges (a negative Thrift duration, a start beyond int64) are the store's
  // to refuse, span by span; a decoder must give it numbers.
  must(Number.isFinite(span.startMicros), 'start is finite');
  must(Number.isFinite(span.durationMicros), 'duration is finite');
  checkAttributes(span.attributes, 'attributes');
  checkAttributes(span.resource, 'resource');
  for (const e of span.events) {
    must(Number.isFinite(e.timeMicros), 'event time is finite');
    must(typeof e.name === 'string', 'event name is a string');
    checkAttributes(e.attributes, 'event attributes');
  }
}

function checkAttributes(attributes: object, what: string): void {
  must(
    Object.getPrototypeOf(attributes) === Object.prototype,
    `${what} are a plain object`,
  );
  for (const value of Object.values(attributes)) {
    const scalar = (v: unknown): boolean =>
      typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    must(
      scalar(value) || (Array.isArray(value) && value.every(scalar)),
      `${what} hold strings, numbers, booleans or arrays of them`,
    );
  }
}

/** A refusal of a binary decoder: a message and a byte offset within the input. */
export function checkRefusal(
  error: { readonly message: string; readonly offset: number },
  length: number,
): void {
  must(
    typeof error.message === 'string' && error.message !== '',
    'a refusal has a message',
  );
  must(
    Number.isInteger(error.offset) &&
      error.offset >= 0 &&
      error.offset <= length,
    `the offset ${error.offset} lies within the ${length} bytes`,
  );
}

/**
 * The message of an ingest error body: JSON `{code, message}` (or the query
 * port's `{errors: [{msg}]}`), or a protobuf `google.rpc.Status` (field 2).
 */
export function errorMessageOf(
  contentType: string | null,
  body: Uint8Array,
): string {
  if (contentType?.startsWith('application/x-protobuf') === true) {
    return readStatusMessage(body);
  }
  const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as {
    message?: unknown;
    errors?: { msg?: unknown }[];
  };
  const message = parsed.message ?? parsed.errors?.[0]?.msg;
  return typeof message === 'string' ? message : '';
}

function readStatusMessage(bytes: Uint8Array): string {
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++];
      must(b !== undefined, 'a complete Status');
      value += (b! & 0x7f) * 2 ** shift;
      if (b! < 0x80) {
        return value;
      }
      shift += 7;
    }
  };
  let message = '';
  while (pos < bytes.length) {
    const tag = varint();
    if ((tag & 7) === 0) {
      varint();
    } else if ((tag & 7) === 2) {
      const length = varint();
      if (tag >>> 3 === 2) {
        message = Buffer.from(bytes.subarray(pos, pos + length)).toString(
          'utf8',
        );
      }
      pos += length;
    } else {
      must(false, `a Status field of wire type ${tag & 7}`);
    }
  }
  return message;
}

/** gRPC statuses that are the client's doing or back-pressure: the protocol's 4xx. */
export const CLIENT_SIDE_GRPC_STATUSES: ReadonlySet<number> = new Set([
  GrpcStatus.INVALID_ARGUMENT,
  GrpcStatus.RESOURCE_EXHAUSTED,
  GrpcStatus.UNAUTHENTICATED,
]);

function must(condition: boolean, rule: string): asserts condition {
  if (!condition) {
    throw new Error(`fuzz invariant broken: ${rule}`);
  }
}
