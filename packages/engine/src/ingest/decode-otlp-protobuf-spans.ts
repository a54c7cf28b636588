/**
 * OTLP/protobuf `ExportTraceServiceRequest` bytes → spans in one pass, without the
 * intermediate OTLP/JSON objects of `decodeOtlpProtobuf` + `decodeOtlpTraces`: ids go from
 * bytes straight to hex (a trace id repeated by the next span is not converted again),
 * fixed64 nanoseconds straight to microseconds, key-values straight into attribute objects.
 * The result is the one those two functions give for the same bytes (a test compares them
 * on generated requests), including which spans are dropped and the warnings; a message
 * that does not decode gets their error, message and byte offset included.
 *
 * Field numbers: opentelemetry-proto `collector/trace/v1/trace_service.proto`,
 * `trace/v1/trace.proto`, `common/v1/common.proto`, `resource/v1/resource.proto`
 * (https://github.com/open-telemetry/opentelemetry-proto/tree/main/opentelemetry/proto).
 */
import {
  base64ToHex,
  bytesToHex,
  parseSpanId,
  parseTraceId,
  SPAN_KINDS,
} from '@pathprof/model';
import type {
  AttributeValue,
  Attributes,
  Span,
  SpanEvent,
  SpanId,
  SpanRef,
  SpanStatus,
  TraceId,
  TraceWarning,
} from '@pathprof/model';
import type { Cursor } from '../internal/protobuf-reader.js';
import { decodeUtf8 } from '../internal/utf8.js';
import {
  createCursor,
  encodeBase64,
  fail,
  readBool,
  readDouble,
  readEnum,
  readPayloadEnd,
  readTag,
  readUint32Le,
  skipField,
  takeFixed64,
} from '../internal/protobuf-reader.js';
import { decodeOtlpTraces } from './decode-otlp-json.js';
import {
  MAX_ANY_VALUE_DEPTH,
  decodeOtlpProtobuf,
} from './decode-otlp-protobuf.js';
import type { WireDecodeResult } from './decode-jaeger-thrift.js';

const INVALID_SPAN_MESSAGE =
  'an OTLP span without a valid traceId/spanId or timestamps was skipped';
const TWO_POW_32 = 4294967296;
const NO_TIME = -1;
const HEX_CODES = Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));

/** Strings up to this many bytes are looked up in the request's string cache. */
const MAX_CACHED_BYTES = 128;
const CACHE_SLOTS = 1024;

/** Per-request state: the cursor, the last trace id converted and a string cache. */
interface SpanCursor extends Cursor {
  lastTraceStart: number;
  lastTraceId: TraceId | null;
  readonly hex: number[];
  readonly slotStarts: Int32Array;
  readonly slotLengths: Int32Array;
  readonly slotStrings: string[];
}

/**
 * Decodes an OTLP/protobuf trace export request into spans. Never throws: malformed,
 * truncated or hostile input gives `{ ok: false }` with the byte offset where decoding
 * stopped. Spans without a valid trace id, span id or both timestamps are dropped and
 * counted, each with an `invalid-span` warning.
 */
export function decodeOtlpProtobufSpans(bytes: Uint8Array): WireDecodeResult {
  const c: SpanCursor = Object.assign(createCursor(bytes), {
    lastTraceStart: -1,
    lastTraceId: null,
    hex: new Array<number>(32).fill(0),
    slotStarts: new Int32Array(CACHE_SLOTS),
    slotLengths: new Int32Array(CACHE_SLOTS).fill(-1),
    slotStrings: new Array<string>(CACHE_SLOTS).fill(''),
  });
  const out: Output = { spans: [], rejected: 0, warnings: [] };
  try {
    decodeRequest(c, bytes.length, out);
    return { ok: true, value: out };
  } catch {
    // The same bytes through the two-step decoder give the error (its message and
    // offset) or, should this decoder be stricter somewhere, the spans.
    const slow = decodeOtlpProtobuf(bytes);
    return slow.ok
      ? { ok: true, value: decodeOtlpTraces(slow.value) }
      : { ok: false, error: slow.error };
  }
}

interface Output {
  readonly spans: Span[];
  rejected: number;
  readonly warnings: TraceWarning[];
}

function decodeRequest(c: SpanCursor, end: number, out: Output): void {
  while (c.pos < end) {
    const tag = readTag(c, end);
    if (tag >>> 3 === 1) {
      decodeResourceSpans(c, readPayloadEnd(c, end, tag), out);
    } else {
      skipField(c, end, tag);
    }
  }
}

