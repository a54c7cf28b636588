/**
 * The parallel, byte-level path (worker threads decoding Jaeger traces from
 * their bytes, profiles merged) reports as the plain path (JSON.parse of the
 * whole document, the object decoder, one profiler) on random inputs written
 * as odd but valid JSON, to the bit: counts, quantiles, means and standard
 * deviations (from exactly kept sums), the anomalous traces, exemplars,
 * shapes. The workers
 * run the built code (`npm run build`).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANALYSIS_PROJECTION,
  decodeJaegerTrace,
  KEY_BY_SERVICE_AND_OPERATION,
  PathProfiler,
} from '@pathprof/engine';
import type { AnalysisReport, JaegerTrace } from '@pathprof/model';
import { ParallelProfiling, readTraces, SourceError } from '@pathprof/sources';
import { generateSeedTraces } from '../../../../bench/seed-shaped-traces.mjs';
import { writeOddJson } from '../../../engine/test/ingest/odd-json.js';

const execFileAsync = promisify(execFile);

const PROFILER = {
  pathKey: KEY_BY_SERVICE_AND_OPERATION,
  keepProxies: false,
} as const;

/** A `{"data":[…]}` document; each trace written plainly or oddly. */
function writeDocument(
  traces: readonly unknown[],
  odd: readonly boolean[],
  choose: (n: number) => number,
): string {
  const parts = traces.map((t, i) =>
    odd[i] === true ? writeOddJson(t, choose) : JSON.stringify(t),
  );
  return `{"data":[\n${parts.join(',\n')}\n],"total":0,"errors":null}`;
}

function plainReports(text: string): AnalysisReport[] {
  const profiler = new PathProfiler(PROFILER);
  for (const trace of (JSON.parse(text) as { data: JaegerTrace[] }).data) {
    const decoded = decodeJaegerTrace(trace);
    decoded.warnings.forEach((w) => profiler.addWarning(w));
    if (decoded.spans.length > 0) {
      profiler.addTrace(decoded.spans[0]!.traceId, decoded.spans);
    }
  }
  return reportsOf(profiler);
}

async function parallelReports(
  text: string,
  chunkBytes: number,
): Promise<{ reports: AnalysisReport[]; threads: number }> {
  const profiler = new PathProfiler(PROFILER);
  const parallel = new ParallelProfiling({
    threads: 2,
    startAfterBytes: 0,
    sliceBytes: 4096,
    profiler: PROFILER,
  });
  try {
    await readTraces(
      'doc.json',
      chunked(text, chunkBytes),
      {
        trace: (id, spans) => profiler.addTrace(id, spans),
        warning: (w) => profiler.addWarning(w),
      },
      { projection: ANALYSIS_PROJECTION, parallel },
    );
    const threads = parallel.threads;
    const fromWorkers = await parallel.finish();
    if (fromWorkers !== undefined) {
      profiler.merge(fromWorkers);
    }
    return { reports: reportsOf(profiler), threads };
  } finally {
    await parallel.close();
  }
}

function chunked(text: string, size: number): Readable {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    chunks.push(bytes.subarray(i, i + size));
  }
  return Readable.from(chunks);
}

function reportsOf(p: PathProfiler): AnalysisReport[] {
  return (['path', 'shape', 'hop'] as const).map((groupBy) =>
    p.report({ groupBy, anomalies: true }),
  );
}

