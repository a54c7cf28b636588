import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadReport } from '@pathprof/measure';
import { LOAD_MESSAGES } from '../../src/load/load-options.js';
import { LOAD_NOTHING_SUCCEEDED } from '../../src/load/run-load-command.js';
import { runCli } from '../cli-harness.js';
import {
  answer,
  findClosedPort,
  startFakeServer,
} from '../../../measure/test/fake-http-server.js';
import type { FakeServer } from '../../../measure/test/fake-http-server.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer((req, res) =>
    answer(res, req.url === '/v1/missing' ? 404 : 200),
  );
});
afterAll(() => server.close());

describe('pathprof load: usage errors exit with 2', () => {
  it.each<[string[], string]>([
    [['--rps', '5', '--duration', '1s'], LOAD_MESSAGES.noSource],
    [
      [
        '--sys',
        'toy',
        '--target',
        'http://127.0.0.1:1',
        '--rps',
        '5',
        '--duration',
        '1s',
      ],
      LOAD_MESSAGES.targetAndSys,
    ],
    [
      ['--sys', 'mesh', '--rps', '5', '--duration', '1s'],
      LOAD_MESSAGES.badSys('mesh'),
    ],
    [['--sys', 'toy', '--duration', '1s'], LOAD_MESSAGES.noRps],
    [
      ['--sys', 'toy', '--rps', 'fast', '--duration', '1s'],
      LOAD_MESSAGES.badRps('fast'),
    ],
    [['--sys', 'toy', '--rps', '5'], LOAD_MESSAGES.noDuration],
    [
      [
        '--sys',
        'toy',
        '--rps',
        '5',
        '--duration',
        '1s',
        '--concurrency',
        '1.5',
      ],
      LOAD_MESSAGES.badConcurrency('1.5'),
    ],
    [
      ['--sys', 'toy', '--rps', '5', '--duration', '1s', '--format', 'csv'],
      LOAD_MESSAGES.badFormat('csv'),
    ],
  ])('load %j', async (args, message) => {
    const r = await runCli(['load', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });

  it('prints usage errors as JSON with --format json', async () => {
    const r = await runCli(['load', '--sys', 'toy', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr)).toEqual({
      data: null,
      errors: [
        {
          code: 2,
          msg: LOAD_MESSAGES.noRps,
          // Added with the one error table: the stable code and what was at fault.
          error: 'PATHPROF_ERR_USAGE',
          details: { flag: '--rps' },
        },
      ],
    });
  });

  it('rejects an unknown flag', async () => {
    const r = await runCli(['load', '--sys', 'toy', '--qps', '3']);
    expect(r.code).toBe(2);
  });
});

describe('pathprof load --target', () => {
  it('loads routes below the target and reports them as JSON', async () => {
    const r = await runCli([
      'load',
      '--target',
      `${server.url}/v1`,
      '--routes',
      'ok:3,missing',
      '--rps',
      '40',
      '--duration',
      '500ms',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as LoadReport;
    expect(report.kind).toBe('pathprof.load');
    expect(report.routes.map((x) => [x.route, x.url, x.scheduled])).toEqual([
      ['ok', `${server.url}/v1/ok`, 15],
      ['missing', `${server.url}/v1/missing`, 5],
    ]);
    expect(report.routes[0]).toMatchObject({ ok: 15, httpErrors: 0 });
    expect(report.routes[1]).toMatchObject({
      ok: 0,
      httpErrors: 5,
      statuses: { '404': 5 },
    });
    expect(report.total.sent).toBe(20);
  });

  it('prints a table by default, without a progress bar when stderr is not a terminal', async () => {
    const r = await runCli([
      'load',
      '--target',
      server.url,
      '--rps',
      '20',
      '--duration',
      '250ms',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      /^pathprof load: http:\/\/127\.0\.0\.1:\d+\/, 20 req\/s/,
    );
    expect(r.stdout).toMatch(/^\/\s+5\s+5\s+0\s+0\s+0\s/m);
  });
});

describe('pathprof load against a target that is down', () => {
  it('prints the report and exits with 1', async () => {
    const port = await findClosedPort();
    const r = await runCli([
      'load',
      '--target',
      `http://127.0.0.1:${port}`,
      '--rps',
      '10',
      '--duration',
      '300ms',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ECONNREFUSED ×3');
    expect(r.stderr).toContain(LOAD_NOTHING_SUCCEEDED);
  });
});

describe('pathprof load --sys', () => {
  it('starts the multi-svc showcase, loads a1…a4 and stops it', async () => {
    const r = await runCli([
      'load',
      '--sys',
      'multi-svc',
      '--rps',
      '20',
      '--duration',
      '2s',
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as LoadReport;
    expect(report.routes.map((x) => x.route)).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(report.routes[0]!.url).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/a\/v1\/a1$/,
    );
    expect(report.total.sent).toBeGreaterThan(0);
    expect(report.total.httpErrors + report.total.networkErrors).toBe(0);
    expect(report.total.ok).toBe(report.total.sent);
  }, 120_000);
});
