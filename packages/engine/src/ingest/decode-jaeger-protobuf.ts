/**
 * Jaeger's gRPC collector request, `jaeger.api_v2.PostSpansRequest`, → spans.
 * Field numbers are those of jaeger-idl `proto/api_v2/collector.proto` and
 * `proto/api_v2/model.proto` (https://github.com/jaegertracing/jaeger-idl,
 * Apache-2.0); times are `google.protobuf.Timestamp`/`Duration` (seconds,
 * nanos). As for Thrift, the messages are mapped onto Jaeger's JSON shapes
 * and finish in `decodeJaegerTrace`. A span's own `process` wins over the
 * batch's. Never throws: bad bytes give `{ ok: false }` with the byte offset.
 */
import type {
  JaegerKeyValue,
  JaegerLog,
  JaegerProcess,
  JaegerReference,
  JaegerSpan,
} from '@pathprof/model';
import type { Cursor } from '../internal/protobuf-reader.js';
import {
  WireError,
  createCursor,
  encodeBase64,
  readBool,
  readDouble,
  readEnum,
  readHex,
  readInt64,
  readPayloadEnd,
  readString,
  readTag,
  skipField,
} from '../internal/protobuf-reader.js';
import { decodeJaegerTrace } from './decode-jaeger-trace.js';
import type { WireDecodeResult } from './decode-jaeger-thrift.js';

const BATCH_PROCESS_ID = 'p1';
const TAG_TYPES = ['string', 'bool', 'int64', 'float64', 'binary'] as const;

