import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJaegerTrace } from '@pathprof/engine';
import type { ComparisonReport, JaegerTrace } from '@pathprof/model';
import { openSpanStore } from '@pathprof/store';
import { EXIT_REGRESSION } from '../../src/main.js';
import { runCli } from '../cli-harness.js';
import {
  json,
  startFakeJaeger,
} from '../../../sources/test/jaeger/fake-jaeger.js';
import type { FakeJaeger } from '../../../sources/test/jaeger/fake-jaeger.js';
import { PATH_ABC, buildChainTraces } from './compare-cli-fixtures.js';

/** The harness's clock. */
const NOW = 1_700_000_000_000_000;
const HOUR = 3_600_000_000;
// v1 traces in the hour before the last one, v2 (c 20 % slower) in the last hour
const traces: JaegerTrace[] = [
  ...buildChainTraces({
    count: 60,
    cMicros: 10_000,
    seed: 1,
    firstId: 1,
    version: 'v1',
    startMicros: NOW - 2 * HOUR + 60_000_000,
  }),
  ...buildChainTraces({
    count: 60,
    cMicros: 12_000,
    seed: 2,
    firstId: 101,
    version: 'v2',
    startMicros: NOW - HOUR + 60_000_000,
  }),
];

let dir: string;
let fake: FakeJaeger;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pathprof-compare-store-'));
  const store = await openSpanStore({ path: dir });
  await store.appendSpans(traces.flatMap((t) => decodeJaegerTrace(t).spans));
  await store.close();
  fake = await startFakeJaeger((req) => {
    if (req.path === '/api/services') {
      return json(
        '{"data":["svc-a"],"total":1,"limit":0,"offset":0,"errors":null}',
      );
    }
    if (req.path === '/api/traces') {
      const start = Number(req.query.get('start'));
      const end = Number(req.query.get('end'));
      const data = traces.filter(
        (t) => t.spans[0]!.startTime >= start && t.spans[0]!.startTime <= end,
      );
      return json(
        JSON.stringify({ data, total: 0, limit: 0, offset: 0, errors: null }),
      );
    }
    return undefined;
  });
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const WINDOWS = [
  '--baseline-window',
  '-2h..-1h',
  '--candidate-window',
  '-1h..now',
];

describe('pathprof compare sources', () => {
  it('compares two windows of the store', async () => {
    const r = await runCli([
      'compare',
      '--data',
      dir,
      ...WINDOWS,
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT_REGRESSION);
    const report = JSON.parse(r.stdout) as ComparisonReport;
    expect(report.baseline).toEqual({
      label: '2023-11-14T20:13:20Z..2023-11-14T21:13:20Z',
      traces: 60,
      windowSeconds: 3600,
      // one trace a second: they cover 60 s of the hour
      coverage: {
        firstStartMicros: 1699992860000000,
        lastStartMicros: 1699992919000000,
        seconds: 60,
      },
    });
    expect(report.paths[0]!.key).toBe(PATH_ABC);
    expect(report.paths[0]!.responsibleHop!.label).toBe('svc-c:c');
  });

  it('splits the store window by version with --by', async () => {
    const r = await runCli([
      'compare',
      '--data',
      dir,
      '--by',
      'service.version=v1,v2',
      '--window',
      '-3h..now',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(EXIT_REGRESSION);
    const report = JSON.parse(r.stdout) as ComparisonReport;
    expect([report.baseline.traces, report.candidate.traces]).toEqual([60, 60]);
    expect(report.candidate.windowSeconds).toBe(3 * 3600);
  });

  it('compares two windows of a live Jaeger', async () => {
    const r = await runCli([
      'compare',
      '--jaeger',
      fake.url,
      '--service',
      'svc-a',
      ...WINDOWS,
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT_REGRESSION);
    const report = JSON.parse(r.stdout) as ComparisonReport;
    expect([report.baseline.traces, report.candidate.traces]).toEqual([60, 60]);
    expect(report.summary.regressed).toBe(1);
  });

  it('exits 0 when the same window is compared with itself', async () => {
    const r = await runCli([
      'compare',
      '--data',
      dir,
      '--baseline-window',
      '-2h..-1h',
      '--candidate-window',
      '-2h..-1h',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 regressed');
  });
});