/**
 * The resource may follow its spans in the bytes: a first pass over this message's own
 * fields reads the resource, a second the spans. `scope_spans` win over the deprecated
 * `instrumentation_library_spans` when a message holds both, as in `decodeOtlpTraces`.
 */
function decodeResourceSpans(c: SpanCursor, end: number, out: Output): void {
  const start = c.pos;
  let attributes: Record<string, AttributeValue> | undefined;
  let hasScopeSpans = false;
  let hasLibrarySpans = false;
  while (c.pos < end) {
    const tag = readTag(c, end);
    switch (tag >>> 3) {
      case 1: {
        const resourceEnd = readPayloadEnd(c, end, tag);
        attributes ??= {};
        while (c.pos < resourceEnd) {
          const inner = readTag(c, resourceEnd);
          if (inner >>> 3 === 1) {
            readKeyValueInto(
              c,
              readPayloadEnd(c, resourceEnd, inner),
              attributes,
              '',
              1,
            );
          } else {
            skipField(c, resourceEnd, inner);
          }
        }
        break;
      }
      case 2:
        hasScopeSpans = true;
        skipField(c, end, tag);
        break;
      case 1000:
        hasLibrarySpans = true;
        skipField(c, end, tag);
        break;
      default:
        skipField(c, end, tag);
    }
  }
  if (!hasScopeSpans && !hasLibrarySpans) {
    return;
  }
  const serviceName = attributes?.['service.name'];
  const service =
    typeof serviceName === 'string' && serviceName !== ''
      ? serviceName
      : 'unknown_service';
  const resource: Record<string, AttributeValue> = { ...attributes };
  delete resource['service.name'];
  const scopeField = hasScopeSpans ? 2 : 1000;
  // With both lists, the deprecated one is only checked to be well-formed.
  const ignored: Output = { spans: [], rejected: 0, warnings: [] };
  c.pos = start;
  while (c.pos < end) {
    const tag = readTag(c, end);
    const field = tag >>> 3;
    if (field === 2 || field === 1000) {
      decodeScopeSpans(
        c,
        readPayloadEnd(c, end, tag),
        service,
        resource,
        field === scopeField ? out : ignored,
      );
    } else {
      skipField(c, end, tag);
    }
  }
}

function decodeScopeSpans(
  c: SpanCursor,
  end: number,
  service: string,
  resource: Attributes,
  out: Output,
): void {
  while (c.pos < end) {
    const tag = readTag(c, end);
    switch (tag >>> 3) {
      case 1: {
        // The scope: not kept, but its name and version must be strings.
        const scopeEnd = readPayloadEnd(c, end, tag);
        while (c.pos < scopeEnd) {
          const inner = readTag(c, scopeEnd);
          if (inner >>> 3 === 1 || inner >>> 3 === 2) {
            c.pos = readPayloadEnd(c, scopeEnd, inner);
          } else {
            skipField(c, scopeEnd, inner);
          }
        }
        break;
      }
      case 2:
        decodeSpan(c, readPayloadEnd(c, end, tag), service, resource, out);
        break;
      default:
        skipField(c, end, tag);
    }
  }
}

