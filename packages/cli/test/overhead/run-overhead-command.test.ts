import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { OverheadReport } from '@pathprof/measure';
import type { CliIo } from '../../src/shared/cli-io.js';
import { parseOverheadFlags } from '../../src/overhead/overhead-options.js';
import { runOverheadCommand } from '../../src/overhead/run-overhead-command.js';
import { createFakeSystems } from './fake-system.js';

function captureIo(): { io: CliIo; out: () => string } {
  let text = '';
  const stdout = new PassThrough();
  stdout.on('data', (c: Buffer) => (text += c.toString()));
  return {
    io: {
      stdin: Readable.from([]),
      stdout,
      stderr: new PassThrough(),
      nowMicros: () => 1_700_000_000_000_000,
    },
    out: () => text,
  };
}

describe('runOverheadCommand', () => {
  it('starts one system per instrumentation level with the switch and a local OTLP sink, and stops them all', async () => {
    const fake = createFakeSystems({
      exportWhenStopped: (mode) => mode !== 'off',
    });
    const { io, out } = captureIo();
    await runOverheadCommand(
      parseOverheadFlags({
        format: 'json',
        sys: 'multi-svc',
        routes: 'a1,e1',
        samples: '20',
        warmup: '2',
        resamples: '100',
        progress: false,
      }),
      io,
      { startSystem: fake.starter, cpuWarmupRounds: 2, cpuSettleMillis: 1 },
    );
    expect(fake.started.map((s) => s.env?.PATHPROF_SDK)).toEqual([
      'full',
      'otel-only',
      'off',
    ]);
    expect(
      fake.started.every((s) =>
        s.otlpEndpoint?.startsWith('http://127.0.0.1:'),
      ),
    ).toBe(true);
    expect(fake.stopped()).toBe(3);
    expect(fake.requests.get('full')).toContain('/a/v1/a1n');
    expect(fake.requests.get('full')).toContain('/e/v1/e1');
    // every instance serves a route and its twin: the same share of traffic
    expect(fake.requests.get('off')).toContain('/a/v1/a1n');
    expect(fake.requests.get('off')).toHaveLength(
      fake.requests.get('full')!.length,
    );

    const report = JSON.parse(out()) as OverheadReport;
    expect(report.kind).toBe('pathprof.overhead');
    expect(report.date).toBe('2023-11-14T22:13:20.000Z');
    expect(report.command).toBe(
      'pathprof overhead --sys multi-svc --routes a1,e1 --samples 20 --warmup 2 --cpu-calls 40 --cpu-block 1 --baselines otel-only,off --resamples 100 --seed 1',
    );
    expect(report.routes.map((r) => r.route)).toEqual(['a1', 'e1']);
    expect(report.routes[0]!.rounds).toBe(20);
    expect(report.routes[0]!.arms).toHaveLength(6);
    expect(report.routes[0]!.comparisons.map((c) => c.id)).toEqual([
      'decorated/twin',
      'otel-only/sdk-off',
      'decorated/sdk-off',
      'twin/otel-only-twin',
      'sdk-off/sdk-off-twin',
    ]);
    expect(report.exports.full?.requests).toBe(1);
    expect(report.exports.off?.bytes).toBe(0);
    expect(report.targets).toHaveLength(3);
    expect(report.warnings).toEqual([]);
  });

  it('warns when the SDK-off services export spans anyway (the switch is not honoured)', async () => {
    const fake = createFakeSystems({ exportWhenStopped: () => true });
    const { io, out } = captureIo();
    await runOverheadCommand(
      parseOverheadFlags({
        format: 'json',
        sys: 'multi-svc',
        routes: 'a1',
        samples: '4',
        warmup: '0',
        cpuCalls: '0',
        resamples: '100',
        progress: false,
      }),
      io,
      { startSystem: fake.starter, cpuWarmupRounds: 2, cpuSettleMillis: 1 },
    );
    const report = JSON.parse(out()) as OverheadReport;
    expect(report.warnings.join('\n')).toContain('PATHPROF_SDK=off');
    expect(report.routes[0]!.cpuMicrosPerDecoratedCall).toBeNull();
  });

  it('renders Markdown with date, machine, command and the targets', async () => {
    const fake = createFakeSystems({ exportWhenStopped: (m) => m === 'full' });
    const { io, out } = captureIo();
    await runOverheadCommand(
      parseOverheadFlags({
        format: 'markdown',
        sys: 'multi-svc',
        routes: 'a1',
        samples: '6',
        warmup: '0',
        baselines: 'none',
        resamples: '100',
        progress: false,
      }),
      io,
      { startSystem: fake.starter, cpuWarmupRounds: 2, cpuSettleMillis: 1 },
    );
    expect(fake.started).toHaveLength(1);
    const md = out();
    expect(md).toMatch(/^## Instrumentation overhead \(pathprof overhead\)$/m);
    expect(md).toMatch(/^- Date: 2023-11-14T22:13:20\.000Z$/m);
    expect(md).toMatch(/^- Machine: .+, \d+ cores, .+; Node v\d+/m);
    expect(md).toContain('--baselines none');
    expect(md).toMatch(
      /^- decorated\/undecorated p50 ratio ≤ 1\.050: (met|missed)/m,
    );
  });
});
