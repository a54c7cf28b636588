/**
 * The memory governor's decisions, from an injected resident set and clock:
 * pressure from the high mark, kept until below the low mark and at least
 * its minimum length, readings at most once per sample gap.
 */
import { describe, expect, it } from 'vitest';
import {
  MemoryGovernor,
  decideMemoryPressure,
} from '../../src/server/memory-governor.js';
import type { MemoryPressureState } from '../../src/server/memory-governor.js';

const MiB = 1024 * 1024;
const THRESHOLDS = {
  limitBytes: 1000 * MiB,
  enterShare: 0.85,
  leaveShare: 0.75,
  minPressureMillis: 2000,
};
const CALM: MemoryPressureState = { pressure: false, sinceMillis: undefined };

describe('decideMemoryPressure', () => {
  it('stays calm below the high mark', () => {
    expect(decideMemoryPressure(CALM, 849 * MiB, 0, THRESHOLDS)).toBe(CALM);
  });

  it('starts pressure at the high mark, dated now', () => {
    expect(decideMemoryPressure(CALM, 850 * MiB, 5000, THRESHOLDS)).toEqual({
      pressure: true,
      sinceMillis: 5000,
    });
  });

  it('keeps pressure between the two marks (hysteresis)', () => {
    const under = { pressure: true, sinceMillis: 0 };
    expect(decideMemoryPressure(under, 800 * MiB, 60_000, THRESHOLDS)).toBe(
      under,
    );
  });

  it('keeps pressure below the low mark until it has lasted its minimum', () => {
    const under = { pressure: true, sinceMillis: 1000 };
    expect(decideMemoryPressure(under, 100 * MiB, 2999, THRESHOLDS)).toBe(
      under,
    );
    expect(decideMemoryPressure(under, 100 * MiB, 3000, THRESHOLDS)).toEqual(
      CALM,
    );
  });
});

describe('MemoryGovernor', () => {
  function governed(rss: { bytes: number }, clock: { millis: number }) {
    const changes: [boolean, number][] = [];
    const governor = new MemoryGovernor({
      limitBytes: 1000 * MiB,
      readRssBytes: () => rss.bytes,
      nowMillis: () => clock.millis,
      onChange: (pressure, bytes) => changes.push([pressure, bytes]),
      sampleGapMillis: 50,
    });
    return { governor, changes };
  }

  it('reports each change once, with the reading that caused it', () => {
    const rss = { bytes: 100 * MiB };
    const clock = { millis: 0 };
    const { governor, changes } = governed(rss, clock);
    expect(governor.underPressure()).toBe(false);
    rss.bytes = 900 * MiB;
    clock.millis = 100;
    expect(governor.underPressure()).toBe(true);
    clock.millis = 200;
    expect(governor.underPressure()).toBe(true);
    rss.bytes = 700 * MiB;
    clock.millis = 2100;
    expect(governor.underPressure()).toBe(false);
    expect(changes).toEqual([
      [true, 900 * MiB],
      [false, 700 * MiB],
    ]);
    expect(governor.rssBytes).toBe(700 * MiB);
  });

  it('reads the resident set again only after the sample gap', () => {
    const rss = { bytes: 100 * MiB };
    const clock = { millis: 0 };
    const { governor } = governed(rss, clock);
    expect(governor.underPressure()).toBe(false);
    rss.bytes = 900 * MiB;
    clock.millis = 49;
    expect(governor.underPressure()).toBe(false);
    clock.millis = 50;
    expect(governor.underPressure()).toBe(true);
  });

  it('samples at once on request, whatever the gap', () => {
    const rss = { bytes: 100 * MiB };
    const clock = { millis: 0 };
    const { governor } = governed(rss, clock);
    expect(governor.underPressure()).toBe(false);
    rss.bytes = 950 * MiB;
    governor.sample();
    expect(governor.rssBytes).toBe(950 * MiB);
    expect(governor.underPressure()).toBe(true);
  });
});
