import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZE_MESSAGES } from '../../src/analyze/analyze-options.js';
import { runCli } from '../cli-harness.js';
import { buildSeedDocument } from '../seed-shaped-document.js';

const SHARED = resolve(import.meta.dirname, '../../../../fixtures/traces');
let dir: string;
let seedFile: string;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pathprof-cli-'));
  seedFile = join(dir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(buildSeedDocument(30, 7)));
});

describe('pathprof analyze', () => {
  it('prints a path table with a summary line and per-hop breakdown', async () => {
    const r = await runCli(['analyze', seedFile]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      'pathprof: 30 traces, 300 spans, 1 paths, 0 warnings, over 30.0s (jaeger, 1 file)',
    );
    expect(r.stdout).toContain('svc-a:a1 > svc-b:b1 > svc-c:c1');
    expect(r.stdout).toMatch(/HOP\s+CALLS\s+P50\s+P95\s+SELF P50/);
    expect(r.stdout).toMatch(/30\s+1\.00\/s\s+0\.0%/);
  });

  it('prints the report as JSON with profiles under "paths"', async () => {
    const r = await runCli([
      'analyze',
      seedFile,
      '--format',
      'json',
      '--anomalies',
      '--anomaly-rule',
      'seed',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      schemaVersion: number;
      paths: {
        key: string;
        count: number;
        hops: { label: string; cpuMicros: { p50: number } }[];
        anomalies: { items: { traceId: string; hop: string }[] };
      }[];
    };
    expect(report.schemaVersion).toBe(2);
    expect(report.paths[0]!.key).toBe('svc-a:a1 > svc-b:b1 > svc-c:c1');
    expect(report.paths[0]!.count).toBe(30);
    expect(report.paths[0]!.hops[0]!.cpuMicros.p50).toBe(1250);
    const anomaly = report.paths[0]!.anomalies.items.find((a) =>
      a.traceId.endsWith('1007'),
    );
    expect(anomaly?.hop).toBeDefined();
    // by the default rule, 0.8 ms over a 3 ms path is below the least excess worth a look (5 ms)
    const robust = JSON.parse(
      (await runCli(['analyze', seedFile, '--format', 'json', '--anomalies']))
        .stdout,
    ) as { paths: { anomalies: { rule: string; detected: number } }[] };
    expect(robust.paths[0]!.anomalies).toMatchObject({
      rule: 'robust',
      detected: 0,
    });
  });

  it.each([
    ['shape', 'shapes', 'svc-a:a1(svc-b:b1(svc-c:c1))'],
    ['hop', 'hops', 'svc-b:b1'],
  ])('groups by %s', async (groupBy, field, expected) => {
    const r = await runCli([
      'analyze',
      seedFile,
      '--group-by',
      groupBy,
      '--format',
      'json',
    ]);
    const report = JSON.parse(r.stdout) as Record<
      string,
      { key?: string; label?: string }[]
    >;
    expect(report[field]!.map((g) => g.key ?? g.label)).toContain(expected);
  });

  it('prints CSV and Markdown', async () => {
    const csv = await runCli(['analyze', seedFile, '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toMatch(
      /^path,count,rate_per_s,errors,incomplete,duration_us_min,/,
    );
    expect(csv.stdout.split('\n')[1]).toMatch(
      /^svc-a:a1 > svc-b:b1 > svc-c:c1,30,1,0,0,/,
    );
    const md = await runCli([
      'analyze',
      seedFile,
      '--format',
      'markdown',
      '--critical-path',
    ]);
    expect(md.stdout).toMatch(/^\| PATH +\| +COUNT \|/m);
    expect(md.stdout).toContain('CRIT P50');
  });

  it('lists the first warnings of each kind with --verbose, and counts dropped spans', async () => {
    const file = join(dir, 'dupes.json');
    writeFileSync(
      file,
      JSON.stringify({
        data: [
          {
            traceID: 'aa',
            processes: { p1: { serviceName: 'api', tags: [] } },
            spans: [
              {
                traceID: 'aa',
                spanID: 'a1',
                operationName: 'GET /',
                references: [],
                startTime: 1000,
                duration: 50,
                tags: [{ key: 'span.kind', type: 'string', value: 'server' }],
                logs: [],
                processID: 'p1',
              },
              {
                traceID: 'aa',
                spanID: 'a1',
                operationName: 'GET /',
                references: [],
                startTime: 1000,
                duration: 50,
                tags: [{ key: 'span.kind', type: 'string', value: 'server' }],
                logs: [],
                processID: 'p1',
              },
              {
                traceID: 'aa',
                spanID: '',
                operationName: 'lost',
                references: [],
                startTime: 1000,
                duration: 5,
                tags: [],
                logs: [],
                processID: 'p1',
              },
            ],
          },
        ],
      }),
    );
    const plain = await runCli(['analyze', file]);
    expect(plain.stdout.split('\n')[0]).toBe(
      'pathprof: 1 traces, 1 spans (of 3 read; dropped: duplicate 1, invalid 1), 1 paths, 2 warnings (jaeger, 1 file)',
    );
    expect(plain.stdout).not.toContain('span 00000000000000a1');
    const verbose = await runCli(['analyze', file, '--verbose']);
    expect(verbose.stdout).toContain(
      'duplicate-span-id  trace 000000000000000000000000000000aa span 00000000000000a1: span id 00000000000000a1 was reported twice for the same work; the copies were merged',
    );
    const json = JSON.parse(
      (await runCli(['analyze', file, '--format', 'json'])).stdout,
    ) as {
      totals: { spansRead: number; droppedSpans: object };
      warningSamples: unknown[];
    };
    expect(json.totals.spansRead).toBe(3);
    expect(json.totals.droppedSpans).toEqual({ duplicate: 1, invalid: 1 });
    expect(json.warningSamples).toHaveLength(2);
  });

  it('refuses --critical-path with --group-by shape, and shows hop shares with --group-by hop', async () => {
    const shape = await runCli([
      'analyze',
      seedFile,
      '--group-by',
      'shape',
      '--critical-path',
    ]);
    expect(shape.code).toBe(2);
    expect(shape.stderr).toContain(ANALYZE_MESSAGES.criticalPathByShape);
    const hop = await runCli([
      'analyze',
      seedFile,
      '--group-by',
      'hop',
      '--critical-path',
    ]);
    expect(hop.code).toBe(0);
    expect(hop.stdout).toMatch(/CRIT P50\s+CRIT P95/);
  });

  it('lists only the paths through a service with --through', async () => {
    const r = await runCli([
      'analyze',
      join(SHARED, 'hotrod-jaeger-apiv3-getTrace.otlp.json'),
      '--through',
      'mysql',
      '--format',
      'json',
    ]);
    const report = JSON.parse(r.stdout) as { paths: { key: string }[] };
    expect(report.paths.map((p) => p.key)).toEqual([
      'frontend:GET /dispatch > customer:GET /customer > mysql:SQL SELECT',
    ]);
  });

  it('takes the anomaly rule and threshold only with --anomalies', async () => {
    const r = await runCli(['analyze', seedFile, '--anomaly-rule', 'seed']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      ANALYZE_MESSAGES.anomalyFlagsWithoutAnomalies('--anomaly-rule'),
    );
    const bad = await runCli([
      'analyze',
      seedFile,
      '--anomalies',
      '--anomaly-rule',
      'zscore',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(ANALYZE_MESSAGES.badAnomalyRule('zscore'));
    const seed = await runCli([
      'analyze',
      seedFile,
      '--anomalies',
      '--anomaly-rule',
      'seed',
      '--format',
      'json',
    ]);
    const report = JSON.parse(seed.stdout) as {
      paths: { anomalies: { rule: string } }[];
    };
    expect(report.paths[0]!.anomalies.rule).toBe('mean+2sd');
  });

  it('draws a progress bar on stderr only when stderr is a terminal', async () => {
    const tty = await runCli(
      ['analyze', seedFile, '--format', 'json'],
      undefined,
      { stderrIsTTY: true },
    );
    expect(tty.stderr).toMatch(/\d+% \| \d+\/\d+ bytes/);
    const quiet = await runCli(
      ['analyze', seedFile, '--format', 'json', '--no-progress'],
      undefined,
      { stderrIsTTY: true },
    );
    expect(quiet.stderr).toBe('');
    const pipe = await runCli(['analyze', seedFile, '--format', 'json']);
    expect(pipe.stderr).toBe('');
  });

  it('reads standard input with -', async () => {
    const r = await runCli(
      ['analyze', '-', '--format', 'json'],
      JSON.stringify(buildSeedDocument(2)),
    );
    expect(r.code).toBe(0);
    expect(
      (JSON.parse(r.stdout) as { totals: { traces: number } }).totals.traces,
    ).toBe(2);
  });

  it('gives an empty report with exit 0 for empty input', async () => {
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '');
    const r = await runCli(['analyze', empty, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      totals: { traces: 0 },
      paths: [],
    });
  });

  it('reads every real third-party sample', async () => {
    for (const file of [
      'hotrod-jaeger-apiv3-getTrace.otlp.json',
      'jaeger-follows-from-issue115.jaeger.json',
      'otlp-proto-example.otlp.json',
      'zipkin-messaging-kafka.json',
      'zipkin-smartthings-oauth-authorization.json',
      'zipkin-yelp.json',
    ]) {
      const r = await runCli([
        'analyze',
        join(SHARED, file),
        '--format',
        'json',
      ]);
      expect(r.code, `${file}: ${r.stderr}`).toBe(0);
      const report = JSON.parse(r.stdout) as {
        totals: { traces: number; paths: number };
      };
      expect(report.totals.traces, file).toBe(1);
      expect(report.totals.paths, file).toBeGreaterThan(0);
    }
  });

  it('names the file and byte offset for malformed JSON, exit 1', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"data":[{"traceID":"1","spans":[}]}');
    const r = await runCli(['analyze', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: malformed JSON .* at byte offset \\d+`,
      ),
    );
  });

  it('says so for an unreadable file and an unknown format, exit 1', async () => {
    const missing = await runCli(['analyze', join(dir, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.json: cannot read \(ENOENT\)/);
    const odd = join(dir, 'odd.json');
    writeFileSync(odd, '{"hello":"world"}');
    const unknown = await runCli(['analyze', odd]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /odd\.json: unknown format: found an object with keys hello at byte offset 0/,
    );
  });

  it('prints a JSON error object with --format json', async () => {
    const r = await runCli([
      'analyze',
      join(dir, 'nope.json'),
      '--format',
      'json',
    ]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr)).toMatchObject({
      data: null,
      errors: [{ code: 1 }],
    });
  });

  it.each([
    [
      ['analyze', 'x.json', '--group-by', 'nope'],
      ANALYZE_MESSAGES.badGroupBy('nope'),
    ],
    [
      ['analyze', 'x.json', '--format', 'yaml'],
      ANALYZE_MESSAGES.badFormat('yaml'),
    ],
    [['analyze', 'x.json', '--top', '0'], ANALYZE_MESSAGES.badTop('0')],
    [
      ['analyze', 'x.json', '--compat', 'zipkin'],
      ANALYZE_MESSAGES.badCompat('zipkin'),
    ],
    [
      ['analyze', 'x.json', '--service', 'a'],
      ANALYZE_MESSAGES.jaegerFlagsWithoutJaeger('--service'),
    ],
    [
      ['analyze', 'x.json', '--jaeger', 'http://127.0.0.1:1'],
      ANALYZE_MESSAGES.filesAndJaeger,
    ],
    [
      ['analyze', 'x.json', '--threads', 'two'],
      ANALYZE_MESSAGES.badThreads('two'),
    ],
    [
      ['analyze', 'x.json', '--threads', '1.5'],
      ANALYZE_MESSAGES.badThreads('1.5'),
    ],
  ])('exits 2 with a usage message for %j', async (argv, message) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('exits 2 for an unknown option', async () => {
    const r = await runCli(['analyze', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--bogus'/);
  });

  it('prints the seed report with --compat seed', async () => {
    const r = await runCli(['analyze', seedFile, '--compat', 'seed']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      'request_type,count,max_duration,avg_duration,min_duration,std_duration,max_cpu_time,avg_cpu_time,min_cpu_time,std_cpu_time,max_peak_mem,avg_peak_mem,min_peak_mem,std_peak_mem',
    );
    expect(lines[1]).toMatch(/^svc-a:a1 -> svc-b:b1 -> svc-c:c1,30,/);
    expect(r.stdout).toContain('== DURATION ANOMALIES ==');
  });

  describe('--compat seed, a trace it cannot read after good ones', () => {
    // the good traces hold multi-byte characters, so a character index is not the byte offset
    const good = JSON.stringify(buildSeedDocument(2).data).slice(1, -1);
    const accent = '{"traceID": "caf\u00e9", "spans": [], "processes": {}}';
    const prefix = `{"data": [${good}, ${accent}, `;

    it('names the file and the byte offset of a number Python would read as inf', async () => {
      const text = `${prefix}{"traceID": "x", "spans": [{"duration": 1e400}]}]}`;
      const file = join(dir, 'seed-bad-number.json');
      writeFileSync(file, text);
      const offset = Buffer.byteLength(text.slice(0, text.indexOf('1e400')));
      const r = await runCli(['analyze', file, '--compat', 'seed']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${file}: malformed JSON (`);
      expect(r.stderr).toContain(`at byte offset ${offset}`);
      const json = await runCli([
        'analyze',
        file,
        '--compat',
        'seed',
        '--format',
        'json',
      ]);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stderr)).toMatchObject({
        errors: [
          {
            code: 1,
            error: 'PATHPROF_ERR_SEED_JSON',
            details: { file, offset },
          },
        ],
      });
    });

    it('names the file and the byte offset of a trace the seed would crash on', async () => {
      const text = `${prefix}{"traceID": "x"}]}`;
      const file = join(dir, 'seed-bad-trace.json');
      writeFileSync(file, text);
      const offset = Buffer.byteLength(text.slice(0, text.lastIndexOf('{')));
      const json = await runCli([
        'analyze',
        file,
        '--compat',
        'seed',
        '--format',
        'json',
      ]);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stderr)).toMatchObject({
        errors: [
          {
            code: 1,
            msg: `${file}: trace x: "spans" must be an array (the trace at byte offset ${offset})`,
            error: 'PATHPROF_ERR_SEED_INPUT',
            details: { file, offset },
          },
        ],
      });
    });
  });
});
