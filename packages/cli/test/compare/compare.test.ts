import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  comparePathSamples,
  decodeJaegerTrace,
  PathSampleSet,
} from '@pathprof/engine';
import type { ComparisonReport } from '@pathprof/model';
import { COMPARE_MESSAGES } from '../../src/compare/compare-settings.js';
import { WINDOW_MESSAGES } from '../../src/compare/parse-window-range.js';
import { EXIT_REGRESSION, EXIT_USAGE } from '../../src/main.js';
import { runCli } from '../cli-harness.js';
import {
  PATH_ABC,
  buildChainTraces,
  jaegerDocument,
} from './compare-cli-fixtures.js';

let dir: string;
const file = (name: string): string => join(dir, name);
const base = buildChainTraces({
  count: 150,
  cMicros: 10_000,
  seed: 1,
  firstId: 1,
  version: 'v1',
});
const slower = buildChainTraces({
  count: 150,
  cMicros: 12_000,
  seed: 2,
  firstId: 1001,
  version: 'v2',
});
const same = buildChainTraces({
  count: 150,
  cMicros: 10_000,
  seed: 3,
  firstId: 2001,
  version: 'v2',
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pathprof-compare-'));
  writeFileSync(file('base.json'), jaegerDocument(base));
  writeFileSync(file('slower.json'), jaegerDocument(slower));
  writeFileSync(file('same.json'), jaegerDocument(same));
  writeFileSync(file('mixed.json'), jaegerDocument([...base, ...slower]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pathprof compare', () => {
  it('exits 3 and names the slower hop when a path regressed', async () => {
    const r = await runCli([
      'compare',
      '--baseline',
      file('base.json'),
      '--candidate',
      file('slower.json'),
    ]);
    expect(r.code).toBe(EXIT_REGRESSION);
    expect(r.stderr).toBe('');
    const row = r.stdout.split('\n').find((l) => l.startsWith('regressed'))!;
    expect(row).toContain(PATH_ABC);
    expect(row).toContain('svc-c:c self +');
    expect(row).toMatch(/ \*/);
    expect(r.stdout).toContain('1 regressed, 0 improved');
  });

  it('exits 0 when nothing regressed, hiding unchanged paths unless --all', async () => {
    const args = [
      'compare',
      '--baseline',
      file('base.json'),
      '--candidate',
      file('same.json'),
    ];
    const r = await runCli(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(no path to show)');
    expect(r.stdout).toContain('1 unchanged (not shown; --all lists them)');
    const all = await runCli([...args, '--all']);
    expect(all.stdout.split('\n').some((l) => l.startsWith('unchanged'))).toBe(
      true,
    );
  });

  it('prints as JSON exactly the report the engine gives', async () => {
    const r = await runCli([
      'compare',
      '--baseline',
      file('base.json'),
      '--candidate',
      file('slower.json'),
      '--format',
      'json',
    ]);
    expect(r.code).toBe(EXIT_REGRESSION);
    const setOf = (traces: typeof base): PathSampleSet => {
      const set = new PathSampleSet();
      for (const t of traces) {
        const { spans } = decodeJaegerTrace(t);
        set.addTrace(spans[0]!.traceId, spans);
      }
      return set;
    };
    const expected = comparePathSamples(
      { label: file('base.json'), samples: setOf(base), windowSeconds: null },
      {
        label: file('slower.json'),
        samples: setOf(slower),
        windowSeconds: null,
      },
    );
    expect(JSON.parse(r.stdout) as ComparisonReport).toEqual(
      JSON.parse(JSON.stringify(expected)),
    );
  });

  it('renders Markdown with the sides, the method and the regression row', async () => {
    const r = await runCli([
      'compare',
      '--baseline',
      file('base.json'),
      '--candidate',
      file('slower.json'),
      '--format',
      'markdown',
    ]);
    expect(r.code).toBe(EXIT_REGRESSION);
    expect(r.stdout).toMatch(
      /^## pathprof compare\n\n- baseline: .*base\.json \(150 traces\)/,
    );
    expect(r.stdout).toContain('Holm-adjusted over 1 tested paths');
    expect(r.stdout).toMatch(/\| regressed \| svc-a:a > svc-b:b > svc-c:c \|/);
  });

  it('splits one file by service.version with --by', async () => {
    const r = await runCli([
      'compare',
      '--by',
      'service.version=v1,v2',
      file('mixed.json'),
      '--format',
      'json',
    ]);
    expect(r.code).toBe(EXIT_REGRESSION);
    const report = JSON.parse(r.stdout) as ComparisonReport;
    expect(report.baseline).toEqual({
      label: 'service.version=v1',
      traces: 150,
      windowSeconds: null,
      coverage: {
        firstStartMicros: 1600000000000000,
        lastStartMicros: 1600000149000000,
        seconds: 150,
      },
    });
    expect(report.candidate.traces).toBe(150);
    expect(report.paths[0]!.responsibleHop!.label).toBe('svc-c:c');
  });

  it('reads --baseline version=v1 --candidate version=v2 as a split by service.version', async () => {
    const args = ['--format', 'json', file('mixed.json')];
    const short = await runCli([
      'compare',
      '--baseline',
      'version=v1',
      '--candidate',
      'version=v2',
      ...args,
    ]);
    const long = await runCli([
      'compare',
      '--by',
      'service.version=v1,v2',
      ...args,
    ]);
    expect(short.code).toBe(EXIT_REGRESSION);
    expect(short.stdout).toBe(long.stdout);
  });

  it('reports a missing file as an input failure', async () => {
    const r = await runCli([
      'compare',
      '--baseline',
      file('nope.json'),
      '--candidate',
      file('base.json'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nope.json');
  });
});

describe('pathprof compare usage errors', () => {
  it.each([
    [['compare'], COMPARE_MESSAGES.noInput],
    [
      ['compare', '--baseline', 'a.json'],
      COMPARE_MESSAGES.bothSides('--baseline', '--candidate'),
    ],
    [['compare', 'a.json'], COMPARE_MESSAGES.filesNeedBy],
    [
      [
        'compare',
        '--baseline-window',
        '-2h..-1h',
        '--candidate-window',
        '-1h..now',
      ],
      COMPARE_MESSAGES.windowsNeedSource,
    ],
    [
      [
        'compare',
        '--baseline-window',
        '-1h..-2h',
        '--candidate-window',
        '-1h..now',
        '--data',
        'x',
      ],
      WINDOW_MESSAGES.emptyRange('--baseline-window', '-1h..-2h'),
    ],
    [
      [
        'compare',
        '--baseline-window',
        'yesterday',
        '--candidate-window',
        '-1h..now',
        '--data',
        'x',
      ],
      WINDOW_MESSAGES.badRange('--baseline-window', 'yesterday'),
    ],
    [
      ['compare', '--by', 'service.version=v1', 'a.json'],
      COMPARE_MESSAGES.badBy('service.version=v1'),
    ],
    [
      ['compare', '--by', 'v=1,2', '--baseline', 'a.json'],
      COMPARE_MESSAGES.byWithSides,
    ],
    [
      ['compare', '--baseline', 'a', '--candidate', 'b', '--format', 'csv'],
      COMPARE_MESSAGES.badFormat('csv'),
    ],
    [
      ['compare', '--baseline', 'a', '--candidate', 'b', '--alpha', '2'],
      COMPARE_MESSAGES.badNumber(
        '--alpha',
        '2',
        'a number between 0 and 1 (both excluded)',
      ),
    ],
    [
      [
        'compare',
        '--baseline',
        'a',
        '--candidate',
        'b',
        '--jaeger',
        'http://j',
      ],
      COMPARE_MESSAGES.filesAndServer,
    ],
  ])('exits 2 for %j', async (argv, message) => {
    const r = await runCli(argv);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stderr).toContain(message);
  });
});
