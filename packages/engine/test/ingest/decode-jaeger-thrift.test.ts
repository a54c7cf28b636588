import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeJaegerAgentMessage,
  decodeJaegerThriftBatch,
} from '@pathprof/engine';
import type { Span } from '@pathprof/model';
import type { ThriftBatch } from './write-jaeger-thrift.js';
import { writeEmitBatch, writeThriftBatch } from './write-jaeger-thrift.js';

const BATCH: ThriftBatch = {
  serviceName: 'svc-a',
  processTags: [
    { key: 'hostname', vType: 0, value: 'host-1' },
    { key: 'jaeger.version', vType: 0, value: 'Node-3.19.0' },
  ],
  spans: [
    {
      traceIdHigh: '463ac35c9f6413ad',
      traceIdLow: 'f8485a3953bb6124',
      spanId: 'fa00000000000001',
      operationName: 'a1_summary',
      startTime: 1_700_000_000_000_000,
      duration: 2500,
      tags: [
        { key: 'span.kind', vType: 0, value: 'server' },
        { key: 'http.status_code', vType: 3, value: 200 },
        { key: 'cpu.ms', vType: 1, value: 1.25 },
        { key: 'sampled', vType: 2, value: true },
        { key: 'blob', vType: 4, value: Buffer.from([1, 2, 3]) },
      ],
      logs: [
        {
          timestamp: 1_700_000_000_000_100,
          fields: [
            { key: 'event', vType: 0, value: 'cache miss' },
            { key: 'size', vType: 3, value: 42 },
          ],
        },
      ],
    },
    {
      traceIdHigh: '463ac35c9f6413ad',
      traceIdLow: 'f8485a3953bb6124',
      spanId: '0000000000000002',
      parentSpanId: 'fa00000000000001',
      operationName: 'a1_performance_metrics',
      startTime: 1_700_000_000_000_010,
      duration: 2000,
      tags: [{ key: 'error', vType: 2, value: true }],
      references: [
        {
          refType: 1,
          traceIdHigh: '0',
          traceIdLow: '00000000000000aa',
          spanId: '00000000000000bb',
        },
      ],
    },
  ],
};

function decodedSpans(result: ReturnType<typeof decodeJaegerThriftBatch>) {
  expect(result.ok).toBe(true);
  if (!result.ok) {
    throw new Error(result.error.message);
  }
  return result.value;
}

