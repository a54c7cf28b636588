/**
 * `decodeOtlpProtobufSpans` must give exactly what the two-step decoder gives
 * (`decodeOtlpTraces(decodeOtlpProtobuf(bytes))`): the same spans in the same order and
 * shape, the same dropped spans and warnings, the same error and offset for bytes that do
 * not decode. Checked on the SDK's own bytes, every truncation and random edits of them,
 * and on generated requests that use every field, id length and AnyValue kind.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WireDecodeResult } from '../../src/ingest/decode-jaeger-thrift.js';
import { decodeOtlpTraces } from '../../src/ingest/decode-otlp-json.js';
import { decodeOtlpProtobufSpans } from '../../src/ingest/decode-otlp-protobuf-spans.js';
import {
  MAX_ANY_VALUE_DEPTH,
  decodeOtlpProtobuf,
} from '../../src/ingest/decode-otlp-protobuf.js';

type Bytes = number[];

function varint(value: number | bigint): Bytes {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: Bytes = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}
const tag = (field: number, wire: number): Bytes => varint((field << 3) | wire);
const lenField = (field: number, ...parts: Bytes[]): Bytes => {
  const payload = parts.flat();
  return [...tag(field, 2), ...varint(payload.length), ...payload];
};
const bytesField = (field: number, bytes: readonly number[]): Bytes =>
  lenField(field, [...bytes]);
const stringField = (field: number, value: string): Bytes =>
  bytesField(field, [...new TextEncoder().encode(value)]);
const varintField = (field: number, value: number | bigint): Bytes => [
  ...tag(field, 0),
  ...varint(value),
];
function fixed64Field(field: number, value: bigint): Bytes {
  const out = tag(field, 1);
  for (let i = 0n; i < 8n; i++) {
    out.push(Number((value >> (8n * i)) & 0xffn));
  }
  return out;
}
function doubleField(field: number, value: number): Bytes {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, value, true);
  return [...tag(field, 1), ...bytes];
}

/** The reference: the object decoder, then the object-to-span mapping. */
function twoStep(bytes: Uint8Array): WireDecodeResult {
  const request = decodeOtlpProtobuf(bytes);
  return request.ok
    ? { ok: true, value: decodeOtlpTraces(request.value) }
    : { ok: false, error: request.error };
}

function expectSameAsTwoStep(bytes: Uint8Array): void {
  expect(decodeOtlpProtobufSpans(bytes)).toStrictEqual(twoStep(bytes));
}

function exportSdkProtobuf(): Uint8Array {
  const script = fileURLToPath(
    new URL('../fixtures/export-sdk-spans.mjs', import.meta.url),
  );
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const output = execFileSync(process.execPath, [script], {
    encoding: 'utf8',
    env,
  });
  const { protobufBase64 } = JSON.parse(output) as { protobufBase64: string };
  return new Uint8Array(Buffer.from(protobufBase64, 'base64'));
}

describe('decodeOtlpProtobufSpans on bytes from the OpenTelemetry JS SDK', () => {
  const protobuf = exportSdkProtobuf();

  it('gives the spans of the two-step decoder', () => {
    const result = decodeOtlpProtobufSpans(protobuf);
    expect(result.ok && result.value.spans).toHaveLength(5);
    expectSameAsTwoStep(protobuf);
  });

  it('gives the same result for every truncation', () => {
    for (let length = 0; length <= protobuf.length; length++) {
      expectSameAsTwoStep(protobuf.subarray(0, length));
    }
  });

  it('gives the same result with overwritten bytes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.nat(protobuf.length - 1),
            fc.integer({ min: 0, max: 255 }),
          ),
          { minLength: 1, maxLength: 8 },
        ),
        (edits) => {
          const bytes = protobuf.slice();
          for (const [pos, byte] of edits) {
            bytes[pos] = byte;
          }
          expectSameAsTwoStep(bytes);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

// Generated requests: every field the decoders read, in any order, repeated or not.
const idBytes = (usual: number): fc.Arbitrary<number[]> =>
  fc.oneof(
    fc.array(fc.integer({ min: 0, max: 255 }), {
      minLength: usual,
      maxLength: usual,
    }),
    fc.constant(new Array<number>(usual).fill(0)),
    fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 24 }),
  );
