import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonSplitter } from '../../src/readers/json-splitter.js';

/**
 * The splitter against JSON.parse: whatever the document and however the
 * bytes are cut into chunks, the values it hands out are exactly the elements
 * of the trace-carrying arrays (or the whole document), in order, and each
 * value's offset points at its own text in the stream.
 */

type Json = fc.JsonValue;

/** A document as the splitter meets it, and the values it must hand out. */
interface Case {
  readonly document: Json;
  readonly expected: readonly Json[];
}

// trace-carrying arrays hold objects (traces, resource spans) or arrays
const element = fc.oneof(
  fc.dictionary(
    fc.string({ maxLength: 6, unit: 'grapheme' }),
    fc.jsonValue({ maxDepth: 2, stringUnit: 'grapheme' }),
    {
      maxKeys: 4,
    },
  ),
  fc.array(fc.jsonValue({ maxDepth: 2, stringUnit: 'grapheme' }), {
    maxLength: 3,
  }),
);
const elements = fc.array(element, { maxLength: 6 });
const otherKeys = fc.dictionary(
  fc
    .string({ maxLength: 6, unit: 'grapheme' })
    .filter((key) => !SPLIT_KEYS.has(key)),
  fc.jsonValue({ maxDepth: 2, stringUnit: 'grapheme' }),
  { maxKeys: 3 },
);
const SPLIT_KEYS = new Set(['data', 'resourceSpans', 'batches', 'result']);

const cases: fc.Arbitrary<Case> = fc.oneof(
  elements.map((items) => ({ document: items, expected: items })),
  ...(['data', 'resourceSpans', 'batches'] as const).map((key) =>
    fc.tuple(elements, otherKeys).map(([items, rest]) => ({
      document: { ...rest, [key]: items },
      expected: items,
    })),
  ),
  fc.tuple(elements, otherKeys).map(([items, rest]) => ({
    document: { ...rest, result: { resourceSpans: items } },
    expected: items,
  })),
  // an object with none of those keys is one value, whole
  otherKeys
    .filter((rest) => Object.keys(rest).length > 0)
    .map((rest) => ({ document: rest, expected: [rest] })),
);

/** JSON text with the spacing JSON.stringify gives for the indent. */
const texts = fc
  .tuple(fc.array(cases, { minLength: 1, maxLength: 3 }), fc.constantFrom(0, 2))
  .map(([documents, indent]) => ({
    text: documents
      .map((c) => JSON.stringify(c.document, null, indent))
      .join('\n'),
    // through JSON text and back, as the splitter's values are: -0 is written as 0
    expected: JSON.parse(
      JSON.stringify(documents.flatMap((c) => c.expected)),
    ) as Json[],
  }));

function splitInChunks(
  bytes: Uint8Array,
  cuts: readonly number[],
): { texts: string[]; offsets: number[] } {
  const splitter = new JsonSplitter();
  const out = { texts: [] as string[], offsets: [] as number[] };
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    for (const value of splitter.push(bytes.subarray(start, cut))) {
      out.texts.push(value.text);
      out.offsets.push(value.offset);
    }
    start = cut;
  }
  splitter.end();
  return out;
}

describe('JsonSplitter against JSON.parse', () => {
  it('hands out the same values as JSON.parse, at any chunk boundaries, with offsets that point at them', () => {
    fc.assert(
      fc.property(
        texts,
        fc.array(fc.nat(), { maxLength: 12 }),
        ({ text, expected }, rawCuts) => {
          const bytes = new TextEncoder().encode(text);
          const cuts = [...new Set(rawCuts.map((n) => n % (bytes.length + 1)))]
            .filter((n) => n > 0)
            .sort((a, b) => a - b);
          const out = splitInChunks(bytes, cuts);
          expect(out.texts.map((t) => JSON.parse(t) as Json)).toEqual(expected);
          const decoder = new TextDecoder();
          out.texts.forEach((valueText, i) => {
            const length = new TextEncoder().encode(valueText).length;
            const offset = out.offsets[i]!;
            expect(
              decoder.decode(bytes.subarray(offset, offset + length)),
            ).toBe(valueText);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
