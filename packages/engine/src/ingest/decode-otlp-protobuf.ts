/**
 * Decodes OTLP/protobuf `ExportTraceServiceRequest` bodies into the OTLP/JSON shapes of
 * @pathprof/model, reading the protobuf wire format (https://protobuf.dev/programming-guides/encoding/)
 * with the field numbers of opentelemetry-proto `collector/trace/v1/trace_service.proto`,
 * `trace/v1/trace.proto`, `common/v1/common.proto` and `resource/v1/resource.proto`
 * (https://github.com/open-telemetry/opentelemetry-proto/tree/main/opentelemetry/proto).
 */
import type {
  OtlpAnyValue,
  OtlpEvent,
  OtlpExportTraceServiceRequest,
  OtlpKeyValue,
  OtlpLink,
  OtlpResourceSpans,
  OtlpScopeSpans,
  OtlpSpan,
  OtlpStatus,
} from '@pathprof/model';

export type DecodeResult =
  | { ok: true; value: OtlpExportTraceServiceRequest }
  | { ok: false; error: { message: string; offset: number } };
import type { Cursor } from '../internal/protobuf-reader.js';
import {
  STRING_CACHE_SLOTS,
  WireError,
  encodeBase64,
  fail,
  readBool,
  readDouble,
  readEnum,
  readFixed64,
  readHex,
  readInt64,
  readPayloadEnd,
  readString,
  readTag,
  skipField,
} from '../internal/protobuf-reader.js';

export const MAX_ANY_VALUE_DEPTH = 64;

/**
 * Decodes an OTLP/protobuf trace export request. Never throws: malformed, truncated or
 * hostile input gives `{ ok: false }` with the byte offset where decoding stopped.
 * Unknown fields are skipped; a known field with the wrong wire type is an error.
 * Ids become lowercase hex (empty ids are omitted), fixed64 times and int64 values
 * exact decimal strings, bytes values base64.
 */
export function decodeOtlpProtobuf(bytes: Uint8Array): DecodeResult {
  const c: Cursor = {
    bytes,
    pos: 0,
    tagPos: 0,
    view: null,
    cachedStarts: new Int32Array(STRING_CACHE_SLOTS),
    cachedByteLengths: new Uint8Array(STRING_CACHE_SLOTS),
    cachedStrings: new Array<string>(STRING_CACHE_SLOTS).fill(''),
  };
  try {
    return { ok: true, value: decodeRequest(c, bytes.length) };
  } catch (err) {
    if (err instanceof WireError) {
      return { ok: false, error: { message: err.message, offset: err.offset } };
    }
    const reason = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      error: { message: `cannot decode: ${reason}`, offset: c.pos },
    };
  }
}

function decodeRequest(c: Cursor, end: number): OtlpExportTraceServiceRequest {
  const resourceSpans: OtlpResourceSpans[] = [];
  while (c.pos < end) {
    const tag = readTag(c, end);
    if (tag >>> 3 === 1) {
      resourceSpans.push(decodeResourceSpans(c, readPayloadEnd(c, end, tag)));
    } else {
      skipField(c, end, tag);
    }
  }
  return { resourceSpans };
}

function decodeResourceSpans(c: Cursor, end: number): OtlpResourceSpans {
  const out: OtlpResourceSpans = {};
  while (c.pos < end) {
    const tag = readTag(c, end);
    switch (tag >>> 3) {
      case 1:
        fillResource(c, readPayloadEnd(c, end, tag), (out.resource ??= {}));
        break;
      case 2:
        (out.scopeSpans ??= []).push(
          decodeScopeSpans(c, readPayloadEnd(c, end, tag)),
        );
        break;
      case 1000:
        (out.instrumentationLibrarySpans ??= []).push(
          decodeScopeSpans(c, readPayloadEnd(c, end, tag)),
        );
        break;
      default:
        skipField(c, end, tag);
    }
  }
  return out;
}

function fillResource(
  c: Cursor,
  end: number,
  out: { attributes?: OtlpKeyValue[] },
): void {
  while (c.pos < end) {
    const tag = readTag(c, end);
    if (tag >>> 3 === 1) {
      (out.attributes ??= []).push(
        decodeKeyValue(c, readPayloadEnd(c, end, tag), 1),
      );
    } else {
      skipField(c, end, tag);
    }
  }
}

function decodeScopeSpans(c: Cursor, end: number): OtlpScopeSpans {
  const out: OtlpScopeSpans = {};
  while (c.pos < end) {
    const tag = readTag(c, end);
    switch (tag >>> 3) {
      case 1:
        fillScope(c, readPayloadEnd(c, end, tag), (out.scope ??= {}));
        break;
      case 2:
        (out.spans ??= []).push(decodeSpan(c, readPayloadEnd(c, end, tag)));
        break;
      default:
        skipField(c, end, tag);
    }
  }
  return out;
}

function fillScope(
  c: Cursor,
  end: number,
  out: { name?: string; version?: string },
): void {
  while (c.pos < end) {
    const tag = readTag(c, end);
    switch (tag >>> 3) {
      case 1:
        out.name = readString(c, end, tag);
        break;
      case 2:
        out.version = readString(c, end, tag);
        break;
      default:
        skipField(c, end, tag);
    }
  }
}

