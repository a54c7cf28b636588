import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type {
  OtlpAnyValue,
  OtlpExportTraceServiceRequest,
  OtlpKeyValue,
  OtlpSpan,
} from '@pathprof/model';
import {
  MAX_ANY_VALUE_DEPTH,
  decodeOtlpProtobuf,
} from '../../src/ingest/decode-otlp-protobuf.js';
import type { DecodeResult } from '../../src/ingest/decode-otlp-protobuf.js';

// Hand-written protobuf encoder for the cases the SDK cannot produce.
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

function tag(field: number, wire: number): Bytes {
  return varint((field << 3) | wire);
}

function lenField(field: number, ...parts: Bytes[]): Bytes {
  const payload = parts.flat();
  return [...tag(field, 2), ...varint(payload.length), ...payload];
}

function stringField(field: number, value: string): Bytes {
  return lenField(field, [...new TextEncoder().encode(value)]);
}

function varintField(field: number, value: number | bigint): Bytes {
  return [...tag(field, 0), ...varint(value)];
}

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

/** ExportTraceServiceRequest { resource_spans { scope_spans { spans: [span] } } } */
function requestWithSpan(...spanParts: Bytes[]): Uint8Array {
  return new Uint8Array(lenField(1, lenField(2, lenField(2, ...spanParts))));
}

function attributeField(
  field: number,
  key: string,
  ...valueParts: Bytes[]
): Bytes {
  return lenField(field, stringField(1, key), lenField(2, ...valueParts));
}

function mustDecode(bytes: Uint8Array): OtlpExportTraceServiceRequest {
  const result = decodeOtlpProtobuf(bytes);
  if (!result.ok) {
    throw new Error(
      `decode failed at ${result.error.offset}: ${result.error.message}`,
    );
  }
  return result.value;
}

function firstSpan(request: OtlpExportTraceServiceRequest): OtlpSpan {
  const span = request.resourceSpans?.[0]?.scopeSpans?.[0]?.spans?.[0];
  if (span === undefined) {
    throw new Error('no span decoded');
  }
  return span;
}

/** A rejection must come from a wire-format check, never from the decoder's last-resort catch. */
function expectDecodedOrRejected(bytes: Uint8Array): void {
  const result = decodeOtlpProtobuf(bytes);
  if (!result.ok) {
    expect(result.error.message).not.toMatch(/^cannot decode/);
    expect(result.error.offset).toBeGreaterThanOrEqual(0);
    expect(result.error.offset).toBeLessThanOrEqual(bytes.length);
  }
}