function decodeSpan(
  c: SpanCursor,
  end: number,
  service: string,
  resource: Attributes,
  out: Output,
): void {
  let traceStart = -1;
  let traceEnd = -1;
  let spanStart = -1;
  let spanEnd = -1;
  let parentStart = -1;
  let parentEnd = -1;
  let operation = '';
  let kind = 0;
  let startMicros = NO_TIME;
  let endMicros = NO_TIME;
  let attributes: Record<string, AttributeValue> | undefined;
  let eventsAt: number[] | undefined;
  let linksAt: number[] | undefined;
  let statusCode = 0;
  let statusMessage = '';
  while (c.pos < end) {
    const tag = readTag(c, end);
    switch (tag >>> 3) {
      case 1: {
        const idEnd = readPayloadEnd(c, end, tag);
        if (idEnd > c.pos) {
          traceStart = c.pos;
          traceEnd = idEnd;
        }
        c.pos = idEnd;
        break;
      }
      case 2: {
        const idEnd = readPayloadEnd(c, end, tag);
        if (idEnd > c.pos) {
          spanStart = c.pos;
          spanEnd = idEnd;
        }
        c.pos = idEnd;
        break;
      }
      case 3:
        // trace_state: not kept, but it must be a string.
        c.pos = readPayloadEnd(c, end, tag);
        break;
      case 4: {
        const idEnd = readPayloadEnd(c, end, tag);
        if (idEnd > c.pos) {
          parentStart = c.pos;
          parentEnd = idEnd;
        }
        c.pos = idEnd;
        break;
      }
      case 5:
        operation = readText(c, end, tag);
        break;
      case 6:
        kind = readEnum(c, end, tag);
        break;
      case 7:
        startMicros = readFixed64Micros(c, end, tag);
        break;
      case 8:
        endMicros = readFixed64Micros(c, end, tag);
        break;
      case 9:
        readKeyValueInto(
          c,
          readPayloadEnd(c, end, tag),
          (attributes ??= {}),
          '',
          1,
        );
        break;
      case 11: {
        // Events need the span's start (their default time): decoded at the end.
        const eventEnd = readPayloadEnd(c, end, tag);
        (eventsAt ??= []).push(c.pos, eventEnd);
        c.pos = eventEnd;
        break;
      }
      case 13: {
        const linkEnd = readPayloadEnd(c, end, tag);
        (linksAt ??= []).push(c.pos, linkEnd);
        c.pos = linkEnd;
        break;
      }
      case 15: {
        const statusEnd = readPayloadEnd(c, end, tag);
        while (c.pos < statusEnd) {
          const inner = readTag(c, statusEnd);
          switch (inner >>> 3) {
            case 2:
              statusMessage = readText(c, statusEnd, inner);
              break;
            case 3:
              statusCode = readEnum(c, statusEnd, inner);
              break;
            default:
              skipField(c, statusEnd, inner);
          }
        }
        break;
      }
      default:
        skipField(c, end, tag);
    }
  }
  // Links and events are read (and so checked) whether or not the span is kept.
  const links: SpanRef[] = [];
  if (linksAt !== undefined) {
    for (let i = 0; i < linksAt.length; i += 2) {
      const link = decodeLink(c, linksAt[i]!, linksAt[i + 1]!);
      if (link !== null) {
        links.push(link);
      }
    }
  }
  const events: SpanEvent[] = [];
  if (eventsAt !== undefined) {
    for (let i = 0; i < eventsAt.length; i += 2) {
      events.push(decodeEvent(c, eventsAt[i]!, eventsAt[i + 1]!, startMicros));
    }
  }
  c.pos = end;
  const traceId = traceIdAt(c, traceStart, traceEnd);
  const spanId = spanIdAt(c, spanStart, spanEnd);
  if (
    traceId === null ||
    spanId === null ||
    startMicros === NO_TIME ||
    endMicros === NO_TIME
  ) {
    out.rejected++;
    out.warnings.push({
      code: 'invalid-span',
      traceId: traceStart < 0 ? '' : bytesToHex(c.bytes, traceStart, traceEnd),
      message: INVALID_SPAN_MESSAGE,
    });
    return;
  }
  const parentSpanId =
    parentStart < 0 ? null : spanIdAt(c, parentStart, parentEnd);
  const references: SpanRef[] =
    parentSpanId === null
      ? links
      : links.length === 0
        ? [{ type: 'child_of', traceId, spanId: parentSpanId }]
        : [{ type: 'child_of', traceId, spanId: parentSpanId }, ...links];
  const durationMicros = Math.max(0, endMicros - startMicros);
  const status: SpanStatus =
    statusCode === 2 ? 'error' : statusCode === 1 ? 'ok' : 'unset';
  const spanKind = SPAN_KINDS[kind] ?? 'unspecified';
  const attrs: Attributes = attributes ?? {};
  // One literal per optional-field combination keeps the shape of `decodeOtlpTraces`' spans.
  let span: Span;
  if (parentSpanId === null) {
    span =
      statusMessage === ''
        ? {
            traceId,
            spanId,
            references,
            service,
            operation,
            kind: spanKind,
            startMicros,
            durationMicros,
            status,
            attributes: attrs,
            resource,
            events,
          }
        : {
            traceId,
            spanId,
            references,
            service,
            operation,
            kind: spanKind,
            startMicros,
            durationMicros,
            status,
            statusMessage,
            attributes: attrs,
            resource,
            events,
          };
  } else {
    span =
      statusMessage === ''
        ? {
            traceId,
            spanId,
            parentSpanId,
            references,
            service,
            operation,
            kind: spanKind,
            startMicros,
            durationMicros,
            status,
            attributes: attrs,
            resource,
            events,
          }
        : {
            traceId,
            spanId,
            parentSpanId,
            references,
            service,
            operation,
            kind: spanKind,
            startMicros,
            durationMicros,
            status,
            statusMessage,
            attributes: attrs,
            resource,
            events,
          };
  }
  out.spans.push(span);
}

