import { describe, expect, it } from 'vitest';
import {
  OVERHEAD_MESSAGES,
  parseOverheadFlags,
} from '../../src/overhead/overhead-options.js';
import type { OverheadFlags } from '../../src/overhead/overhead-options.js';
import { UsageError } from '../../src/shared/usage-error.js';

const flags = (extra: Partial<OverheadFlags>): OverheadFlags => ({
  format: 'table',
  sys: 'multi-svc',
  ...extra,
});

describe('parseOverheadFlags', () => {
  it('defaults to a1, a2, a4 with 2000 samples, both baselines and twice as many CPU rounds of one request per arm', () => {
    const s = parseOverheadFlags(flags({}));
    expect(s.routes.map((r) => r.route)).toEqual(['a1', 'a2', 'a4']);
    expect(s).toMatchObject({
      samples: 2000,
      warmup: 200,
      cpuCalls: 4000,
      cpuBlockCalls: 1,
      baselines: ['otel-only', 'off'],
      resamples: 1000,
      seed: 1,
    });
  });

  it('scales the CPU phase with the samples', () => {
    const s = parseOverheadFlags(flags({ samples: '50' }));
    expect(s.cpuCalls).toBe(100);
    expect(s.cpuBlockCalls).toBe(1);
  });

  it('reads "none" as no baselines', () => {
    expect(parseOverheadFlags(flags({ baselines: 'none' })).baselines).toEqual(
      [],
    );
  });

  it.each<[Partial<OverheadFlags>, string]>([
    [{ sys: undefined }, OVERHEAD_MESSAGES.noSys],
    [{ sys: 'toy' }, OVERHEAD_MESSAGES.badSys('toy')],
    [{ routes: 'a1,z9' }, OVERHEAD_MESSAGES.badRoutes('a1,z9')],
    [{ routes: 'a1,a1' }, OVERHEAD_MESSAGES.badRoutes('a1,a1')],
    [{ samples: '1' }, OVERHEAD_MESSAGES.badCount('--samples', '1', 2)],
    [{ warmup: '-1' }, OVERHEAD_MESSAGES.badCount('--warmup', '-1', 0)],
    [{ baselines: 'otel' }, OVERHEAD_MESSAGES.badBaselines('otel')],
    [{ format: 'csv' }, OVERHEAD_MESSAGES.badFormat('csv')],
    [{ timeout: '0s' }, OVERHEAD_MESSAGES.badTimeout('0s')],
  ])('rejects %j', (extra, message) => {
    let thrown: unknown;
    try {
      parseOverheadFlags(flags(extra));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as UsageError).message).toBe(message);
  });
});