function decodeAttribute(...valueParts: Bytes[]): OtlpAnyValue | undefined {
  return firstSpan(
    mustDecode(requestWithSpan(attributeField(9, 'k', ...valueParts))),
  ).attributes?.[0]?.value;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const DROPPED_KEYS = new Set([
  'droppedAttributesCount',
  'droppedEventsCount',
  'droppedLinksCount',
  'flags',
  'schemaUrl',
]);
const OMITTED_WHEN_EMPTY = new Set([
  'attributes',
  'events',
  'links',
  'scopeSpans',
  'spans',
]);

/**
 * Maps the SDK's OTLP/JSON onto what protobuf can carry: no dropped counts, flags or schema
 * urls (not in our model), no link trace states, repeated fields absent when empty, empty
 * status messages absent, and int64 values as exact decimal strings.
 */
function normaliseJson(
  value: Json,
  key = '',
  parentKey = '',
): Json | undefined {
  if (Array.isArray(value)) {
    if (value.length === 0 && OMITTED_WHEN_EMPTY.has(key)) {
      return undefined;
    }
    return value.map((item) => normaliseJson(item, '', key) ?? null);
  }
  if (value === null || typeof value !== 'object') {
    if (key === 'intValue' && typeof value === 'number') {
      return BigInt(value).toString();
    }
    if (key === 'message' && value === '') {
      return undefined;
    }
    return value;
  }
  const out: { [key: string]: Json } = {};
  for (const [childKey, child] of Object.entries(value)) {
    if (
      DROPPED_KEYS.has(childKey) ||
      (parentKey === 'links' && childKey === 'traceState')
    ) {
      continue;
    }
    const normalised = normaliseJson(
      child,
      childKey,
      key === '' ? parentKey : key,
    );
    if (normalised !== undefined) {
      out[childKey] = normalised;
    }
  }
  return out;
}

/**
 * Spans built by the real OpenTelemetry JS SDK and serialised by its own OTLP serializers. The
 * script runs in a plain Node process: vitest starts workers with `--conditions module`, under
 * which Node resolves `@opentelemetry/api` to its bundler-only ESM build, which Node cannot load.
 */
function exportSdkSpans(): { protobuf: Uint8Array; json: Json } {
  const script = fileURLToPath(
    new URL('../fixtures/export-sdk-spans.mjs', import.meta.url),
  );
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const output = execFileSync(process.execPath, [script], {
    encoding: 'utf8',
    env,
  });
  const { protobufBase64, json } = JSON.parse(output) as {
    protobufBase64: string;
    json: string;
  };
  return {
    protobuf: new Uint8Array(Buffer.from(protobufBase64, 'base64')),
    json: normaliseJson(JSON.parse(json) as Json) ?? null,
  };
}

function topLevelFieldBoundaries(bytes: Uint8Array): Set<number> {
  const boundaries = new Set<number>([0]);
  let pos = 0;
  while (pos < bytes.length) {
    pos++;
    let length = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[pos++]!;
      length += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) {
        break;
      }
    }
    pos += length;
    boundaries.add(pos);
  }
  return boundaries;
}

