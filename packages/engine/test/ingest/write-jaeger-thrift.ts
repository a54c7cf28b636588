/**
 * Writes Jaeger Thrift batches with Apache Thrift's own Node protocols
 * (`thrift` on npm: TBinaryProtocol, TCompactProtocol), so the decoder is
 * tested against a real encoder of both protocols, not bytes we made up.
 * Field ids: jaeger-idl thrift/jaeger.thrift and thrift/agent.thrift.
 */
import thrift from 'thrift';
import type { TProtocol } from 'thrift';

const { Thrift, TBufferedTransport, TBinaryProtocol, TCompactProtocol, Int64 } =
  thrift;
const T = Thrift.Type;

export interface ThriftTag {
  key: string;
  /** 0 STRING, 1 DOUBLE, 2 BOOL, 3 LONG, 4 BINARY */
  vType: 0 | 1 | 2 | 3 | 4;
  value: string | number | boolean | Buffer;
}

export interface ThriftSpan {
  traceIdHigh?: string;
  traceIdLow: string;
  spanId: string;
  parentSpanId?: string;
  operationName: string;
  references?: {
    refType: 0 | 1;
    traceIdHigh: string;
    traceIdLow: string;
    spanId: string;
  }[];
  startTime: number;
  duration: number;
  tags?: ThriftTag[];
  logs?: { timestamp: number; fields: ThriftTag[] }[];
}

export interface ThriftBatch {
  serviceName: string;
  processTags?: ThriftTag[];
  spans: ThriftSpan[];
}

export type Protocol = 'binary' | 'compact';

/** A bare Batch struct (the collector's HTTP body). */
export function writeThriftBatch(
  batch: ThriftBatch,
  protocol: Protocol = 'binary',
): Buffer {
  return capture(protocol, (p) => writeBatch(p, batch));
}

/** An `Agent.emitBatch` oneway message (one agent UDP datagram). */
export function writeEmitBatch(batch: ThriftBatch, protocol: Protocol): Buffer {
  return capture(protocol, (p) => {
    p.writeMessageBegin('emitBatch', Thrift.MessageType.ONEWAY, 1);
    p.writeStructBegin('emitBatch_args');
    p.writeFieldBegin('batch', T.STRUCT, 1);
    writeBatch(p, batch);
    p.writeFieldEnd();
    p.writeFieldStop();
    p.writeStructEnd();
    p.writeMessageEnd();
  });
}

function capture(protocol: Protocol, write: (p: TProtocol) => void): Buffer {
  let out = Buffer.alloc(0);
  const transport = new TBufferedTransport(undefined, (buf?: Buffer) => {
    out = Buffer.concat([out, buf ?? Buffer.alloc(0)]);
  });
  const p =
    protocol === 'binary'
      ? new TBinaryProtocol(transport)
      : new TCompactProtocol(transport);
  write(p);
  transport.flush();
  return out;
}

function i64(hex: string): InstanceType<typeof Int64> {
  return new Int64(hex.padStart(16, '0'));
}

function writeBatch(p: TProtocol, batch: ThriftBatch): void {
  p.writeStructBegin('Batch');
  p.writeFieldBegin('process', T.STRUCT, 1);
  p.writeStructBegin('Process');
  p.writeFieldBegin('serviceName', T.STRING, 1);
  p.writeString(batch.serviceName);
  p.writeFieldEnd();
  if (batch.processTags !== undefined) {
    p.writeFieldBegin('tags', T.LIST, 2);
    writeTags(p, batch.processTags);
    p.writeFieldEnd();
  }
  p.writeFieldStop();
  p.writeStructEnd();
  p.writeFieldEnd();
  p.writeFieldBegin('spans', T.LIST, 2);
  p.writeListBegin(T.STRUCT, batch.spans.length);
  for (const span of batch.spans) {
    writeSpan(p, span);
  }
  p.writeListEnd();
  p.writeFieldEnd();
  p.writeFieldBegin('seqNo', T.I64, 3);
  p.writeI64(7);
  p.writeFieldEnd();
  p.writeFieldStop();
  p.writeStructEnd();
}

