/**
 * Jaeger's Thrift `Batch` → spans, from the two places senders put it:
 *
 * - the collector's HTTP endpoint (`POST /api/traces`, `application/x-thrift`):
 *   a bare `Batch` struct in the binary protocol;
 * - the agent's UDP ports: an `Agent.emitBatch` oneway message whose argument
 *   1 is the `Batch`, in the compact (6831) or binary (6832) protocol.
 *
 * Field ids are those of jaeger-idl `thrift/jaeger.thrift` and
 * `thrift/agent.thrift` (https://github.com/jaegertracing/jaeger-idl, Apache-2.0).
 * The Thrift structs are mapped onto Jaeger's JSON shapes and finish in
 * `decodeJaegerTrace`, so ids, references, tags, logs, span kind and status
 * mean exactly what they mean in a Jaeger JSON file. Never throws: bad bytes
 * give `{ ok: false }` with the byte offset.
 */
import type {
  JaegerKeyValue,
  JaegerLog,
  JaegerProcess,
  JaegerReference,
  JaegerSpan,
} from '@pathprof/model';
import type {
  ThriftProtocol,
  ThriftReader,
} from '../internal/thrift-reader.js';
import {
  T_BOOL,
  T_DOUBLE,
  T_I32,
  T_I64,
  T_LIST,
  T_STRING,
  T_STRUCT,
  WireError,
  createThriftReader,
} from '../internal/thrift-reader.js';
import { decodeJaegerTrace } from './decode-jaeger-trace.js';
import type { DecodedSpans } from './decode-result.js';

export type WireDecodeResult =
  | { readonly ok: true; readonly value: DecodedSpans }
  | {
      readonly ok: false;
      readonly error: { readonly message: string; readonly offset: number };
    };

const PROCESS_ID = 'p1';
const TAG_TYPES = ['string', 'float64', 'bool', 'int64', 'binary'] as const;

/** A bare `Batch` struct, as the Jaeger collector's `POST /api/traces` takes it. */
export function decodeJaegerThriftBatch(
  bytes: Uint8Array,
  protocol: ThriftProtocol = 'binary',
): WireDecodeResult {
  const r = createThriftReader(protocol, bytes);
  return guarded(r, () => {
    const batch = readBatch(r);
    if (r.pos !== bytes.length) {
      throw new WireError(
        `${bytes.length - r.pos} bytes after the end of the Batch`,
        r.pos,
      );
    }
    return batch;
  });
}

/** An `Agent.emitBatch` message, as one UDP datagram to the Jaeger agent carries it. */
export function decodeJaegerAgentMessage(
  bytes: Uint8Array,
  protocol: ThriftProtocol,
): WireDecodeResult {
  const r = createThriftReader(protocol, bytes);
  return guarded(r, () => {
    const header = r.readMessageHeader();
    if (header.name !== 'emitBatch') {
      throw new WireError(
        `Agent.${header.name} is not supported; send emitBatch (Jaeger Thrift)`,
        0,
      );
    }
    let decoded: DecodedSpans | null = null;
    r.enterStruct();
    for (let f = r.readFieldHeader(); f !== null; f = r.readFieldHeader()) {
      if (f.id === 1 && f.type === T_STRUCT) {
        decoded = readBatch(r);
      } else {
        r.skip(f.type);
      }
    }
    r.leaveStruct();
    if (decoded === null) {
      throw new WireError('emitBatch without a batch', r.pos);
    }
    return decoded;
  });
}

function guarded(
  r: ThriftReader,
  decode: () => DecodedSpans,
): WireDecodeResult {
  try {
    return { ok: true, value: decode() };
  } catch (err) {
    if (err instanceof WireError) {
      return { ok: false, error: { message: err.message, offset: err.offset } };
    }
    return {
      ok: false,
      error: {
        message: `cannot decode: ${err instanceof Error ? err.message : String(err)}`,
        offset: r.pos,
      },
    };
  }
}

function readBatch(r: ThriftReader): DecodedSpans {
  let process: JaegerProcess = { serviceName: '' };
  const spans: JaegerSpan[] = [];
  readStruct(r, (id, type) => {
    if (id === 1 && type === T_STRUCT) {
      process = readProcess(r);
    } else if (id === 2 && type === T_LIST) {
      readList(r, T_STRUCT, () => spans.push(readSpan(r)));
    } else {
      return false;
    }
    return true;
  });
  return decodeJaegerTrace({
    traceID: '',
    spans,
    processes: {
      [PROCESS_ID]: {
        ...process,
        serviceName:
          process.serviceName === '' ? 'unknown' : process.serviceName,
      },
    },
  });
}

function readProcess(r: ThriftReader): JaegerProcess {
  let serviceName = '';
  let tags: JaegerKeyValue[] = [];
  readStruct(r, (id, type) => {
    if (id === 1 && type === T_STRING) {
      serviceName = r.readString();
    } else if (id === 2 && type === T_LIST) {
      tags = readTags(r);
    } else {
      return false;
    }
    return true;
  });
  return { serviceName, tags };
}