function decodeEvent(
  c: SpanCursor,
  start: number,
  end: number,
  spanStart: number,
): SpanEvent {
  c.pos = start;
  let timeMicros = spanStart;
  let name = '';
  const attributes: Record<string, AttributeValue> = {};
  while (c.pos < end) {
    const tag = readTag(c, end);
    switch (tag >>> 3) {
      case 1:
        timeMicros = readFixed64Micros(c, end, tag);
        break;
      case 2:
        name = readText(c, end, tag);
        break;
      case 3:
        readKeyValueInto(c, readPayloadEnd(c, end, tag), attributes, '', 1);
        break;
      default:
        skipField(c, end, tag);
    }
  }
  return { timeMicros, name, attributes };
}

function decodeLink(c: SpanCursor, start: number, end: number): SpanRef | null {
  c.pos = start;
  let traceStart = -1;
  let traceEnd = -1;
  let spanStart = -1;
  let spanEnd = -1;
  while (c.pos < end) {
    const tag = readTag(c, end);
    switch (tag >>> 3) {
      case 1: {
        const idEnd = readPayloadEnd(c, end, tag);
        if (idEnd > c.pos) {
          traceStart = c.pos;
          traceEnd = idEnd;
        }
        c.pos = idEnd;
        break;
      }
      case 2: {
        const idEnd = readPayloadEnd(c, end, tag);
        if (idEnd > c.pos) {
          spanStart = c.pos;
          spanEnd = idEnd;
        }
        c.pos = idEnd;
        break;
      }
      case 4:
        // Attributes: checked for well-formedness, not kept (links keep ids only).
        readKeyValueInto(c, readPayloadEnd(c, end, tag), {}, '', 1);
        break;
      default:
        skipField(c, end, tag);
    }
  }
  const traceId = traceIdAt(c, traceStart, traceEnd);
  const spanId = spanIdAt(c, spanStart, spanEnd);
  return traceId === null || spanId === null
    ? null
    : { type: 'link', traceId, spanId };
}

/**
 * A trace id: 16 bytes, not all zero, as 32 lowercase hex digits; the previous span's
 * string when the bytes are the same (spans of a trace travel together). Other lengths go
 * the way `decodeOtlpTraces` takes the hex text.
 */
function traceIdAt(c: SpanCursor, start: number, end: number): TraceId | null {
  if (start < 0 || start === end) {
    return null;
  }
  if (end - start !== 16) {
    return idFromOtherLength(bytesToHex(c.bytes, start, end), parseTraceId, 32);
  }
  const bytes = c.bytes;
  const last = c.lastTraceStart;
  if (c.lastTraceId !== null) {
    let same = true;
    for (let i = 0; i < 16; i++) {
      if (bytes[start + i] !== bytes[last + i]) {
        same = false;
        break;
      }
    }
    if (same) {
      return c.lastTraceId;
    }
  }
  const id = hexOf(c, start, 16) as TraceId | null;
  if (id !== null) {
    c.lastTraceStart = start;
    c.lastTraceId = id;
  }
  return id;
}

function spanIdAt(c: SpanCursor, start: number, end: number): SpanId | null {
  if (start < 0 || start === end) {
    return null;
  }
  if (end - start !== 8) {
    return idFromOtherLength(bytesToHex(c.bytes, start, end), parseSpanId, 16);
  }
  return hexOf(c, start, 8) as SpanId | null;
}

