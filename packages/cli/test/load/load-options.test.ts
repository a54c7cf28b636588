import { describe, expect, it } from 'vitest';
import { LOAD_MESSAGES, parseLoadFlags } from '../../src/load/load-options.js';
import type { LoadFlags } from '../../src/load/load-options.js';
import { parseDurationFlag } from '../../src/shared/parse-duration-flag.js';
import { UsageError } from '../../src/shared/usage-error.js';

const flags = (extra: Partial<LoadFlags>): LoadFlags => ({
  format: 'table',
  rps: '10',
  duration: '2s',
  ...extra,
});

function usageMessage(f: LoadFlags): string {
  try {
    parseLoadFlags(f);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as UsageError).message;
  }
  throw new Error('expected a usage error');
}

describe('parseLoadFlags', () => {
  it('uses the system’s default routes with --sys', () => {
    const s = parseLoadFlags(flags({ sys: 'multi-svc' }));
    expect(s.routes.map((r) => r.route)).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(parseLoadFlags(flags({ sys: 'toy' })).routes).toEqual([
      { route: 'rolldice', weight: 1 },
    ]);
  });

  it('loads the target URL itself when no routes are given', () => {
    const s = parseLoadFlags(flags({ target: 'http://127.0.0.1:9/x' }));
    expect(s.routes).toEqual([{ route: '', weight: 1 }]);
    expect(s.source).toEqual({
      kind: 'target',
      url: new URL('http://127.0.0.1:9/x'),
    });
  });

  it('sizes the default concurrency for answers of up to a second', () => {
    expect(parseLoadFlags(flags({ sys: 'toy', rps: '10' })).concurrency).toBe(
      64,
    );
    expect(parseLoadFlags(flags({ sys: 'toy', rps: '500' })).concurrency).toBe(
      500,
    );
  });

  it('reads durations as Go durations or plain seconds', () => {
    expect(parseDurationFlag('1m30s')).toBe(90_000_000);
    expect(parseDurationFlag('2')).toBe(2_000_000);
    expect(parseDurationFlag('.5')).toBe(500_000);
    expect(parseDurationFlag('1d')).toBe(86_400_000_000);
    expect(parseDurationFlag('0s')).toBeNull();
    expect(parseDurationFlag('soon')).toBeNull();
  });

  it.each<[Partial<LoadFlags>, string]>([
    [{}, LOAD_MESSAGES.noSource],
    [{ target: 'http://127.0.0.1:1', sys: 'toy' }, LOAD_MESSAGES.targetAndSys],
    [{ sys: 'mesh' }, LOAD_MESSAGES.badSys('mesh')],
    [{ target: 'ftp://x' }, LOAD_MESSAGES.badTarget('ftp://x')],
    [{ sys: 'toy', rps: undefined }, LOAD_MESSAGES.noRps],
    [{ sys: 'toy', rps: '-3' }, LOAD_MESSAGES.badRps('-3')],
    [{ sys: 'toy', duration: undefined }, LOAD_MESSAGES.noDuration],
    [{ sys: 'toy', duration: '1 hour' }, LOAD_MESSAGES.badDuration('1 hour')],
    [{ sys: 'toy', rps: '0.1', duration: '5s' }, LOAD_MESSAGES.noArrivals],
    [{ sys: 'toy', concurrency: '0' }, LOAD_MESSAGES.badConcurrency('0')],
    [{ sys: 'toy', routes: 'a1,a1' }, LOAD_MESSAGES.badRoutes('a1,a1')],
    [{ sys: 'toy', format: 'csv' }, LOAD_MESSAGES.badFormat('csv')],
    [{ sys: 'toy', timeout: 'x' }, LOAD_MESSAGES.badTimeout('x')],
  ])('rejects %j', (extra, message) => {
    expect(usageMessage(flags(extra))).toBe(message);
  });
});
