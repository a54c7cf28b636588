/**
 * The README's main command, end to end and in-process: `pathprof demo
 * --once --format json` starts the collector on the embedded store and the
 * multi-svc showcase exporting to it, drives load, and prints a report that
 * holds exactly the seed's six call paths, with CPU and memory on every hop.
 */
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '@pathprof/cli';
import type { AnalysisReport } from '@pathprof/model';

const SEED_PATHS = [
  'svc-a:a1 > svc-b:b1 > svc-c:c1',
  'svc-a:a2 > svc-b:b2 > svc-d:d1',
  'svc-a:a3 > svc-e:e1 > svc-d:d2',
  'svc-a:a3 > svc-e:e1 > svc-f:f1',
  'svc-a:a3 > svc-g:g1',
  'svc-a:a4 > svc-e:e2',
];

async function runDemo(
  argv: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(argv, {
    stdin: Readable.from([]),
    stdout,
    stderr,
    nowMicros: () => Date.now() * 1000,
  });
  return { code, stdout: out, stderr: err };
}

describe('pathprof demo', () => {
  it('prints the six multi-svc paths with counts, percentiles, CPU and memory per hop', async () => {
    const result = await runDemo([
      'demo',
      '--once',
      '--duration',
      '5s',
      '--rps',
      '20',
      '--format',
      'json',
      '--port',
      '0',
    ]);
    expect(result.stderr).toMatch(/^UI +http:\/\/127\.0\.0\.1:\d+\/ /m);
    expect(result.stderr).toContain('path API');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as AnalysisReport;
    const paths = report.paths ?? [];
    expect(paths.map((p) => p.key).sort()).toEqual([...SEED_PATHS].sort());
    // 5 s at 20 requests/s: 100 requests, each one trace
    expect(report.totals.traces).toBeGreaterThanOrEqual(90);
    for (const path of paths) {
      expect(path.count).toBeGreaterThan(0);
      expect(path.durationMicros.p50).toBeGreaterThan(0);
      expect(path.durationMicros.p99).toBeGreaterThanOrEqual(
        path.durationMicros.p95,
      );
      for (const hop of path.hops) {
        expect(hop.cpuMicros?.count).toBe(hop.count);
        expect(hop.memoryBytes?.count).toBe(hop.count);
      }
    }
  }, 120_000);

  it('drives every example route of the toy system, both services, with few warnings', async () => {
    const result = await runDemo([
      'demo',
      '--sys',
      'toy',
      '--once',
      '--duration',
      '3s',
      '--rps',
      '20',
      '--format',
      'json',
      '--port',
      '0',
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as AnalysisReport;
    const services = new Set(
      (report.paths ?? []).map((p) => p.key.slice(0, p.key.indexOf(':'))),
    );
    expect([...services].sort()).toEqual(['rolldice-a', 'rolldice-b']);
    // spans of one machine start at whole milliseconds: rounding, not skew
    expect(report.totals.warnings).toBeLessThan(report.totals.traces / 10);
  }, 120_000);
});