/** Lowercase hex of `length` bytes (8 or 16), or null when they are all zero. */
function hexOf(c: SpanCursor, start: number, length: 8 | 16): string | null {
  const bytes = c.bytes;
  const hex = c.hex;
  let any = 0;
  for (let i = 0; i < length; i++) {
    const b = bytes[start + i]!;
    any |= b;
    hex[2 * i] = HEX_CODES[b >> 4]!;
    hex[2 * i + 1] = HEX_CODES[b & 15]!;
  }
  if (any === 0) {
    return null;
  }
  return length === 16
    ? String.fromCharCode(
        hex[0]!,
        hex[1]!,
        hex[2]!,
        hex[3]!,
        hex[4]!,
        hex[5]!,
        hex[6]!,
        hex[7]!,
        hex[8]!,
        hex[9]!,
        hex[10]!,
        hex[11]!,
        hex[12]!,
        hex[13]!,
        hex[14]!,
        hex[15]!,
        hex[16]!,
        hex[17]!,
        hex[18]!,
        hex[19]!,
        hex[20]!,
        hex[21]!,
        hex[22]!,
        hex[23]!,
        hex[24]!,
        hex[25]!,
        hex[26]!,
        hex[27]!,
        hex[28]!,
        hex[29]!,
        hex[30]!,
        hex[31]!,
      )
    : String.fromCharCode(
        hex[0]!,
        hex[1]!,
        hex[2]!,
        hex[3]!,
        hex[4]!,
        hex[5]!,
        hex[6]!,
        hex[7]!,
        hex[8]!,
        hex[9]!,
        hex[10]!,
        hex[11]!,
        hex[12]!,
        hex[13]!,
        hex[14]!,
        hex[15]!,
      );
}

/** An id of unusual length, read as `decodeOtlpTraces` reads the hex text it is given. */
function idFromOtherLength<T>(
  hex: string,
  parse: (hex: string) => T | null,
  hexLength: 32 | 16,
): T | null {
  if (hex.length === hexLength) {
    return parse(hex);
  }
  const fromBase64 = base64ToHex(hex);
  return fromBase64 === null || fromBase64.length !== hexLength
    ? null
    : parse(fromBase64);
}

/**
 * A protobuf string, from the request's cache when the same bytes were read before:
 * attribute keys, names and most values repeat from span to span. The slot comes from
 * the length and four sampled bytes (cheap for long strings); a hit is confirmed by
 * comparing the bytes.
 */
function readText(c: SpanCursor, end: number, tag: number): string {
  const stringEnd = readPayloadEnd(c, end, tag);
  const start = c.pos;
  c.pos = stringEnd;
  return textAt(c, start, stringEnd - start);
}

function textAt(c: SpanCursor, start: number, length: number): string {
  const bytes = c.bytes;
  if (length > MAX_CACHED_BYTES || length === 0) {
    return length === 0 ? '' : decodeUtf8(bytes, start, start + length);
  }
  let hash = Math.imul(length, 0x9e3779b1) ^ bytes[start]!;
  hash = Math.imul(hash, 0x01000193) ^ bytes[start + length - 1]!;
  hash = Math.imul(hash, 0x01000193) ^ bytes[start + (length >> 1)]!;
  hash = Math.imul(hash, 0x01000193) ^ bytes[start + (length >> 2)]!;
  const slot = (hash ^ (hash >>> 15)) & (CACHE_SLOTS - 1);
  if (c.slotLengths[slot] === length) {
    const cached = c.slotStarts[slot]!;
    // Four bytes per step, then the rest one by one.
    const view = (c.view ??= new DataView(
      bytes.buffer,
      bytes.byteOffset,
      bytes.byteLength,
    ));
    let i = 0;
    const whole = length - 3;
    while (
      i < whole &&
      view.getInt32(cached + i) === view.getInt32(start + i)
    ) {
      i += 4;
    }
    if (i >= whole) {
      while (i < length && bytes[cached + i] === bytes[start + i]) {
        i++;
      }
      if (i === length) {
        return c.slotStrings[slot]!;
      }
    }
  }
  const value = decodeUtf8(bytes, start, start + length);
  c.slotStarts[slot] = start;
  c.slotLengths[slot] = length;
  c.slotStrings[slot] = value;
  return value;
}

/**
 * The usual encoding of a `KeyValue` with a scalar value, read without the general
 * field loop: `0a <key len> key 12 <value len>` then one of `0a <len> string`,
 * `10 <varint>` (bool), `18 <varint>` (int), `21 <8 bytes>` (double), filling the
 * whole message, every length a single byte. Returns false, reading nothing, for any
 * other layout, which the general code then reads.
 */