describe('decodeJaegerThriftBatch', () => {
  it('decodes the spans, process and tags of a binary Batch', () => {
    const { spans, rejected } = decodedSpans(
      decodeJaegerThriftBatch(writeThriftBatch(BATCH)),
    );
    expect(rejected).toBe(0);
    const [root, child] = spans as [Span, Span];
    expect(root).toMatchObject({
      traceId: '463ac35c9f6413adf8485a3953bb6124',
      spanId: 'fa00000000000001',
      service: 'svc-a',
      operation: 'a1_summary',
      kind: 'server',
      startMicros: 1_700_000_000_000_000,
      durationMicros: 2500,
      status: 'unset',
      resource: { hostname: 'host-1', 'jaeger.version': 'Node-3.19.0' },
      references: [],
    });
    expect(root.parentSpanId).toBeUndefined();
    expect(root.attributes).toEqual({
      'span.kind': 'server',
      'http.status_code': 200,
      'cpu.ms': 1.25,
      sampled: true,
      blob: 'AQID',
    });
    expect(root.events).toEqual([
      {
        timeMicros: 1_700_000_000_000_100,
        name: 'cache miss',
        attributes: { event: 'cache miss', size: 42 },
      },
    ]);
    expect(child).toMatchObject({
      parentSpanId: 'fa00000000000001',
      status: 'error',
      references: [
        {
          type: 'child_of',
          traceId: '463ac35c9f6413adf8485a3953bb6124',
          spanId: 'fa00000000000001',
        },
        {
          type: 'follows_from',
          traceId: '000000000000000000000000000000aa',
          spanId: '00000000000000bb',
        },
      ],
    });
  });

  it('pads a 64-bit trace id (traceIdHigh 0) to 128 bits', () => {
    const { spans } = decodedSpans(
      decodeJaegerThriftBatch(
        writeThriftBatch({
          serviceName: 's',
          spans: [
            {
              ...BATCH.spans[0]!,
              traceIdHigh: '0',
              traceIdLow: '00000000000000ff',
            },
          ],
        }),
      ),
    );
    expect(spans[0]!.traceId).toBe('000000000000000000000000000000ff');
  });

  it('reads the same Batch in the compact protocol', () => {
    const binary = decodedSpans(
      decodeJaegerThriftBatch(writeThriftBatch(BATCH)),
    );
    const compact = decodedSpans(
      decodeJaegerThriftBatch(writeThriftBatch(BATCH, 'compact'), 'compact'),
    );
    expect(compact).toEqual(binary);
  });

  it('counts a span without a span id as rejected and keeps the rest', () => {
    const result = decodedSpans(
      decodeJaegerThriftBatch(
        writeThriftBatch({
          ...BATCH,
          spans: [{ ...BATCH.spans[0]!, spanId: '0' }, BATCH.spans[1]!],
        }),
      ),
    );
    expect(result.rejected).toBe(1);
    expect(result.spans.map((s) => s.operation)).toEqual([
      'a1_performance_metrics',
    ]);
  });

  it('names the service "unknown" when the process has no name', () => {
    const { spans } = decodedSpans(
      decodeJaegerThriftBatch(writeThriftBatch({ ...BATCH, serviceName: '' })),
    );
    expect(spans.every((s) => s.service === 'unknown')).toBe(true);
  });

  it('refuses every truncation of a valid Batch with an offset, never throwing', () => {
    const bytes = writeThriftBatch(BATCH);
    for (let length = 0; length < bytes.length; length++) {
      const result = decodeJaegerThriftBatch(bytes.subarray(0, length));
      expect(result.ok, `length ${length}`).toBe(false);
      if (!result.ok) {
        expect(result.error.offset).toBeLessThanOrEqual(length);
      }
    }
  });

  it('refuses trailing bytes after the Batch', () => {
    const bytes = Buffer.concat([writeThriftBatch(BATCH), Buffer.from([0])]);
    const result = decodeJaegerThriftBatch(bytes);
    expect(result).toMatchObject({
      ok: false,
      error: { message: '1 bytes after the end of the Batch' },
    });
  });

  it('refuses unknown fields nested beyond the depth bound', () => {
    // Batch { 99: struct { 99: struct { ... } } }, 10 000 levels deep
    const nested = Buffer.alloc(3 * 10_000 + 10_000);
    for (let i = 0; i < 10_000; i++) {
      nested.set([12, 0, 99], i * 3);
    }
    const result = decodeJaegerThriftBatch(nested);
    expect(result).toMatchObject({
      ok: false,
      error: { message: 'values nested deeper than 32 levels' },
    });
  });

  it('refuses a list claiming more elements than bytes left, before allocating', () => {
    // Batch { 2: list<struct> of 2^31-1 elements }
    const bytes = Buffer.from([15, 0, 2, 12, 0x7f, 0xff, 0xff, 0xff, 0]);
    const result = decodeJaegerThriftBatch(bytes);
    expect(result).toMatchObject({
      ok: false,
      error: { message: '2147483647 elements cannot fit in the bytes left' },
    });
  });

  it('never throws on random bytes in either protocol', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 512 }),
        fc.constantFrom('binary' as const, 'compact' as const),
        (bytes, protocol) => {
          const result = decodeJaegerThriftBatch(bytes, protocol);
          expect(typeof result.ok).toBe('boolean');
          const agent = decodeJaegerAgentMessage(bytes, protocol);
          expect(typeof agent.ok).toBe('boolean');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws on valid Batches with random bytes flipped', () => {
    const bytes = writeThriftBatch(BATCH, 'compact');
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.nat({ max: bytes.length - 1 }),
            fc.integer({ min: 0, max: 255 }),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        (flips) => {
          const copy = Buffer.from(bytes);
          for (const [at, value] of flips) {
            copy[at] = value;
          }
          const result = decodeJaegerThriftBatch(copy, 'compact');
          expect(typeof result.ok).toBe('boolean');
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('decodeJaegerAgentMessage', () => {
  it('reads emitBatch in the compact protocol (agent port 6831)', () => {
    const expected = decodedSpans(
      decodeJaegerThriftBatch(writeThriftBatch(BATCH)),
    );
    expect(
      decodedSpans(
        decodeJaegerAgentMessage(writeEmitBatch(BATCH, 'compact'), 'compact'),
      ),
    ).toEqual(expected);
  });

  it('reads emitBatch in the binary protocol (agent port 6832)', () => {
    const expected = decodedSpans(
      decodeJaegerThriftBatch(writeThriftBatch(BATCH)),
    );
    expect(
      decodedSpans(
        decodeJaegerAgentMessage(writeEmitBatch(BATCH, 'binary'), 'binary'),
      ),
    ).toEqual(expected);
  });

  it('refuses a message of the other protocol', () => {
    const result = decodeJaegerAgentMessage(
      writeEmitBatch(BATCH, 'binary'),
      'compact',
    );
    expect(result).toMatchObject({
      ok: false,
      error: { message: 'not a Thrift compact protocol message', offset: 0 },
    });
  });

  it('refuses emitZipkinBatch, naming it', () => {
    const bytes = writeEmitBatch(BATCH, 'binary');
    // same length as "emitBatch": replace the name in place would not fit, so build by hand:
    const name = Buffer.from('emitZipkinBatch');
    const header = Buffer.alloc(8);
    header.writeUInt32BE(0x80010004, 0);
    header.writeInt32BE(name.length, 4);
    const rest = bytes.subarray(8 + 'emitBatch'.length);
    const result = decodeJaegerAgentMessage(
      Buffer.concat([header, name, rest]),
      'binary',
    );
    expect(result).toMatchObject({
      ok: false,
      error: {
        message:
          'Agent.emitZipkinBatch is not supported; send emitBatch (Jaeger Thrift)',
      },
    });
  });
});