describe('decodeOtlpProtobuf on bytes from the OpenTelemetry JS SDK', () => {
  const { protobuf, json } = exportSdkSpans();

  it('decodes the same content as the SDK serialises to OTLP/JSON', () => {
    const decoded = mustDecode(protobuf);
    const spans = decoded.resourceSpans?.flatMap((r) =>
      r.scopeSpans?.flatMap((s) => s.spans),
    );
    expect(spans).toHaveLength(5);
    expect(decoded).toStrictEqual(json);
  });

  it('keeps nanosecond timestamps beyond 2^53 exact', () => {
    const decoded = mustDecode(protobuf);
    const all = decoded.resourceSpans!.flatMap((r) =>
      r.scopeSpans!.flatMap((s) => s.spans!),
    );
    const query = all.find((span) => span.name === 'SELECT orders');
    expect(query?.startTimeUnixNano).toBe('1700000000500000000');
    expect(query?.endTimeUnixNano).toBe('1700000001999999999');
    expect(all.find((span) => span.name === 'publish')?.startTimeUnixNano).toBe(
      '4102444800000000001',
    );
  });

  it('decodes ids as lowercase hex and the inherited trace state', () => {
    const root = mustDecode(protobuf)
      .resourceSpans!.flatMap((r) => r.scopeSpans!.flatMap((s) => s.spans!))
      .find((span) => span.name === 'GET /checkout');
    expect(root).toMatchObject({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      parentSpanId: 'b7ad6b7169203331',
      traceState: 'pathprof=a1,congo=t61rcWkgMzE',
      kind: 2,
      status: { code: 2 },
    });
    expect(root?.spanId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('returns an error or a prefix of the resources when truncated at any byte', () => {
    const boundaries = topLevelFieldBoundaries(protobuf);
    const full = mustDecode(protobuf);
    for (let length = 0; length < protobuf.length; length++) {
      const result = decodeOtlpProtobuf(protobuf.subarray(0, length));
      if (boundaries.has(length)) {
        expect(result.ok, `length ${length}`).toBe(true);
        const resourceSpans = result.ok ? result.value.resourceSpans : [];
        expect(
          full.resourceSpans?.slice(0, resourceSpans?.length),
        ).toStrictEqual(resourceSpans);
      } else {
        expect(result.ok, `length ${length}`).toBe(false);
        if (!result.ok) {
          expect(result.error.offset).toBeGreaterThanOrEqual(0);
          expect(result.error.offset).toBeLessThanOrEqual(length);
        }
      }
    }
  });

  it('rejects or decodes a real message with overwritten bytes, never throwing', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.nat(protobuf.length - 1),
            fc.integer({ min: 0, max: 255 }),
          ),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        (edits) => {
          const bytes = protobuf.slice();
          for (const [pos, byte] of edits) {
            bytes[pos] = byte;
          }
          expectDecodedOrRejected(bytes);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('decodes a message inside a larger buffer at a non-zero byte offset', () => {
    const padded = new Uint8Array(protobuf.length + 13);
    padded.set(protobuf, 5);
    expect(mustDecode(padded.subarray(5, 5 + protobuf.length))).toStrictEqual(
      mustDecode(protobuf),
    );
  });
});

describe('decodeOtlpProtobuf on hand-built messages', () => {
  it('returns no resource spans for empty input', () => {
    expect(decodeOtlpProtobuf(new Uint8Array(0))).toStrictEqual({
      ok: true,
      value: { resourceSpans: [] },
    });
  });

  it('omits empty ids and keeps fields the sender set', () => {
    const span = firstSpan(
      mustDecode(
        requestWithSpan(
          lenField(1),
          lenField(2, [1, 2, 3, 4, 5, 6, 7, 0xab]),
          lenField(4),
          stringField(5, 'op'),
          varintField(6, 3),
        ),
      ),
    );
    expect(span).toStrictEqual({
      spanId: '01020304050607ab',
      name: 'op',
      kind: 3,
    });
  });

  it('decodes every AnyValue type', () => {
    expect(decodeAttribute(stringField(1, 'x'))).toStrictEqual({
      stringValue: 'x',
    });
    expect(decodeAttribute(varintField(2, 1))).toStrictEqual({
      boolValue: true,
    });
    expect(decodeAttribute(varintField(2, 0))).toStrictEqual({
      boolValue: false,
    });
    expect(decodeAttribute(varintField(2, 2n ** 40n))).toStrictEqual({
      boolValue: true,
    });
    expect(decodeAttribute(varintField(3, -1))).toStrictEqual({
      intValue: '-1',
    });
    expect(decodeAttribute(doubleField(4, -0.5))).toStrictEqual({
      doubleValue: -0.5,
    });
    expect(
      decodeAttribute(lenField(7, [0xde, 0xad, 0xbe, 0xef])),
    ).toStrictEqual({
      bytesValue: '3q2+7w==',
    });
    expect(decodeAttribute(lenField(5))).toStrictEqual({
      arrayValue: { values: [] },
    });
    expect(
      decodeAttribute(
        lenField(5, lenField(1, stringField(1, 'a')), lenField(1), lenField(1)),
      ),
    ).toStrictEqual({ arrayValue: { values: [{ stringValue: 'a' }, {}, {}] } });
    expect(
      decodeAttribute(
        lenField(
          6,
          lenField(1, stringField(1, 'inner'), lenField(2, varintField(3, 7))),
        ),
      ),
    ).toStrictEqual({
      kvlistValue: { values: [{ key: 'inner', value: { intValue: '7' } }] },
    });
    expect(decodeAttribute()).toStrictEqual({});
  });

  it('decodes many short strings that share prefixes and bytes correctly', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', 'b', 'é', '東', '🚀', '\u0000'),
      maxLength: 12,
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(text, text), { maxLength: 400 }),
        (pairs) => {
          const span = firstSpan(
            mustDecode(
              requestWithSpan(
                ...pairs.map(([key, value]) =>
                  attributeField(9, key, stringField(1, value)),
                ),
              ),
            ),
          );
          expect(span.attributes ?? []).toStrictEqual(
            pairs.map(([key, value]) => ({
              key,
              value: { stringValue: value },
            })),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('does not mistake a string for a longer cached one whose bytes it starts with', () => {
    // "é" + id + "A" is 1 character shorter than its byte length, and that length is the byte
    // length of "é" + id: a cache keyed on string length would answer the second with the first.
    const values = Array.from({ length: 4000 }, (_, i) => {
      const longer = `é${i.toString(36)}A`;
      return [longer, longer.slice(0, -1)];
    }).flat();
    const span = firstSpan(
      mustDecode(
        requestWithSpan(
          ...values.map((value) =>
            attributeField(9, 'k', stringField(1, value)),
          ),
        ),
      ),
    );
    expect(span.attributes?.map((kv) => kv.value?.stringValue)).toStrictEqual(
      values,
    );
  });

  it('encodes bytes values as padded standard base64', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(decodeAttribute(lenField(7, [...bytes]))).toStrictEqual({
          bytesValue: Buffer.from(bytes).toString('base64'),
        });
      }),
    );
  });

  it('decodes int64 values exactly, negative ones from two’s complement', () => {
    const int64 = fc.oneof(
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.constantFrom(
        0n,
        -1n,
        2n ** 53n,
        2n ** 53n + 1n,
        -(2n ** 63n),
        2n ** 63n - 1n,
      ),
    );
    fc.assert(
      fc.property(int64, (value) => {
        expect(decodeAttribute(varintField(3, value))).toStrictEqual({
          intValue: value.toString(),
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes fixed64 timestamps exactly over the whole uint64 range', () => {
    const uint64 = fc.oneof(
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      fc.constantFrom(
        0n,
        2n ** 53n - 1n,
        2n ** 53n,
        10n ** 19n,
        2n ** 64n - 1n,
      ),
    );
    fc.assert(
      fc.property(uint64, (value) => {
        const span = firstSpan(
          mustDecode(requestWithSpan(fixed64Field(7, value))),
        );
        expect(span.startTimeUnixNano).toBe(value.toString());
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts the deprecated instrumentation_library_spans field', () => {
    const bytes = new Uint8Array(
      lenField(
        1,
        lenField(
          1,
          attributeField(1, 'service.name', stringField(1, 'legacy')),
        ),
        lenField(
          1000,
          lenField(1, stringField(1, 'old-lib'), stringField(2, '0.9')),
          lenField(2, stringField(5, 'legacy-op')),
        ),
      ),
    );
    expect(mustDecode(bytes)).toStrictEqual({
      resourceSpans: [
        {
          resource: {
            attributes: [
              { key: 'service.name', value: { stringValue: 'legacy' } },
            ],
          },
          instrumentationLibrarySpans: [
            {
              scope: { name: 'old-lib', version: '0.9' },
              spans: [{ name: 'legacy-op' }],
            },
          ],
        },
      ],
    });
  });

  it('decodes events, links and status', () => {
    const span = firstSpan(
      mustDecode(
        requestWithSpan(
          lenField(
            11,
            fixed64Field(1, 5n),
            stringField(2, 'ev'),
            attributeField(3, 'a', varintField(3, 1)),
          ),
          lenField(
            13,
            lenField(1, new Array<number>(16).fill(0xaa)),
            lenField(2, new Array<number>(8).fill(0xbb)),
            stringField(3, 'link=state'),
            attributeField(4, 'b', stringField(1, 'c')),
            [...tag(6, 5), 1, 1, 0, 0],
          ),
          lenField(15, stringField(2, 'bad'), varintField(3, 2)),
        ),
      ),
    );
    expect(span).toStrictEqual({
      events: [
        {
          timeUnixNano: '5',
          name: 'ev',
          attributes: [{ key: 'a', value: { intValue: '1' } }],
        },
      ],
      links: [
        {
          traceId: 'aa'.repeat(16),
          spanId: 'bb'.repeat(8),
          attributes: [{ key: 'b', value: { stringValue: 'c' } }],
        },
      ],
      status: { code: 2, message: 'bad' },
    });
  });

  it('merges repeated singular messages and lets the last oneof field win', () => {
    const span = firstSpan(
      mustDecode(
        requestWithSpan(
          lenField(15, stringField(2, 'first')),
          lenField(15, varintField(3, 1)),
          attributeField(9, 'k', stringField(1, 'x'), varintField(3, 5)),
        ),
      ),
    );
    expect(span.status).toStrictEqual({ code: 1, message: 'first' });
    expect(span.attributes).toStrictEqual([
      { key: 'k', value: { intValue: '5' } },
    ]);
  });

  it('skips unknown fields of every wire type at every level', () => {
    const unknown = [
      ...varintField(99, 2n ** 63n),
      ...fixed64Field(98, 1n),
      ...stringField(97, 'ignored'),
      ...tag(96, 5),
      ...[1, 2, 3, 4],
      ...tag(95, 3),
      ...varintField(1, 1),
      ...tag(94, 3),
      ...stringField(2, 'nested'),
      ...tag(94, 4),
      ...tag(95, 4),
    ];
    const withUnknown = new Uint8Array([
      ...unknown,
      ...lenField(
        1,
        unknown,
        lenField(
          1,
          unknown,
          attributeField(1, 'r', unknown, stringField(1, 'v')),
        ),
        lenField(
          2,
          unknown,
          lenField(1, unknown, stringField(1, 'scope')),
          lenField(
            2,
            unknown,
            stringField(5, 'op'),
            attributeField(
              9,
              'a',
              lenField(5, unknown, lenField(1, unknown, varintField(2, 1))),
            ),
            lenField(15, unknown, varintField(3, 2)),
          ),
        ),
      ),
    ]);
    expect(mustDecode(withUnknown)).toStrictEqual({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'r', value: { stringValue: 'v' } }] },
          scopeSpans: [
            {
              scope: { name: 'scope' },
              spans: [
                {
                  name: 'op',
                  attributes: [
                    {
                      key: 'a',
                      value: { arrayValue: { values: [{ boolValue: true }] } },
                    },
                  ],
                  status: { code: 2 },
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it('allows AnyValue nesting up to the depth limit and rejects one level more', () => {
    const nested = (levels: number): Bytes =>
      levels === 1
        ? stringField(1, 'leaf')
        : lenField(5, lenField(1, nested(levels - 1)));
    expect(
      decodeOtlpProtobuf(
        requestWithSpan(attributeField(9, 'k', nested(MAX_ANY_VALUE_DEPTH))),
      ).ok,
    ).toBe(true);
    const tooDeep = decodeOtlpProtobuf(
      requestWithSpan(attributeField(9, 'k', nested(MAX_ANY_VALUE_DEPTH + 1))),
    );
    expect(tooDeep.ok ? '' : tooDeep.error.message).toBe(
      `AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`,
    );
  });

  it('rejects hostile kvlist nesting thousands of levels deep without overflowing the stack', () => {
    const leaf = stringField(1, 'leaf');
    const headers: Bytes[] = [];
    let valueLength = leaf.length;
    for (let level = 0; level < 10_000; level++) {
      const keyValueHead = [
        ...stringField(1, 'k'),
        ...tag(2, 2),
        ...varint(valueLength),
      ];
      const keyValueLength = keyValueHead.length + valueLength;
      const listHead = [...tag(1, 2), ...varint(keyValueLength)];
      const header = [
        ...tag(6, 2),
        ...varint(listHead.length + keyValueLength),
        ...listHead,
        ...keyValueHead,
      ];
      headers.push(header);
      valueLength += header.length;
    }
    const value = [...headers.reverse().flat(), ...leaf];
    const result = decodeOtlpProtobuf(
      requestWithSpan(attributeField(9, 'k', value)),
    );
    expect(result.ok ? '' : result.error.message).toMatch(/nested deeper/);
  });
});

describe('decodeOtlpProtobuf on malformed input', () => {
  function expectError(
    bytes: Bytes | Uint8Array,
    offset: number,
    message: RegExp,
  ): void {
    const result: DecodeResult = decodeOtlpProtobuf(Uint8Array.from(bytes));
    expect(result).toMatchObject({ ok: false, error: { offset } });
    expect(result.ok ? '' : result.error.message).toMatch(message);
  }

  it('rejects a length prefix larger than the buffer', () => {
    expectError([0x0a, 0x05, 0x00], 1, /length 5 exceeds/);
  });

  it('rejects a length prefix larger than the enclosing message', () => {
    expectError([0x0a, 0x02, 0x12, 0x05, 0, 0, 0, 0, 0], 3, /length 5 exceeds/);
  });

  it('rejects a length prefix of 2^32 or more', () => {
    expectError([0x0a, 0x80, 0x80, 0x80, 0x80, 0x10], 1, /length out of range/);
  });

  it('rejects a known field with the wrong wire type', () => {
    expectError(varintField(1, 1), 0, /field 1 has wire type 0, expected 2/);
    const span = requestWithSpan(varintField(7, 1));
    expectError(span, 6, /field 7 has wire type 0, expected 1/);
  });

  it('rejects wire types 6 and 7 and a stray end of group', () => {
    expectError(tag(5, 6), 0, /wire type 6/);
    expectError(tag(5, 7), 0, /wire type 7/);
    expectError(tag(5, 4), 0, /wire type 4/);
  });

  it('rejects mismatched and unterminated groups', () => {
    expectError([...tag(5, 3), ...tag(6, 4)], 1, /end of group 6/);
    expectError([...tag(5, 3), ...varintField(1, 1)], 3, /truncated varint/);
  });

  it('rejects field number zero', () => {
    expectError([0x02, 0x00], 0, /field number 0/);
  });

  it('rejects truncated and overlong varints', () => {
    expectError([0x10, 0x80], 2, /truncated varint/);
    expectError(
      [0x10, ...new Array<number>(10).fill(0xff), 0x01],
      1,
      /longer than 10 bytes/,
    );
  });

  it('rejects a truncated fixed64', () => {
    expectError([...tag(9, 1), 1, 2, 3], 1, /truncated fixed64/);
  });

  it('rejects or decodes random bytes, never throwing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        expectDecodedOrRejected(bytes);
      }),
      { numRuns: 20_000 },
    );
  });

  it('rejects or decodes random nestings of valid and broken fields, never throwing', () => {
    const field: fc.Arbitrary<Bytes> = fc.letrec<{ field: Bytes }>((tie) => ({
      field: fc.oneof(
        { depthSize: 'small' },
        fc
          .tuple(
            fc.integer({ min: 1, max: 20 }),
            fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
          )
          .map(([n, v]) => varintField(n, v)),
        fc
          .tuple(
            fc.integer({ min: 1, max: 20 }),
            fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
          )
          .map(([n, v]) => fixed64Field(n, v)),
        fc
          .tuple(
            fc.integer({ min: 1, max: 20 }),
            fc.array(tie('field'), { maxLength: 4 }),
          )
          .map(([n, parts]) => lenField(n, ...parts)),
        fc
          .tuple(
            fc.integer({ min: 1, max: 20 }),
            fc.integer({ min: 0, max: 7 }),
          )
          .map(([n, w]) => tag(n, w)),
      ),
    })).field;
    fc.assert(
      fc.property(fc.array(field, { maxLength: 6 }), (fields) => {
        expectDecodedOrRejected(Uint8Array.from(fields.flat()));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('decodeOtlpProtobuf output shape', () => {
  it('produces plain JSON-compatible objects', () => {
    const request = mustDecode(
      requestWithSpan(
        stringField(5, 'op'),
        attributeField(9, 'k', doubleField(4, 1.5)),
      ),
    );
    const attributes: OtlpKeyValue[] | undefined =
      firstSpan(request).attributes;
    expect(JSON.parse(JSON.stringify(request))).toStrictEqual(request);
    expect(attributes).toStrictEqual([
      { key: 'k', value: { doubleValue: 1.5 } },
    ]);
  });
});