function readCommonKeyValue(
  c: SpanCursor,
  end: number,
  into: Record<string, AttributeValue>,
): boolean {
  const bytes = c.bytes;
  let pos = c.pos;
  if (end - pos < 4 || bytes[pos] !== 0x0a) {
    return false;
  }
  const keyLength = bytes[pos + 1]!;
  const keyStart = pos + 2;
  pos = keyStart + keyLength;
  if (keyLength >= 0x80 || pos + 2 > end || bytes[pos] !== 0x12) {
    return false;
  }
  const valueLength = bytes[pos + 1]!;
  const valueStart = pos + 2;
  if (
    valueLength >= 0x80 ||
    valueStart + valueLength !== end ||
    valueLength < 2
  ) {
    return false;
  }
  const valueTag = bytes[valueStart]!;
  let value: AttributeValue;
  if (valueTag === 0x0a) {
    const length = bytes[valueStart + 1]!;
    if (length >= 0x80 || valueStart + 2 + length !== end) {
      return false;
    }
    value = textAt(c, valueStart + 2, length);
  } else if (valueTag === 0x10 || valueTag === 0x18) {
    // One-byte varints only: anything longer goes the general way.
    const byte = bytes[valueStart + 1]!;
    if (byte >= 0x80 || valueLength !== 2) {
      return false;
    }
    value = valueTag === 0x10 ? byte !== 0 : byte;
  } else if (valueTag === 0x21 && valueLength === 9) {
    c.view ??= new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    value = c.view.getFloat64(valueStart + 1, true);
  } else {
    return false;
  }
  into[textAt(c, keyStart, keyLength)] = value;
  c.pos = end;
  return true;
}

/**
 * fixed64 nanoseconds → whole microseconds, rounded down, without a string or a
 * bigint: hi·2^32 + lo = (⌊hi/1000⌋·1000 + hi mod 1000)·2^32 + lo, and the second part
 * stays below 2^53, so the division is exact and only the final sum rounds (as
 * `Number(BigInt / 1000n)` does).
 */
function readFixed64Micros(c: Cursor, end: number, tag: number): number {
  const pos = takeFixed64(c, end, tag);
  const lo = readUint32Le(c.bytes, pos);
  const hi = readUint32Le(c.bytes, pos + 4);
  const hiThousands = Math.floor(hi / 1000);
  const rest = (hi - hiThousands * 1000) * TWO_POW_32 + lo;
  return hiThousands * TWO_POW_32 + Math.floor(rest / 1000);
}

/**
 * One `KeyValue` into `into` under `prefix + key`, as `keyValuesToAttributes` maps it:
 * kvlists flatten to dotted keys, arrays keep their scalar items, bytes become base64,
 * a value with nothing set (or no value) is left out, and a later key overwrites.
 */
function readKeyValueInto(
  c: SpanCursor,
  end: number,
  into: Record<string, AttributeValue>,
  prefix: string,
  depth: number,
): void {
  if (
    prefix === '' &&
    depth <= MAX_ANY_VALUE_DEPTH &&
    readCommonKeyValue(c, end, into)
  ) {
    return;
  }
  let key = '';
  let valueStart = -1;
  let valueEnd = -1;
  // A repeated `value` field merges into the previous one (protobuf's rule for
  // singular messages): only then is the value decoded as a whole object.
  let repeatedValue = false;
  while (c.pos < end) {
    const tag = readTag(c, end);
    switch (tag >>> 3) {
      case 1:
        key = readText(c, end, tag);
        break;
      case 2: {
        const valueEndPos = readPayloadEnd(c, end, tag);
        if (valueStart >= 0) {
          repeatedValue = true;
        }
        valueStart = c.pos;
        valueEnd = valueEndPos;
        c.pos = valueEndPos;
        break;
      }
      default:
        skipField(c, end, tag);
    }
  }
  if (valueStart < 0) {
    return;
  }
  const fullKey = prefix === '' ? key : prefix + key;
  const after = c.pos;
  if (repeatedValue) {
    // Rare: the request is decoded the two-step way, which merges the values.
    throw new RepeatedValue();
  }
  c.pos = valueStart;
  readAnyValueInto(c, valueEnd, into, fullKey, depth);
  c.pos = after;
}

/** Signals a KeyValue whose value field repeats; the request is decoded the two-step way. */
class RepeatedValue extends Error {}