function readSpan(r: ThriftReader): JaegerSpan {
  let traceLow = '';
  let traceHigh = '';
  let spanId = '';
  let parentSpanId = '';
  let operationName = '';
  let startTime = 0;
  let duration = 0;
  const references: JaegerReference[] = [];
  let tags: JaegerKeyValue[] = [];
  const logs: JaegerLog[] = [];
  readStruct(r, (id, type) => {
    switch (id * 16 + type) {
      case 1 * 16 + T_I64:
        traceLow = r.readI64Hex();
        break;
      case 2 * 16 + T_I64:
        traceHigh = r.readI64Hex();
        break;
      case 3 * 16 + T_I64:
        spanId = r.readI64Hex();
        break;
      case 4 * 16 + T_I64:
        parentSpanId = r.readI64Hex();
        break;
      case 5 * 16 + T_STRING:
        operationName = r.readString();
        break;
      case 6 * 16 + T_LIST:
        readList(r, T_STRUCT, () => references.push(readSpanRef(r)));
        break;
      case 8 * 16 + T_I64:
        startTime = r.readI64Number();
        break;
      case 9 * 16 + T_I64:
        duration = r.readI64Number();
        break;
      case 10 * 16 + T_LIST:
        tags = readTags(r);
        break;
      case 11 * 16 + T_LIST:
        readList(r, T_STRUCT, () => logs.push(readLog(r)));
        break;
      default:
        return false;
    }
    return true;
  });
  const traceID = traceHigh === '' ? traceLow : traceHigh + traceLow;
  // A zero parentSpanId means none; Jaeger then takes the first CHILD_OF reference.
  const parentSpanID =
    parentSpanId !== '' && !/^0+$/.test(parentSpanId)
      ? parentSpanId
      : references.find(
          (r) => r.refType === 'CHILD_OF' && r.traceID === traceID,
        )?.spanID;
  return {
    traceID,
    spanID: spanId,
    ...(parentSpanID === undefined ? {} : { parentSpanID }),
    operationName,
    references,
    startTime,
    duration,
    tags,
    logs,
    processID: PROCESS_ID,
  };
}

function readSpanRef(r: ThriftReader): JaegerReference {
  let refType = 0;
  let low = '';
  let high = '';
  let spanID = '';
  readStruct(r, (id, type) => {
    if (id === 1 && type === T_I32) {
      refType = r.readI32();
    } else if (id === 2 && type === T_I64) {
      low = r.readI64Hex();
    } else if (id === 3 && type === T_I64) {
      high = r.readI64Hex();
    } else if (id === 4 && type === T_I64) {
      spanID = r.readI64Hex();
    } else {
      return false;
    }
    return true;
  });
  return {
    refType: refType === 1 ? 'FOLLOWS_FROM' : 'CHILD_OF',
    traceID: high + low,
    spanID,
  };
}

function readLog(r: ThriftReader): JaegerLog {
  let timestamp = 0;
  let fields: JaegerKeyValue[] = [];
  readStruct(r, (id, type) => {
    if (id === 1 && type === T_I64) {
      timestamp = r.readI64Number();
    } else if (id === 2 && type === T_LIST) {
      fields = readTags(r);
    } else {
      return false;
    }
    return true;
  });
  return { timestamp, fields };
}

function readTags(r: ThriftReader): JaegerKeyValue[] {
  const tags: JaegerKeyValue[] = [];
  readList(r, T_STRUCT, () => {
    const tag = readTag(r);
    if (tag !== null) {
      tags.push(tag);
    }
  });
  return tags;
}

/** A `Tag`; its value is the field its `vType` names (null when that field is absent). */
function readTag(r: ThriftReader): JaegerKeyValue | null {
  let key = '';
  let vType = 0;
  const values: (string | number | boolean | undefined)[] = [];
  readStruct(r, (id, type) => {
    if (id === 1 && type === T_STRING) {
      key = r.readString();
    } else if (id === 2 && type === T_I32) {
      vType = r.readI32();
    } else if (id === 3 && type === T_STRING) {
      values[0] = r.readString();
    } else if (id === 4 && type === T_DOUBLE) {
      values[1] = r.readDouble();
    } else if (id === 5 && type === T_BOOL) {
      values[2] = r.readBool();
    } else if (id === 6 && type === T_I64) {
      values[3] = r.readI64Number();
    } else if (id === 7 && type === T_STRING) {
      values[4] = r.readBinaryBase64();
    } else {
      return false;
    }
    return true;
  });
  const type = TAG_TYPES[vType];
  const value = values[vType];
  return type === undefined || value === undefined || key === ''
    ? null
    : { key, type, value };
}

/** Reads a struct's fields; `onField` returns false for a field it does not read, which is skipped. */
function readStruct(
  r: ThriftReader,
  onField: (id: number, type: number) => boolean,
): void {
  r.enterStruct();
  for (let f = r.readFieldHeader(); f !== null; f = r.readFieldHeader()) {
    if (!onField(f.id, f.type)) {
      r.skip(f.type);
    }
  }
  r.leaveStruct();
}

function readList(
  r: ThriftReader,
  elementType: number,
  onElement: () => void,
): void {
  const header = r.readListHeader();
  if (header.elementType !== elementType) {
    for (let i = 0; i < header.size; i++) {
      r.skip(header.elementType);
    }
    return;
  }
  for (let i = 0; i < header.size; i++) {
    onElement();
  }
}