export function decodeJaegerPostSpans(bytes: Uint8Array): WireDecodeResult {
  const c = createCursor(bytes);
  try {
    let spans: JaegerSpan[] = [];
    let process: JaegerProcess = { serviceName: 'unknown' };
    forEachField(c, bytes.length, (field, tag) => {
      if (field !== 1) {
        return false;
      }
      forEachField(c, readPayloadEnd(c, bytes.length, tag), (f, t, end) => {
        if (f === 1) {
          spans.push(readSpan(c, readPayloadEnd(c, end, t)));
        } else if (f === 2) {
          process = readProcess(c, readPayloadEnd(c, end, t));
        } else {
          return false;
        }
        return true;
      });
      return true;
    });
    spans = spans.map((s) =>
      s.process === undefined ? { ...s, processID: BATCH_PROCESS_ID } : s,
    );
    return {
      ok: true,
      value: decodeJaegerTrace({
        traceID: '',
        spans,
        processes: { [BATCH_PROCESS_ID]: process },
      }),
    };
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

/** Calls `onField` per field until `end`; a field it returns false for is skipped. */
function forEachField(
  c: Cursor,
  end: number,
  onField: (field: number, tag: number, end: number) => boolean,
): void {
  while (c.pos < end) {
    const tag = readTag(c, end);
    if (!onField(tag >>> 3, tag, end)) {
      skipField(c, end, tag);
    }
  }
}

function readSpan(c: Cursor, end: number): JaegerSpan {
  let traceID = '';
  let spanID = '';
  let operationName = '';
  const references: JaegerReference[] = [];
  let startTime = 0;
  let duration = 0;
  const tags: JaegerKeyValue[] = [];
  const logs: JaegerLog[] = [];
  let process: JaegerProcess | undefined;
  forEachField(c, end, (field, tag) => {
    switch (field) {
      case 1:
        traceID = readHex(c, end, tag);
        break;
      case 2:
        spanID = readHex(c, end, tag);
        break;
      case 3:
        operationName = readString(c, end, tag);
        break;
      case 4:
        references.push(readSpanRef(c, readPayloadEnd(c, end, tag)));
        break;
      case 6:
        startTime = readMicros(c, readPayloadEnd(c, end, tag));
        break;
      case 7:
        duration = readMicros(c, readPayloadEnd(c, end, tag));
        break;
      case 8: {
        const kv = readKeyValue(c, readPayloadEnd(c, end, tag));
        if (kv !== null) {
          tags.push(kv);
        }
        break;
      }
      case 9:
        logs.push(readLog(c, readPayloadEnd(c, end, tag)));
        break;
      case 10:
        process = readProcess(c, readPayloadEnd(c, end, tag));
        break;
      default:
        return false;
    }
    return true;
  });
  // Jaeger's model takes the first CHILD_OF reference as the parent.
  const parent = references.find(
    (r) => r.refType === 'CHILD_OF' && r.traceID === traceID,
  );
  return {
    traceID,
    spanID,
    ...(parent === undefined ? {} : { parentSpanID: parent.spanID }),
    operationName,
    references,
    startTime,
    duration,
    tags,
    logs,
    ...(process === undefined ? {} : { process }),
  };
}

function readSpanRef(c: Cursor, end: number): JaegerReference {
  let traceID = '';
  let spanID = '';
  let refType = 0;
  forEachField(c, end, (field, tag) => {
    if (field === 1) {
      traceID = readHex(c, end, tag);
    } else if (field === 2) {
      spanID = readHex(c, end, tag);
    } else if (field === 3) {
      refType = readEnum(c, end, tag);
    } else {
      return false;
    }
    return true;
  });
  return {
    refType: refType === 1 ? 'FOLLOWS_FROM' : 'CHILD_OF',
    traceID,
    spanID,
  };
}

function readProcess(c: Cursor, end: number): JaegerProcess {
  let serviceName = '';
  const tags: JaegerKeyValue[] = [];
  forEachField(c, end, (field, tag) => {
    if (field === 1) {
      serviceName = readString(c, end, tag);
    } else if (field === 2) {
      const kv = readKeyValue(c, readPayloadEnd(c, end, tag));
      if (kv !== null) {
        tags.push(kv);
      }
    } else {
      return false;
    }
    return true;
  });
  return { serviceName: serviceName === '' ? 'unknown' : serviceName, tags };
}

function readLog(c: Cursor, end: number): JaegerLog {
  let timestamp = 0;
  const fields: JaegerKeyValue[] = [];
  forEachField(c, end, (field, tag) => {
    if (field === 1) {
      timestamp = readMicros(c, readPayloadEnd(c, end, tag));
    } else if (field === 2) {
      const kv = readKeyValue(c, readPayloadEnd(c, end, tag));
      if (kv !== null) {
        fields.push(kv);
      }
    } else {
      return false;
    }
    return true;
  });
  return { timestamp, fields };
}

/** A `KeyValue`; proto3 leaves zero values out, so an absent value is its type's zero. */
function readKeyValue(c: Cursor, end: number): JaegerKeyValue | null {
  let key = '';
  let vType = 0;
  const values: (string | number | boolean)[] = ['', false, 0, 0, ''];
  forEachField(c, end, (field, tag) => {
    switch (field) {
      case 1:
        key = readString(c, end, tag);
        break;
      case 2:
        vType = readEnum(c, end, tag);
        break;
      case 3:
        values[0] = readString(c, end, tag);
        break;
      case 4:
        values[1] = readBool(c, end, tag);
        break;
      case 5:
        values[2] = Number(readInt64(c, end, tag));
        break;
      case 6:
        values[3] = readDouble(c, end, tag);
        break;
      case 7: {
        const bytesEnd = readPayloadEnd(c, end, tag);
        values[4] = encodeBase64(c.bytes, c.pos, bytesEnd);
        c.pos = bytesEnd;
        break;
      }
      default:
        return false;
    }
    return true;
  });
  const type = TAG_TYPES[vType];
  return type === undefined || key === ''
    ? null
    : { key, type, value: values[vType]! };
}

/** A `Timestamp` or `Duration` (seconds = 1, nanos = 2) in µs. */
function readMicros(c: Cursor, end: number): number {
  let seconds = 0;
  let nanos = 0;
  forEachField(c, end, (field, tag) => {
    if (field === 1) {
      seconds = Number(readInt64(c, end, tag));
    } else if (field === 2) {
      nanos = readEnum(c, end, tag);
    } else {
      return false;
    }
    return true;
  });
  return seconds * 1_000_000 + Math.trunc(nanos / 1000);
}
