/**
 * pathprof's own Jaeger query API is a Jaeger for `pathprof analyze
 * --jaeger`: a collector (in-process, on port 0, with a base path and a
 * token) holds seed-shaped traces, and the CLI reads them through the v1 API
 * exactly as it reads a real Jaeger, giving the same report as the file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector } from '@pathprof/collector';
import type { RunningCollector } from '@pathprof/collector';
import { decodeJaegerTrace } from '@pathprof/engine';
import { createMemoryStore } from '@pathprof/store';
import { runCli } from '../cli-harness.js';
import { buildSeedDocument } from '../seed-shaped-document.js';

// the documents' traces start at this instant, one second apart
const T0_MICROS = 1_700_000_000_000_000;
const WINDOW = [
  '--start',
  String(T0_MICROS - 1e6),
  '--end',
  String(T0_MICROS + 60e6),
];

let collector: RunningCollector;
let dir: string;
let file: string;

beforeAll(async () => {
  const doc = buildSeedDocument(20, 7);
  dir = mkdtempSync(join(tmpdir(), 'pathprof-analyze-collector-'));
  file = join(dir, 'traces.json');
  writeFileSync(file, JSON.stringify(doc));
  const store = createMemoryStore();
  for (const trace of doc.data) {
    await store.appendSpans(decodeJaegerTrace(trace).spans);
  }
  collector = await startCollector({
    store,
    otlpPort: null,
    zipkinPort: null,
    queryPort: 0,
    basePath: '/jaeger',
    token: 's3cret',
    log: null,
  });
});
afterAll(async () => {
  await collector?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('pathprof analyze --jaeger <a pathprof collector>', () => {
  it('reads the stored traces through the v1 API and reports what the file gives', async () => {
    const live = await runCli([
      'analyze',
      '--jaeger',
      collector.queryUrl,
      '--service',
      'svc-a',
      ...WINDOW,
      '--token',
      's3cret',
      '--format',
      'json',
      '--no-progress',
    ]);
    expect(live.stderr).toBe('');
    expect(live.code).toBe(0);
    const fromFile = await runCli(['analyze', file, '--format', 'json']);
    const a = JSON.parse(live.stdout) as {
      paths: { key: string; count: number }[];
    };
    const b = JSON.parse(fromFile.stdout) as typeof a;
    expect(a.paths.map((p) => [p.key, p.count])).toEqual(
      b.paths.map((p) => [p.key, p.count]),
    );
    expect(a.paths.length).toBeGreaterThan(0);
  });

  it('exits 1 with the server message when the token is missing', async () => {
    const denied = await runCli([
      'analyze',
      '--jaeger',
      collector.queryUrl,
      '--service',
      'svc-a',
      ...WINDOW,
      '--no-progress',
    ]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('401');
  });
});
