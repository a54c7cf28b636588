/**
 * Reading `data` arrays in slices (on the reading thread here) gives the
 * sink the traces one thread gives it, in the same order, whatever the
 * layout: documents in a row, cut points that are not elements, documents
 * without cut points; and a broken document fails as it does on one thread.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  ANALYSIS_PROJECTION,
  KEY_BY_SERVICE_AND_OPERATION,
} from '@pathprof/engine';
import { ParallelProfiling, readTraces, SourceError } from '@pathprof/sources';
import { generateSeedTraces } from '../../../../bench/seed-shaped-traces.mjs';

const PROFILER = {
  pathKey: KEY_BY_SERVICE_AND_OPERATION,
  keepProxies: false,
} as const;

interface Seen {
  readonly traces: string[];
  warnings: number;
}

async function readAll(
  text: string,
  sliced: boolean,
  chunkBytes = 700,
): Promise<Seen> {
  const seen: Seen = { traces: [], warnings: 0 };
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkBytes) {
    chunks.push(bytes.subarray(i, i + chunkBytes));
  }
  const parallel = sliced
    ? new ParallelProfiling({
        threads: 0,
        sliceBytes: 1500,
        profiler: PROFILER,
      })
    : undefined;
  await readTraces(
    'doc.json',
    Readable.from(chunks),
    {
      trace: (id, spans) =>
        seen.traces.push(`${id}:${spans.length}:${spans[0]!.operation}`),
      warning: () => seen.warnings++,
    },
    {
      projection: ANALYSIS_PROJECTION,
      ...(parallel === undefined ? {} : { parallel }),
    },
  );
  return seen;
}

const seedTraces = (n: number, seed: number): unknown[] => [
  ...generateSeedTraces({ traces: n, seed }),
];
const doc = (traces: readonly unknown[], sep = ',\n'): string =>
  `{"data":[\n${traces.map((t) => JSON.stringify(t)).join(sep)}\n],"total":${traces.length},"errors":null}`;

describe('reading data arrays in slices', () => {
  it('gives the traces one thread gives, in order, for documents in a row', async () => {
    const text = [
      doc(seedTraces(12, 1)),
      doc(seedTraces(1, 2)),
      doc([]),
      doc(seedTraces(9, 3), ','),
    ].join('\n');
    const plain = await readAll(text, false);
    expect(plain.traces).toHaveLength(22);
    for (const chunkBytes of [97, 700, 1 << 16]) {
      expect(await readAll(text, true, chunkBytes)).toEqual(plain);
    }
  });

  it('reads on through a cut point that is not an element of the array', async () => {
    const traces = seedTraces(10, 4) as Record<string, unknown>[];
    // an extra member holding what looks like a trace, after a comma
    traces[3] = {
      ...traces[3],
      extra: [1, { traceID: 'abc', spans: [] }, 2],
    };
    const text = doc(traces);
    expect(await readAll(text, true)).toEqual(await readAll(text, false));
  });

  it('reads documents without cut points (keys in another order) on one thread', async () => {
    const traces = seedTraces(8, 5).map((t) => {
      const { traceID, ...rest } = t as Record<string, unknown>;
      return { ...rest, traceID };
    });
    const text = doc(traces);
    const plain = await readAll(text, false);
    expect(plain.traces).toHaveLength(8);
    expect(await readAll(text, true)).toEqual(plain);
  });

  it('fails on a broken document as one thread does, at the same offset', async () => {
    const text = doc(seedTraces(10, 6));
    const cases = [
      text.slice(0, text.length - 30),
      text.replace('"spans":[', '"spans":[tru,'),
      `${text.slice(0, text.lastIndexOf(']'))}`,
    ];
    for (const broken of cases) {
      const errorOf = async (sliced: boolean): Promise<SourceError> =>
        readAll(broken, sliced).then(
          () => {
            throw new Error('expected an error');
          },
          (err: unknown) => err as SourceError,
        );
      const one = await errorOf(false);
      const sliced = await errorOf(true);
      expect(one).toBeInstanceOf(SourceError);
      expect(sliced.message).toBe(one.message);
      expect(sliced.offset).toBe(one.offset);
    }
  });
});
