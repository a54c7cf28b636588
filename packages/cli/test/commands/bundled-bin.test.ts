/**
 * The command line users run: bin/pathprof.js, which runs the bundle that
 * `npm run build` makes (scripts/bundle-bin.mjs). Its answers must equal
 * the TypeScript sources' (the in-process harness): help, a golden report,
 * an input error, and a Jaeger file large enough for the worker threads,
 * whose code the bundle carries as an entry of its own.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { buildSeedDocument } from '../seed-shaped-document.js';

const BIN = resolve(import.meta.dirname, '../../bin/pathprof.js');
const FIXTURES = resolve(import.meta.dirname, '../../../../fixtures/traces');

async function runBin(
  argv: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [BIN, ...argv],
      { maxBuffer: 64 << 20 },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('bin/pathprof.js (the bundled CLI)', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pathprof-bin-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the same help as the sources', async () => {
    const bin = await runBin(['--help']);
    expect(bin.code).toBe(0);
    expect(bin.stdout).toContain('Usage: pathprof');
    expect(bin.stdout).toBe((await runCli(['--help'])).stdout);
  });

  it('writes the same report of a real trace file', async () => {
    const argv = [
      'analyze',
      join(FIXTURES, 'hotrod-jaeger-apiv3-getTrace.otlp.json'),
      '--critical-path',
      '--anomalies',
    ];
    const bin = await runBin(argv);
    const src = await runCli(argv);
    expect(bin.stderr).toBe('');
    expect(bin.code).toBe(0);
    expect(bin.stdout.length).toBeGreaterThan(100);
    expect(bin.stdout).toBe(src.stdout);
  });

  it('names the file and position of bad input, with exit code 1', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"data": [{"traceID": "ab", "spans": [}]}');
    const bin = await runBin(['analyze', file]);
    const src = await runCli(['analyze', file]);
    expect(bin.code).toBe(1);
    expect(bin.stderr).toContain('broken.json');
    expect(bin.stderr).toBe(src.stderr);
  });

  it('profiles a large Jaeger file on a worker thread as the sources do', async () => {
    const file = join(dir, 'large.jaeger.json');
    const doc = JSON.stringify(buildSeedDocument(4_000, 7));
    expect(doc.length).toBeGreaterThan(17 * 2 ** 20); // above PARALLEL_MIN_BYTES
    writeFileSync(file, doc);
    const argv = ['analyze', file, '--format', 'json', '--threads', '1'];
    const bin = await runBin(argv);
    expect(bin.stderr).toBe('');
    expect(bin.code).toBe(0);
    const report = JSON.parse(bin.stdout) as { totals: { traces: number } };
    expect(report.totals.traces).toBe(4_000);
    expect(bin.stdout).toBe((await runCli(argv)).stdout);
  }, 60_000);

  it('ends quietly when the reader closes the pipe early (`| head`)', async () => {
    const child = spawn(
      process.execPath,
      // every fixture's report as JSON: far more than a pipe holds
      [
        BIN,
        'analyze',
        ...readdirSync(FIXTURES)
          .filter((f) => f.endsWith('.json'))
          .map((f) => join(FIXTURES, f)),
        '--format',
        'json',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // read the first chunk, then close our end as `head` does
    await new Promise<void>((done) =>
      child.stdout.once('data', () => {
        child.stdout.destroy();
        done();
      }),
    );
    const code = await new Promise<number | null>((done) =>
      child.on('close', (c) => done(c)),
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
