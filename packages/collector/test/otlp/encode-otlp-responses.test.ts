import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import {
  encodeExportResponseJson,
  encodeExportResponseProtobuf,
  encodeStatusProtobuf,
} from '../../src/otlp/encode-otlp-responses.js';

describe('encodeExportResponseProtobuf', () => {
  it('encodes full success as zero bytes', () => {
    expect(encodeExportResponseProtobuf(0, '')).toEqual(new Uint8Array(0));
  });

  it('encodes partial success as field 1 holding rejected_spans and error_message', () => {
    expect([...encodeExportResponseProtobuf(2, 'bad')]).toEqual([
      0x0a, 7, 0x08, 2, 0x12, 3, 0x62, 0x61, 0x64,
    ]);
  });

  it('writes counts above 127 as multi-byte varints that the OpenTelemetry JS client reads back', () => {
    const bytes = encodeExportResponseProtobuf(300, 'x');
    expect([...bytes]).toEqual([0x0a, 6, 0x08, 0xac, 0x02, 0x12, 1, 0x78]);
    expect(ProtobufTraceSerializer.deserializeResponse(bytes)).toMatchObject({
      partialSuccess: { errorMessage: 'x' },
    });
  });

  it('keeps a warning with zero rejected spans as a set, non-empty partial_success', () => {
    expect([...encodeExportResponseProtobuf(0, 'w')]).toEqual([
      0x0a, 3, 0x12, 1, 0x77,
    ]);
  });
});

describe('encodeExportResponseJson', () => {
  it('encodes full success as an empty object', () => {
    expect(encodeExportResponseJson(0, '')).toEqual({});
  });

  it('encodes rejectedSpans as a decimal string, as proto3 JSON maps int64', () => {
    expect(encodeExportResponseJson(5, 'why')).toEqual({
      partialSuccess: { rejectedSpans: '5', errorMessage: 'why' },
    });
  });
});

describe('encodeStatusProtobuf', () => {
  it('encodes google.rpc.Status code and UTF-8 message', () => {
    expect([...encodeStatusProtobuf(3, 'é')]).toEqual([
      0x08, 3, 0x12, 2, 0xc3, 0xa9,
    ]);
  });

  it('leaves out a zero code, as proto3 does', () => {
    expect([...encodeStatusProtobuf(0, 'a')]).toEqual([0x12, 1, 0x61]);
  });
});