function writeSpan(p: TProtocol, span: ThriftSpan): void {
  p.writeStructBegin('Span');
  const i64Field = (name: string, id: number, hex: string): void => {
    p.writeFieldBegin(name, T.I64, id);
    p.writeI64(i64(hex));
    p.writeFieldEnd();
  };
  i64Field('traceIdLow', 1, span.traceIdLow);
  i64Field('traceIdHigh', 2, span.traceIdHigh ?? '0');
  i64Field('spanId', 3, span.spanId);
  i64Field('parentSpanId', 4, span.parentSpanId ?? '0');
  p.writeFieldBegin('operationName', T.STRING, 5);
  p.writeString(span.operationName);
  p.writeFieldEnd();
  if (span.references !== undefined) {
    p.writeFieldBegin('references', T.LIST, 6);
    p.writeListBegin(T.STRUCT, span.references.length);
    for (const ref of span.references) {
      p.writeStructBegin('SpanRef');
      p.writeFieldBegin('refType', T.I32, 1);
      p.writeI32(ref.refType);
      p.writeFieldEnd();
      i64Field('traceIdLow', 2, ref.traceIdLow);
      i64Field('traceIdHigh', 3, ref.traceIdHigh);
      i64Field('spanId', 4, ref.spanId);
      p.writeFieldStop();
      p.writeStructEnd();
    }
    p.writeListEnd();
    p.writeFieldEnd();
  }
  p.writeFieldBegin('flags', T.I32, 7);
  p.writeI32(1);
  p.writeFieldEnd();
  p.writeFieldBegin('startTime', T.I64, 8);
  p.writeI64(span.startTime);
  p.writeFieldEnd();
  p.writeFieldBegin('duration', T.I64, 9);
  p.writeI64(span.duration);
  p.writeFieldEnd();
  if (span.tags !== undefined) {
    p.writeFieldBegin('tags', T.LIST, 10);
    writeTags(p, span.tags);
    p.writeFieldEnd();
  }
  if (span.logs !== undefined) {
    p.writeFieldBegin('logs', T.LIST, 11);
    p.writeListBegin(T.STRUCT, span.logs.length);
    for (const log of span.logs) {
      p.writeStructBegin('Log');
      p.writeFieldBegin('timestamp', T.I64, 1);
      p.writeI64(log.timestamp);
      p.writeFieldEnd();
      p.writeFieldBegin('fields', T.LIST, 2);
      writeTags(p, log.fields);
      p.writeFieldEnd();
      p.writeFieldStop();
      p.writeStructEnd();
    }
    p.writeListEnd();
    p.writeFieldEnd();
  }
  p.writeFieldStop();
  p.writeStructEnd();
}

function writeTags(p: TProtocol, tags: readonly ThriftTag[]): void {
  p.writeListBegin(T.STRUCT, tags.length);
  for (const tag of tags) {
    p.writeStructBegin('Tag');
    p.writeFieldBegin('key', T.STRING, 1);
    p.writeString(tag.key);
    p.writeFieldEnd();
    p.writeFieldBegin('vType', T.I32, 2);
    p.writeI32(tag.vType);
    p.writeFieldEnd();
    switch (tag.vType) {
      case 0:
        p.writeFieldBegin('vStr', T.STRING, 3);
        p.writeString(String(tag.value));
        break;
      case 1:
        p.writeFieldBegin('vDouble', T.DOUBLE, 4);
        p.writeDouble(Number(tag.value));
        break;
      case 2:
        p.writeFieldBegin('vBool', T.BOOL, 5);
        p.writeBool(tag.value === true);
        break;
      case 3:
        p.writeFieldBegin('vLong', T.I64, 6);
        p.writeI64(Number(tag.value));
        break;
      case 4:
        p.writeFieldBegin('vBinary', T.STRING, 7);
        p.writeBinary(tag.value as Buffer);
        break;
    }
    p.writeFieldEnd();
    p.writeFieldStop();
    p.writeStructEnd();
  }
  p.writeListEnd();
}
