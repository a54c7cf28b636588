/**
 * fast-check arbitraries that turn valid inputs into hostile ones, the way a
 * mutation fuzzer does: byte-level edits of valid messages (bit flips,
 * boundary bytes, truncation, insertion, deletion, duplication, splicing
 * two messages), random bytes, and for JSON structural edits — any value
 * replaced by one of another type, keys dropped or renamed (`__proto__`),
 * arrays grown, values nested thousands of levels deep — besides edits of
 * the text. Most inputs stay close to valid, so decoders get past their
 * first check and their deeper paths are exercised.
 */
import fc from 'fast-check';

/** Bytes that sit on varint, length and type boundaries. */
const BOUNDARY_BYTES = [
  0x00, 0x01, 0x02, 0x05, 0x07, 0x08, 0x0a, 0x0b, 0x0c, 0x0f, 0x12, 0x1a, 0x7f,
  0x80, 0x81, 0xfe, 0xff,
];

type ByteEdit =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'set'; readonly at: number; readonly value: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'repeat'; readonly at: number; readonly length: number }
  | { readonly kind: 'run'; readonly at: number; readonly length: number };

const byteEdit: fc.Arbitrary<ByteEdit> = fc.oneof(
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.nat(),
    bit: fc.integer({ min: 0, max: 7 }),
  }),
  fc.record({
    kind: fc.constant('set' as const),
    at: fc.nat(),
    value: fc.oneof(fc.constantFrom(...BOUNDARY_BYTES), fc.nat(255)),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 32 }),
  }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 64 }),
  }),
  fc.record({
    kind: fc.constant('run' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 10 }),
  }),
);

function applyEdit(bytes: Uint8Array, edit: ByteEdit): Uint8Array {
  const n = bytes.length;
  const at = n === 0 ? 0 : edit.at % (n + 1);
  const before = bytes.subarray(0, at);
  const after = bytes.subarray(at);
  switch (edit.kind) {
    case 'flip':
    case 'set': {
      if (n === 0) {
        return bytes;
      }
      const out = Uint8Array.from(bytes);
      const i = edit.at % n;
      out[i] = edit.kind === 'flip' ? out[i]! ^ (1 << edit.bit) : edit.value;
      return out;
    }
    case 'truncate':
      return before;
    case 'insert':
      return concat([before, edit.bytes, after]);
    case 'delete':
      return concat([before, after.subarray(edit.length)]);
    case 'repeat':
      return concat([before, after.subarray(0, edit.length), after]);
    case 'run':
      // a run of 0xff: a varint or a length that never ends, or a huge one
      return concat([before, new Uint8Array(edit.length).fill(0xff), after]);
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

/** Valid messages with 1–8 byte edits, random bytes, two messages spliced, and the valid messages themselves. */
export function fuzzedBytes(
  seeds: readonly Uint8Array[],
): fc.Arbitrary<Uint8Array> {
  const seed = fc.constantFrom(...seeds);
  return fc.oneof(
    {
      weight: 12,
      arbitrary: fc
        .tuple(seed, fc.array(byteEdit, { minLength: 1, maxLength: 8 }))
        .map(([s, edits]) => edits.reduce(applyEdit, s)),
    },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 2048 }) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(seed, seed, fc.nat(), fc.nat())
        .map(([a, b, i, j]) =>
          concat([
            a.subarray(0, i % (a.length + 1)),
            b.subarray(j % (b.length + 1)),
          ]),
        ),
    },
    { weight: 1, arbitrary: seed },
  );
}

/** A raw JSON text spliced into a document: what JSON.stringify cannot write (thousands of levels). */
class RawJson {
  constructor(readonly text: string) {}
}

/** `levels` nested values of one shape, as OTLP attribute values or plain arrays and objects. */
const deepNesting: fc.Arbitrary<RawJson> = fc
  .tuple(
    fc.constantFrom('kvlist', 'array', 'plain-array', 'plain-object'),
    fc.oneof(
      fc.integer({ min: 60, max: 70 }),
      fc.integer({ min: 500, max: 20_000 }),
    ),
  )
  .map(([shape, levels]) => {
    const [open, leaf, close] = {
      kvlist: [
        '{"kvlistValue":{"values":[{"key":"k","value":',
        '{"stringValue":"x"}',
        '}]}}',
      ],
      array: ['{"arrayValue":{"values":[', '{"intValue":"1"}', ']}}'],
      'plain-array': ['[', '1', ']'],
      'plain-object': ['{"a":', 'null', '}'],
    }[shape];
    return new RawJson(
      `${open!.repeat(levels)}${leaf!}${close!.repeat(levels)}`,
    );
  });