function decodeSpan(c: Cursor, end: number): OtlpSpan {
  const out: OtlpSpan = {};
  while (c.pos < end) {
    const tag = readTag(c, end);
    switch (tag >>> 3) {
      case 1: {
        const traceId = readHex(c, end, tag);
        if (traceId !== '') {
          out.traceId = traceId;
        }
        break;
      }
      case 2: {
        const spanId = readHex(c, end, tag);
        if (spanId !== '') {
          out.spanId = spanId;
        }
        break;
      }
      case 3:
        out.traceState = readString(c, end, tag);
        break;
      case 4: {
        const parentSpanId = readHex(c, end, tag);
        if (parentSpanId !== '') {
          out.parentSpanId = parentSpanId;
        }
        break;
      }
      case 5:
        out.name = readString(c, end, tag);
        break;
      case 6:
        out.kind = readEnum(c, end, tag);
        break;
      case 7:
        out.startTimeUnixNano = readFixed64(c, end, tag);
        break;
      case 8:
        out.endTimeUnixNano = readFixed64(c, end, tag);
        break;
      case 9:
        (out.attributes ??= []).push(
          decodeKeyValue(c, readPayloadEnd(c, end, tag), 1),
        );
        break;
      case 11:
        (out.events ??= []).push(decodeEvent(c, readPayloadEnd(c, end, tag)));
        break;
      case 13:
        (out.links ??= []).push(decodeLink(c, readPayloadEnd(c, end, tag)));
        break;
      case 15:
        fillStatus(
          c,
          readPayloadEnd(c, end, tag),
          (out.status ??= { code: 0 }),
        );
        break;
      default:
        skipField(c, end, tag);
    }
  }
  return out;
}

function decodeEvent(c: Cursor, end: number): OtlpEvent {
  const out: OtlpEvent = {};
  while (c.pos < end) {
    const tag = readTag(c, end);
    switch (tag >>> 3) {
      case 1:
        out.timeUnixNano = readFixed64(c, end, tag);
        break;
      case 2:
        out.name = readString(c, end, tag);
        break;
      case 3:
        (out.attributes ??= []).push(
          decodeKeyValue(c, readPayloadEnd(c, end, tag), 1),
        );
        break;
      default:
        skipField(c, end, tag);
    }
  }
  return out;
}

function decodeLink(c: Cursor, end: number): OtlpLink {
  const out: OtlpLink = {};
  while (c.pos < end) {
    const tag = readTag(c, end);
    switch (tag >>> 3) {
      case 1: {
        const traceId = readHex(c, end, tag);
        if (traceId !== '') {
          out.traceId = traceId;
        }
        break;
      }
      case 2: {
        const spanId = readHex(c, end, tag);
        if (spanId !== '') {
          out.spanId = spanId;
        }
        break;
      }
      case 4:
        (out.attributes ??= []).push(
          decodeKeyValue(c, readPayloadEnd(c, end, tag), 1),
        );
        break;
      default:
        skipField(c, end, tag);
    }
  }
  return out;
}

function fillStatus(c: Cursor, end: number, out: OtlpStatus): void {
  while (c.pos < end) {
    const tag = readTag(c, end);
    switch (tag >>> 3) {
      case 2:
        out.message = readString(c, end, tag);
        break;
      case 3:
        out.code = readEnum(c, end, tag);
        break;
      default:
        skipField(c, end, tag);
    }
  }
}

function decodeKeyValue(c: Cursor, end: number, depth: number): OtlpKeyValue {
  const out: OtlpKeyValue = { key: '' };
  while (c.pos < end) {
    const tag = readTag(c, end);
    switch (tag >>> 3) {
      case 1:
        out.key = readString(c, end, tag);
        break;
      case 2:
        out.value = decodeAnyValue(
          c,
          readPayloadEnd(c, end, tag),
          depth,
          out.value,
        );
        break;
      default:
        skipField(c, end, tag);
    }
  }
  return out;
}

function decodeAnyValue(
  c: Cursor,
  end: number,
  depth: number,
  previous: OtlpAnyValue | undefined,
): OtlpAnyValue {
  if (depth > MAX_ANY_VALUE_DEPTH) {
    fail(`AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`, c.pos);
  }
  let out = previous;
  while (c.pos < end) {
    const tag = readTag(c, end);
    switch (tag >>> 3) {
      case 1:
        out = { stringValue: readString(c, end, tag) };
        break;
      case 2:
        out = { boolValue: readBool(c, end, tag) };
        break;
      case 3:
        out = { intValue: readInt64(c, end, tag) };
        break;
      case 4:
        out = { doubleValue: readDouble(c, end, tag) };
        break;
      case 5: {
        const arrayValue = out?.arrayValue ?? {};
        const values = (arrayValue.values ??= []);
        const arrayEnd = readPayloadEnd(c, end, tag);
        while (c.pos < arrayEnd) {
          const itemTag = readTag(c, arrayEnd);
          if (itemTag >>> 3 === 1) {
            values.push(
              decodeAnyValue(
                c,
                readPayloadEnd(c, arrayEnd, itemTag),
                depth + 1,
                undefined,
              ),
            );
          } else {
            skipField(c, arrayEnd, itemTag);
          }
        }
        out = { arrayValue };
        break;
      }
      case 6: {
        const kvlistValue = out?.kvlistValue ?? {};
        const values = (kvlistValue.values ??= []);
        const listEnd = readPayloadEnd(c, end, tag);
        while (c.pos < listEnd) {
          const itemTag = readTag(c, listEnd);
          if (itemTag >>> 3 === 1) {
            values.push(
              decodeKeyValue(c, readPayloadEnd(c, listEnd, itemTag), depth + 1),
            );
          } else {
            skipField(c, listEnd, itemTag);
          }
        }
        out = { kvlistValue };
        break;
      }
      case 7: {
        const valueEnd = readPayloadEnd(c, end, tag);
        out = { bytesValue: encodeBase64(c.bytes, c.pos, valueEnd) };
        c.pos = valueEnd;
        break;
      }
      default:
        skipField(c, end, tag);
    }
  }
  return out ?? {};
}