const text = fc.oneof(
  fc.constantFrom('', 'service.name', 'http.method', 'GET', 'a.b', 'k'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 140 }),
);
const anyValue: fc.Arbitrary<Bytes> = fc.letrec<{ value: Bytes; kv: Bytes }>(
  (tie) => ({
    value: fc
      .array(
        fc.oneof(
          { depthSize: 'small' },
          text.map((s) => stringField(1, s)),
          fc.boolean().map((b) => varintField(2, b ? 1 : 0)),
          fc.integer({ min: 0, max: 3 }).map((n) => varintField(2, n)),
          fc
            .bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
            .map((n) => varintField(3, n)),
          fc.integer({ min: -300, max: 300 }).map((n) => varintField(3, n)),
          fc.double().map((d) => doubleField(4, d)),
          fc
            .array(tie('value'), { maxLength: 3 })
            .map((items) =>
              lenField(5, ...items.map((item) => lenField(1, item))),
            ),
          fc
            .array(tie('kv'), { maxLength: 3 })
            .map((items) =>
              lenField(6, ...items.map((item) => lenField(1, item))),
            ),
          fc
            .array(fc.integer({ min: 0, max: 255 }), { maxLength: 10 })
            .map((b) => bytesField(7, b)),
        ),
        { maxLength: 2 },
      )
      .map((parts) => parts.flat()),
    kv: fc
      .tuple(
        text,
        fc.option(tie('value'), { nil: undefined }),
        fc.boolean(),
        fc.boolean(),
      )
      .map(([key, value, valueFirst, repeated]) => {
        const keyPart = stringField(1, key);
        const valuePart = value === undefined ? [] : lenField(2, value);
        const parts = valueFirst
          ? [valuePart, keyPart]
          : [keyPart, valuePart, repeated ? valuePart : []];
        return parts.flat();
      }),
  }),
).value;
const keyValue = fc
  .tuple(text, anyValue)
  .map(([key, value]) => [...stringField(1, key), ...lenField(2, value)]);
const unknownField = fc.oneof(
  fc.constant(varintField(99, 5)),
  fc.constant(fixed64Field(98, 1n)),
  fc.constant(stringField(97, 'x')),
  fc.constant([...tag(96, 5), 1, 2, 3, 4]),
);
const time = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  fc.bigInt({
    min: 1_600_000_000_000_000_000n,
    max: 1_800_000_000_000_000_000n,
  }),
  fc.constant(0n),
);
const spanField = fc.oneof(
  idBytes(16).map((b) => bytesField(1, b)),
  idBytes(8).map((b) => bytesField(2, b)),
  text.map((s) => stringField(3, s)),
  idBytes(8).map((b) => bytesField(4, b)),
  text.map((s) => stringField(5, s)),
  fc.integer({ min: -1, max: 7 }).map((k) => varintField(6, k)),
  time.map((t) => fixed64Field(7, t)),
  time.map((t) => fixed64Field(8, t)),
  keyValue.map((kv) => lenField(9, kv)),
  fc
    .tuple(
      fc.option(time, { nil: undefined }),
      text,
      fc.array(keyValue, { maxLength: 2 }),
    )
    .map(([t, name, attrs]) =>
      lenField(
        11,
        t === undefined ? [] : fixed64Field(1, t),
        stringField(2, name),
        ...attrs.map((kv) => lenField(3, kv)),
      ),
    ),
  fc
    .tuple(idBytes(16), idBytes(8), fc.array(keyValue, { maxLength: 1 }))
    .map(([t, s, attrs]) =>
      lenField(
        13,
        bytesField(1, t),
        bytesField(2, s),
        ...attrs.map((kv) => lenField(4, kv)),
      ),
    ),
  fc
    .tuple(fc.integer({ min: -1, max: 3 }), text)
    .map(([code, message]) =>
      lenField(15, varintField(3, code), stringField(2, message)),
    ),
  unknownField,
);
/** A span that decodes: ids and times present, then anything. */
const span = fc
  .tuple(
    idBytes(16),
    idBytes(8),
    time,
    time,
    fc.array(spanField, { maxLength: 12 }),
    fc.boolean(),
  )
  .map(([traceId, spanId, start, end, rest, idsLast]) => {
    const ids = [...bytesField(1, traceId), ...bytesField(2, spanId)];
    const times = [...fixed64Field(7, start), ...fixed64Field(8, end)];
    return idsLast
      ? [...rest.flat(), ...times, ...ids]
      : [...ids, ...times, ...rest.flat()];
  });
