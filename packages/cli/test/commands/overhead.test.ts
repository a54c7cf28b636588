import { describe, expect, it } from 'vitest';
import type { OverheadReport } from '@pathprof/measure';
import { OVERHEAD_MESSAGES } from '../../src/overhead/overhead-options.js';
import { runCli } from '../cli-harness.js';

describe('pathprof overhead: usage errors exit with 2', () => {
  it.each<[string[], string]>([
    [[], OVERHEAD_MESSAGES.noSys],
    [['--sys', 'toy'], OVERHEAD_MESSAGES.badSys('toy')],
    [
      ['--sys', 'multi-svc', '--routes', 'x9'],
      OVERHEAD_MESSAGES.badRoutes('x9'),
    ],
    [
      ['--sys', 'multi-svc', '--samples', 'many'],
      OVERHEAD_MESSAGES.badCount('--samples', 'many', 2),
    ],
    [
      ['--sys', 'multi-svc', '--baselines', 'nothing'],
      OVERHEAD_MESSAGES.badBaselines('nothing'),
    ],
    [
      ['--sys', 'multi-svc', '--format', 'csv'],
      OVERHEAD_MESSAGES.badFormat('csv'),
    ],
  ])('overhead %j', async (args, message) => {
    const r = await runCli(['overhead', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });
});

describe('pathprof overhead --sys multi-svc', () => {
  it('measures the decorated routes against their twins and the baselines, and reports them', async () => {
    const r = await runCli([
      'overhead',
      '--sys',
      'multi-svc',
      '--samples',
      '50',
      '--warmup',
      '10',
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as OverheadReport;
    expect(report.kind).toBe('pathprof.overhead');
    expect(report.settings).toMatchObject({
      samples: 50,
      warmup: 10,
      routes: ['a1', 'a2', 'a4'],
      arms: [
        'decorated',
        'twin',
        'otel-only',
        'otel-only-twin',
        'sdk-off',
        'sdk-off-twin',
      ],
    });
    expect(report.machine.cores).toBeGreaterThan(0);
    for (const route of report.routes) {
      expect(route.rounds).toBe(50);
      expect(route.arms).toHaveLength(6);
      for (const arm of route.arms) {
        expect(arm.failures).toEqual({});
        const p50 = arm.latencyMicros.p50;
        expect(p50.estimate).toBeGreaterThan(0);
        expect(p50.low).toBeLessThanOrEqual(p50.estimate);
        expect(p50.high).toBeGreaterThanOrEqual(p50.estimate);
      }
      for (const c of route.comparisons) {
        expect(c.p50Ratio.estimate).toBeGreaterThan(0);
      }
    }
    // the p50 ratio; CPU per decorated call over all threads and on the main threads
    expect(report.targets.map((t) => t.limit)).toEqual([1.05, 30, 30]);
    for (const route of report.routes) {
      expect(route.cpuRounds).toBe(100);
      expect(route.mainThreadCpuMicrosPerDecoratedCall).not.toBeNull();
    }
    expect(report.exports.full?.requests).toBeGreaterThan(0);
  }, 300_000);
});