/** Values of every JSON type, the ones decoders treat specially, and deep nesting. */
const replacement: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom<unknown>(
      null,
      '',
      0,
      -1,
      1.5,
      1e308,
      -1e308,
      2 ** 53 + 2,
      true,
      false,
      [],
      {},
      [null],
      'NaN',
      'Infinity',
      '-1',
      '18446744073709551616',
      '99999999999999999999999',
      '0000000000000000',
      '00000000000000000000000000000000',
      'ffffffffffffffffffffffffffffffff',
      'not hex!',
      'AAAAAAAAAAA=',
      '__proto__',
      'SPAN_KIND_SERVER',
      'STATUS_CODE_ERROR',
      '\u0000',
      '\ud800',
      'x'.repeat(5000),
      { stringValue: 1 },
      { kvlistValue: { values: 'x' } },
      { arrayValue: { values: [{ kvlistValue: {} }] } },
      JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: deepNesting },
);

type JsonPath = readonly (string | number)[];

/** Every path into `value` (at most `limit`), parents before children. */
function pathsOf(value: unknown, limit = 4000): JsonPath[] {
  const out: JsonPath[] = [[]];
  const walk = (v: unknown, path: JsonPath): void => {
    if (
      out.length >= limit ||
      typeof v !== 'object' ||
      v === null ||
      v instanceof RawJson
    ) {
      return;
    }
    const entries: [string | number, unknown][] = Array.isArray(v)
      ? v.map((item, i) => [i, item])
      : Object.entries(v);
    for (const [k, child] of entries) {
      const p = [...path, k];
      out.push(p);
      walk(child, p);
    }
  };
  walk(value, []);
  return out;
}

type JsonEdit =
  | { readonly kind: 'replace'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'drop'; readonly at: number }
  | { readonly kind: 'rename'; readonly at: number; readonly name: string }
  | { readonly kind: 'grow'; readonly at: number; readonly times: number };

const jsonEdit: fc.Arbitrary<JsonEdit> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      at: fc.nat(),
      value: replacement,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('rename' as const),
      at: fc.nat(),
      name: fc.constantFrom('__proto__', 'constructor', '', 'spans', 'value'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('grow' as const),
      at: fc.nat(),
      times: fc.integer({ min: 2, max: 50 }),
    }),
  },
);

/** Applies the edit to a deep copy's node at a path chosen by `at`; the copy is returned. */
function applyJsonEdit(doc: unknown, edit: JsonEdit): unknown {
  const paths = pathsOf(doc);
  const path = paths[edit.at % paths.length]!;
  if (path.length === 0) {
    return edit.kind === 'replace' ? cloneJson(edit.value) : doc;
  }
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1]!;
  let parent = doc as Record<string | number, unknown>;
  for (const k of parentPath) {
    parent = parent[k] as Record<string | number, unknown>;
  }
  switch (edit.kind) {
    case 'replace':
      setOwn(parent, key, cloneJson(edit.value));
      break;
    case 'drop':
      if (Array.isArray(parent)) {
        parent.splice(key as number, 1);
      } else {
        delete parent[key];
      }
      break;
    case 'rename':
      if (!Array.isArray(parent)) {
        const value = parent[key];
        delete parent[key];
        setOwn(parent, edit.name, value);
      }
      break;
    case 'grow':
      if (Array.isArray(parent)) {
        const list = parent as unknown[];
        const item = list[key as number];
        list.splice(
          key as number,
          0,
          ...Array.from({ length: edit.times }, () => cloneJson(item)),
        );
      }
      break;
  }
  return doc;
}

/** A copy, so that later edits never change a shared replacement value. */
function cloneJson(value: unknown): unknown {
  if (value instanceof RawJson || typeof value !== 'object' || value === null) {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map(cloneJson);
  }
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    setOwn(out, k, cloneJson(v));
  }
  return out;
}

/** Assignment that keeps `__proto__` an own key, as JSON.parse makes it. */
function setOwn(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** JSON text of a document that may hold RawJson nodes. */
function writeJson(value: unknown): string {
  if (value instanceof RawJson) {
    return value.text;
  }
  if (Array.isArray(value)) {
    return `[${value.map(writeJson).join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * JSON texts close to the valid `seeds`: 1–4 structural edits, byte edits of
 * the text, the seeds themselves, and arbitrary JSON values.
 */
export function fuzzedJsonText(seeds: readonly string[]): fc.Arbitrary<string> {
  const seed = fc.constantFrom(...seeds);
  return fc.oneof(
    {
      weight: 10,
      arbitrary: fc
        .tuple(seed, fc.array(jsonEdit, { minLength: 1, maxLength: 4 }))
        .map(([text, edits]) =>
          writeJson(edits.reduce(applyJsonEdit, JSON.parse(text) as unknown)),
        ),
    },
    {
      weight: 3,
      arbitrary: fuzzedBytes(seeds.map((s) => Buffer.from(s))).map((b) =>
        Buffer.from(b).toString('utf8'),
      ),
    },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: seed },
  );
}