const scopeSpans = fc
  .tuple(fc.option(text, { nil: undefined }), fc.array(span, { maxLength: 4 }))
  .map(([scope, spans]) => [
    ...(scope === undefined ? [] : lenField(1, stringField(1, scope))),
    ...spans.flatMap((s) => lenField(2, s)),
  ]);
const resourceSpans = fc
  .tuple(
    fc.array(
      fc.oneof(
        keyValue,
        text.map((name) => [
          ...stringField(1, 'service.name'),
          ...lenField(2, stringField(1, name)),
        ]),
      ),
      { maxLength: 3 },
    ),
    fc.array(fc.tuple(fc.constantFrom(2, 2, 1000), scopeSpans), {
      maxLength: 3,
    }),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([attrs, scopes, resourceLast, noResource]) => {
    const resource = noResource
      ? []
      : lenField(1, ...attrs.map((kv) => lenField(1, kv)));
    const lists = scopes.flatMap(([field, s]) => lenField(field, s));
    return resourceLast ? [...lists, ...resource] : [...resource, ...lists];
  });
const request = fc
  .array(
    fc.oneof(
      resourceSpans.map((rs) => lenField(1, rs)),
      unknownField,
    ),
    {
      maxLength: 3,
    },
  )
  .map((parts) => Uint8Array.from(parts.flat()));

describe('decodeOtlpProtobufSpans on generated requests', () => {
  it('gives the spans, drops and warnings of the two-step decoder', () => {
    fc.assert(fc.property(request, expectSameAsTwoStep), { numRuns: 3000 });
  });

  it('gives the same errors when a generated request is cut or edited', () => {
    fc.assert(
      fc.property(
        request,
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (bytes, at, byte) => {
          if (bytes.length === 0) {
            return;
          }
          const cut = bytes.subarray(0, at % bytes.length);
          expectSameAsTwoStep(cut);
          const edited = bytes.slice();
          edited[at % bytes.length] = byte;
          expectSameAsTwoStep(edited);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('rejects AnyValue nesting past the limit, scalars included', () => {
    const nested = (levels: number): Bytes =>
      levels === 1
        ? varintField(3, 7)
        : lenField(
            6,
            lenField(1, stringField(1, 'k'), lenField(2, nested(levels - 1))),
          );
    const withAttribute = (value: Bytes): Uint8Array =>
      Uint8Array.from(
        lenField(
          1,
          lenField(
            2,
            lenField(
              2,
              bytesField(1, new Array<number>(16).fill(1)),
              bytesField(2, new Array<number>(8).fill(2)),
              fixed64Field(7, 1n),
              fixed64Field(8, 2n),
              lenField(9, stringField(1, 'a'), lenField(2, value)),
            ),
          ),
        ),
      );
    const fits = decodeOtlpProtobufSpans(
      withAttribute(nested(MAX_ANY_VALUE_DEPTH)),
    );
    expect(
      fits.ok && Object.keys(fits.value.spans[0]!.attributes),
    ).toHaveLength(1);
    const tooDeep = decodeOtlpProtobufSpans(
      withAttribute(nested(MAX_ANY_VALUE_DEPTH + 1)),
    );
    expect(tooDeep.ok ? '' : tooDeep.error.message).toMatch(/nested deeper/);
  });

  it('converts timestamps beyond 2^53 nanoseconds exactly to microseconds', () => {
    const at = (start: bigint, end: bigint): number[] => {
      const result = decodeOtlpProtobufSpans(
        Uint8Array.from(
          lenField(
            1,
            lenField(
              2,
              lenField(
                2,
                bytesField(1, new Array<number>(16).fill(1)),
                bytesField(2, new Array<number>(8).fill(2)),
                fixed64Field(7, start),
                fixed64Field(8, end),
              ),
            ),
          ),
        ),
      );
      const s = result.ok ? result.value.spans[0] : undefined;
      return s === undefined ? [] : [s.startMicros, s.durationMicros];
    };
    expect(
      at(1_700_000_000_123_456_789n, 1_700_000_001_123_457_999n),
    ).toStrictEqual([1_700_000_000_123_456, 1_000_001]);
    expect(at(2n ** 64n - 1n, 2n ** 64n - 1n)).toStrictEqual([
      Number((2n ** 64n - 1n) / 1000n),
      0,
    ]);
    expect(at(999n, 1999n)).toStrictEqual([0, 1]);
  });
});