/** Every difference between two reports, to the bit (means and deviations come from exact sums, so a split cannot change them). */
function differences(a: unknown, b: unknown, where = ''): string[] {
  if (
    typeof a === 'object' &&
    a !== null &&
    typeof b === 'object' &&
    b !== null
  ) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) =>
      differences(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${where}.${k}`,
      ),
    );
  }
  return Object.is(a, b) ? [] : [`${where}: ${String(a)} vs ${String(b)}`];
}

describe('profiling on worker threads', () => {
  it('reports as the plain path on random documents written as odd but valid JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 40, max: 120 }),
        fc.array(fc.boolean(), { minLength: 160, maxLength: 160 }),
        fc.infiniteStream(fc.nat()),
        fc.integer({ min: 512, max: 1 << 16 }),
        async (seed, count, odd, randomness, chunkBytes) => {
          const traces = [
            ...generateSeedTraces({ traces: count, seed, outlierRate: 0.05 }),
          ];
          const it = randomness[Symbol.iterator]();
          const text = writeDocument(traces, odd, (n) => it.next().value % n);
          const got = await parallelReports(text, chunkBytes);
          expect(got.threads).toBe(2);
          expect(differences(got.reports, plainReports(text))).toEqual([]);
        },
      ),
      { numRuns: 5 },
    );
  }, 180_000);

  it('names the file and byte offset of the first bad trace, as one thread does', async () => {
    const traces = [...generateSeedTraces({ traces: 60, seed: 3 })];
    const good = writeDocument(traces, [], () => 0);
    const at = good.indexOf('{"traceID"', good.length / 2);
    const bad = `${good.slice(0, at)}{"traceID":tru}${good.slice(good.indexOf('\n', at))}`;
    const errorOf = async (threads: number): Promise<SourceError> => {
      const parallel = new ParallelProfiling({
        threads,
        startAfterBytes: 0,
        sliceBytes: 4096,
        profiler: PROFILER,
      });
      try {
        await readTraces(
          'bad.json',
          chunked(bad, 1000),
          { trace: () => undefined, warning: () => undefined },
          { projection: ANALYSIS_PROJECTION, parallel },
        );
        await parallel.finish();
      } catch (err) {
        return err as SourceError;
      } finally {
        await parallel.close();
      }
      throw new Error('expected an error');
    };
    const one = await errorOf(0);
    const two = await errorOf(2);
    expect(one).toBeInstanceOf(SourceError);
    expect(one.message).toMatch(
      /^bad\.json: malformed JSON .* at byte offset \d+$/s,
    );
    expect(two.message).toBe(one.message);
    expect(two.offset).toBe(one.offset);
    expect(one.offset).toBeLessThanOrEqual(Buffer.byteLength(bad.slice(0, at)));
  });
});

describe('worker threads under Node options a worker refuses', () => {
  it('still start when the process runs with a V8 flag (--max-semi-space-size)', async () => {
    // Node refuses V8 flags in a worker's execArgv; the pool must not pass them on
    const dist = new URL('../../dist/index.js', import.meta.url).href;
    const engine = new URL('../../../engine/dist/index.js', import.meta.url)
      .href;
    const traces = [...generateSeedTraces({ traces: 40, seed: 3 })];
    const dir = await mkdtemp(join(tmpdir(), 'pool-v8-flag-'));
    const file = join(dir, 'doc.json');
    await writeFile(file, JSON.stringify({ data: traces }));
    const script = `
      import { createReadStream } from 'node:fs';
      import { ANALYSIS_PROJECTION, KEY_BY_SERVICE_AND_OPERATION, PathProfiler } from ${JSON.stringify(engine)};
      import { ParallelProfiling, readTraces } from ${JSON.stringify(dist)};
      const settings = { pathKey: KEY_BY_SERVICE_AND_OPERATION, keepProxies: false };
      const parallel = new ParallelProfiling({ threads: 1, startAfterBytes: 0, sliceBytes: 4096, profiler: settings });
      const profiler = new PathProfiler(settings);
      await readTraces('doc.json', createReadStream(process.argv[2]), {
        trace: (id, spans) => profiler.addTrace(id, spans),
        warning: () => {},
      }, { projection: ANALYSIS_PROJECTION, parallel });
      const threads = parallel.threads;
      profiler.merge(await parallel.finish());
      process.stdout.write(JSON.stringify({ threads, traces: profiler.report({ groupBy: 'path' }).totals.traces }));
    `;
    const main = join(dir, 'main.mjs');
    await writeFile(main, script);
    try {
      const { stdout } = await execFileAsync(process.execPath, [
        '--max-semi-space-size=16',
        main,
        file,
      ]);
      expect(JSON.parse(stdout)).toEqual({ threads: 1, traces: 40 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
