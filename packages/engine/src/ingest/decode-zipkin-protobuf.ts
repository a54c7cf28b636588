/**
 * Zipkin v2 protobuf (`zipkin.proto3.ListOfSpans`, as Envoy's Zipkin tracer
 * can post it with `application/x-protobuf`) → spans. Field numbers are those
 * of openzipkin/zipkin-api `zipkin.proto` (https://github.com/openzipkin/zipkin-api,
 * Apache-2.0). Each message is mapped onto the Zipkin v2 JSON shape and
 * finishes in `decodeZipkinSpans`, so both encodings mean the same. Never
 * throws: bad bytes give `{ ok: false }` with the byte offset.
 */
import type {
  ZipkinAnnotation,
  ZipkinEndpoint,
  ZipkinSpan,
} from '@pathprof/model';
import type { Cursor } from '../internal/protobuf-reader.js';
import {
  WireError,
  createCursor,
  readBool,
  readEnum,
  readFixed64,
  readHex,
  readInt64,
  readPayloadEnd,
  readString,
  readTag,
  skipField,
} from '../internal/protobuf-reader.js';
import type { WireDecodeResult } from './decode-jaeger-thrift.js';
import { decodeZipkinSpans } from './decode-zipkin-spans.js';

const KINDS = [undefined, 'CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER'] as const;

export function decodeZipkinProtobuf(bytes: Uint8Array): WireDecodeResult {
  const c = createCursor(bytes);
  try {
    const spans: Partial<ZipkinSpan>[] = [];
    while (c.pos < bytes.length) {
      const tag = readTag(c, bytes.length);
      if (tag >>> 3 === 1) {
        spans.push(readSpan(c, readPayloadEnd(c, bytes.length, tag)));
      } else {
        skipField(c, bytes.length, tag);
      }
    }
    return { ok: true, value: decodeZipkinSpans(spans) };
  } catch (err) {
    if (err instanceof WireError) {
      return { ok: false, error: { message: err.message, offset: err.offset } };
    }
    return {
      ok: false,
      error: {
        message: `cannot decode: ${err instanceof Error ? err.message : String(err)}`,
        offset: c.pos,
      },
    };
  }
}

function readSpan(c: Cursor, end: number): Partial<ZipkinSpan> {
  const span: Partial<ZipkinSpan> = {};
  const annotations: ZipkinAnnotation[] = [];
  const tags: [string, string][] = [];
  while (c.pos < end) {
    const tag = readTag(c, end);
    switch (tag >>> 3) {
      case 1:
        span.traceId = readHex(c, end, tag);
        break;
      case 2:
        span.parentId = readHex(c, end, tag);
        break;
      case 3:
        span.id = readHex(c, end, tag);
        break;
      case 4: {
        const kind = KINDS[readEnum(c, end, tag)];
        if (kind === undefined) {
          delete span.kind;
        } else {
          span.kind = kind;
        }
        break;
      }
      case 5:
        span.name = readString(c, end, tag);
        break;
      case 6:
        span.timestamp = Number(readFixed64(c, end, tag));
        break;
      case 7:
        span.duration = Number(readInt64(c, end, tag));
        break;
      case 8:
        span.localEndpoint = readEndpoint(c, readPayloadEnd(c, end, tag));
        break;
      case 9:
        span.remoteEndpoint = readEndpoint(c, readPayloadEnd(c, end, tag));
        break;
      case 10:
        annotations.push(readAnnotation(c, readPayloadEnd(c, end, tag)));
        break;
      case 11: {
        tags.push(readMapEntry(c, readPayloadEnd(c, end, tag)));
        break;
      }
      case 12:
        span.debug = readBool(c, end, tag);
        break;
      case 13:
        span.shared = readBool(c, end, tag);
        break;
      default:
        skipField(c, end, tag);
    }
  }
  if (span.parentId === '') {
    delete span.parentId;
  }
  // fromEntries defines own properties, so a `__proto__` key stays a tag.
  return { ...span, annotations, tags: Object.fromEntries(tags) };
}

function readEndpoint(c: Cursor, end: number): ZipkinEndpoint {
  const out: ZipkinEndpoint = {};
  while (c.pos < end) {
    const tag = readTag(c, end);
    switch (tag >>> 3) {
      case 1:
        out.serviceName = readString(c, end, tag);
        break;
      case 2: {
        const bytesEnd = readPayloadEnd(c, end, tag);
        if (bytesEnd - c.pos === 4) {
          out.ipv4 = Array.from(c.bytes.subarray(c.pos, bytesEnd)).join('.');
        }
        c.pos = bytesEnd;
        break;
      }
      case 4:
        out.port = readEnum(c, end, tag);
        break;
      default:
        skipField(c, end, tag);
    }
  }
  return out;
}

function readAnnotation(c: Cursor, end: number): ZipkinAnnotation {
  let timestamp = 0;
  let value = '';
  while (c.pos < end) {
    const tag = readTag(c, end);
    if (tag >>> 3 === 1) {
      timestamp = Number(readFixed64(c, end, tag));
    } else if (tag >>> 3 === 2) {
      value = readString(c, end, tag);
    } else {
      skipField(c, end, tag);
    }
  }
  return { timestamp, value };
}

function readMapEntry(c: Cursor, end: number): [string, string] {
  let key = '';
  let value = '';
  while (c.pos < end) {
    const tag = readTag(c, end);
    if (tag >>> 3 === 1) {
      key = readString(c, end, tag);
    } else if (tag >>> 3 === 2) {
      value = readString(c, end, tag);
    } else {
      skipField(c, end, tag);
    }
  }
  return [key, value];
}