function readAnyValueInto(
  c: SpanCursor,
  end: number,
  into: Record<string, AttributeValue>,
  key: string,
  depth: number,
): void {
  if (depth > MAX_ANY_VALUE_DEPTH) {
    fail(`AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`, c.pos);
  }
  // The last oneof field wins; arrays and kvlists seen before it are dropped
  // unless it is an array (or kvlist) too, which then continues the earlier one.
  let value: AttributeValue | undefined;
  let kind = 0;
  let items: (string | number | boolean)[] | undefined;
  let flat: Record<string, AttributeValue> | undefined;
  while (c.pos < end) {
    const tag = readTag(c, end);
    switch (tag >>> 3) {
      case 1:
        value = readText(c, end, tag);
        kind = 1;
        break;
      case 2:
        value = readBool(c, end, tag);
        kind = 1;
        break;
      case 3:
        value = readInt64Number(c, end, tag);
        kind = 1;
        break;
      case 4:
        value = readDouble(c, end, tag);
        kind = 1;
        break;
      case 5: {
        if (kind !== 5) {
          items = [];
        }
        kind = 5;
        const arrayEnd = readPayloadEnd(c, end, tag);
        while (c.pos < arrayEnd) {
          const itemTag = readTag(c, arrayEnd);
          if (itemTag >>> 3 === 1) {
            const item = readArrayItem(
              c,
              readPayloadEnd(c, arrayEnd, itemTag),
              depth + 1,
            );
            if (item !== undefined) {
              items!.push(item);
            }
          } else {
            skipField(c, arrayEnd, itemTag);
          }
        }
        break;
      }
      case 6: {
        if (kind !== 6) {
          flat = {};
        }
        kind = 6;
        const listEnd = readPayloadEnd(c, end, tag);
        const prefix = `${key}.`;
        while (c.pos < listEnd) {
          const itemTag = readTag(c, listEnd);
          if (itemTag >>> 3 === 1) {
            readKeyValueInto(
              c,
              readPayloadEnd(c, listEnd, itemTag),
              flat!,
              prefix,
              depth + 1,
            );
          } else {
            skipField(c, listEnd, itemTag);
          }
        }
        break;
      }
      case 7: {
        const valueEnd = readPayloadEnd(c, end, tag);
        value = encodeBase64(c.bytes, c.pos, valueEnd);
        kind = 1;
        c.pos = valueEnd;
        break;
      }
      default:
        skipField(c, end, tag);
    }
  }
  if (kind === 1) {
    into[key] = value!;
  } else if (kind === 5) {
    into[key] = items!;
  } else if (kind === 6) {
    Object.assign(into, flat);
  }
}

/** An array item: a scalar (bytes as base64), or undefined for a nested array, kvlist or nothing. */
function readArrayItem(
  c: SpanCursor,
  end: number,
  depth: number,
): string | number | boolean | undefined {
  const holder: Record<string, AttributeValue> = {};
  readAnyValueInto(c, end, holder, 'v', depth);
  const item = holder['v'];
  return typeof item === 'string' ||
    typeof item === 'number' ||
    typeof item === 'boolean'
    ? item
    : undefined;
}

/** An int64 varint as a number (rounded to the nearest double beyond 2^53, as `Number` of its decimal). */
function readInt64Number(c: Cursor, end: number, tag: number): number {
  if ((tag & 7) !== 0) {
    fail(`field ${tag >>> 3} has wire type ${tag & 7}, expected 0`, c.tagPos);
  }
  const bytes = c.bytes;
  let lo = 0;
  let hi = 0;
  for (let i = 0, pos = c.pos; i < 10; i++, pos++) {
    if (pos >= end) {
      fail('truncated varint', pos);
    }
    const bits = bytes[pos]! & 0x7f;
    if (i < 4) {
      lo |= bits << (7 * i);
    } else if (i === 4) {
      lo |= bits << 28;
      hi = bits >>> 4;
    } else {
      hi |= bits << (7 * i - 32);
    }
    if (bytes[pos]! < 0x80) {
      c.pos = pos + 1;
      lo >>>= 0;
      hi >>>= 0;
      if (hi < 0x80000000) {
        return hi * TWO_POW_32 + lo;
      }
      const negLo = (~lo + 1) >>> 0;
      const negHi = (~hi + (negLo === 0 ? 1 : 0)) >>> 0;
      return -(negHi * TWO_POW_32 + negLo);
    }
  }
  return fail('varint longer than 10 bytes', c.pos);
}
