/**
 * Fuzzes every decoder a receiver uses, in-process: the bodies of the HTTP
 * receivers as their routes decode them (OTLP protobuf and JSON, Zipkin
 * JSON and protobuf, Jaeger Thrift binary), the Jaeger agent's UDP messages
 * (compact and binary Thrift), and the gRPC messages (OTLP Export, Jaeger
 * PostSpans). Inputs are mutations of valid messages (fuzz-arbitraries.ts).
 * No decoder may throw; each refuses with a message or gives spans the store
 * can take. `PATHPROF_FUZZ_RUNS` sets the inputs per target (the benchmark
 * run); fast-check prints the seed and the smallest failing input.
 */
import fc from 'fast-check';
import {
  decodeJaegerAgentMessage,
  decodeJaegerPostSpans,
  decodeOtlpProtobuf,
  decodeOtlpTraces,
} from '@pathprof/engine';
import type { WireDecodeResult } from '@pathprof/engine';
import { describe, expect, it } from 'vitest';
import type { IngestFormat } from '../../src/ingest/ingest-format.js';
import { JAEGER_THRIFT_INGEST_FORMAT } from '../../src/jaeger-thrift/jaeger-thrift-ingest-format.js';
import { OTLP_INGEST_FORMAT } from '../../src/otlp/otlp-ingest-format.js';
import { ZIPKIN_INGEST_FORMAT } from '../../src/zipkin/zipkin-ingest-format.js';
import { fuzzedBytes, fuzzedJsonText } from './fuzz-arbitraries.js';
import { createTally, fuzzRuns } from './fuzz-budget.js';
import { checkDecodedSpans, checkRefusal } from './fuzz-oracles.js';
import { loadFuzzSeeds } from './fuzz-seeds.js';

const seeds = loadFuzzSeeds();
/** Inputs per target in CI; a few seconds each on a shared 2-core machine. */
const CI_RUNS = 1500;

/** One decode of an HTTP body as its route does it: outcome for the tally. */
function decodeBodyOutcome(
  format: IngestFormat,
  mediaType: string,
  bytes: Uint8Array,
): string {
  const result = format.decodeBody(mediaType, Buffer.from(bytes));
  if (!result.ok) {
    expect(result.message).not.toBe('');
    return 'refused';
  }
  checkDecodedSpans(result.decoded);
  return result.decoded.rejected > 0 ? 'spans rejected' : 'accepted';
}

function wireOutcome(result: WireDecodeResult, length: number): string {
  if (!result.ok) {
    checkRefusal(result.error, length);
    return 'refused';
  }
  checkDecodedSpans(result.value);
  return result.value.rejected > 0 ? 'spans rejected' : 'accepted';
}

function fuzzTarget<T extends Uint8Array | string>(
  target: string,
  inputs: fc.Arbitrary<T>,
  decode: (input: T) => string,
): void {
  const tally = createTally(target);
  fc.assert(
    fc.property(inputs, (input) => {
      tally.count(decode(input));
    }),
    { numRuns: fuzzRuns(CI_RUNS) },
  );
  const { outcomes } = tally.finish();
  // The inputs reach past the first check: some decode, some are refused.
  expect(Object.keys(outcomes).length).toBeGreaterThan(1);
}

describe('fuzzed HTTP bodies, decoded as their routes decode them', () => {
  it('OTLP protobuf', () => {
    fuzzTarget(
      'OTLP/HTTP protobuf body',
      fuzzedBytes(seeds.otlpProtobuf),
      (b) => decodeBodyOutcome(OTLP_INGEST_FORMAT, 'application/x-protobuf', b),
    );
  });

  it('OTLP JSON', () => {
    fuzzTarget('OTLP/HTTP JSON body', fuzzedJsonText(seeds.otlpJsonText), (t) =>
      decodeBodyOutcome(OTLP_INGEST_FORMAT, 'application/json', Buffer.from(t)),
    );
  });

  it('Zipkin JSON', () => {
    fuzzTarget('Zipkin JSON body', fuzzedJsonText(seeds.zipkinJsonText), (t) =>
      decodeBodyOutcome(
        ZIPKIN_INGEST_FORMAT,
        'application/json',
        Buffer.from(t),
      ),
    );
  });

  it('Zipkin protobuf', () => {
    fuzzTarget('Zipkin protobuf body', fuzzedBytes(seeds.zipkinProtobuf), (b) =>
      decodeBodyOutcome(ZIPKIN_INGEST_FORMAT, 'application/x-protobuf', b),
    );
  });

  it('Jaeger Thrift (binary) over HTTP', () => {
    fuzzTarget(
      'Jaeger Thrift HTTP body',
      fuzzedBytes(seeds.jaegerThriftBinary),
      (b) =>
        decodeBodyOutcome(
          JAEGER_THRIFT_INGEST_FORMAT,
          'application/x-thrift',
          b,
        ),
    );
  });
});

describe('fuzzed UDP datagrams and gRPC messages, decoded as their receivers decode them', () => {
  const emitBatches = [seeds.emitBatch.compact, seeds.emitBatch.binary];

  it.each(['compact', 'binary'] as const)(
    'Jaeger agent emitBatch, %s Thrift',
    (protocol) => {
      fuzzTarget(
        `Jaeger agent UDP (${protocol})`,
        fuzzedBytes(emitBatches),
        (b) => wireOutcome(decodeJaegerAgentMessage(b, protocol), b.length),
      );
    },
  );

  it('Jaeger gRPC PostSpans', () => {
    fuzzTarget(
      'Jaeger gRPC PostSpans',
      fuzzedBytes(seeds.jaegerPostSpans),
      (b) => wireOutcome(decodeJaegerPostSpans(b), b.length),
    );
  });

  it('OTLP gRPC Export', () => {
    fuzzTarget('OTLP gRPC Export', fuzzedBytes(seeds.otlpProtobuf), (b) => {
      const result = decodeOtlpProtobuf(b);
      return wireOutcome(
        result.ok
          ? { ok: true, value: decodeOtlpTraces(result.value) }
          : result,
        b.length,
      );
    });
  });
});
