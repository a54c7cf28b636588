import { describe, expect, it } from 'vitest';
import {
  ComparisonSides,
  describeSplitSide,
  describeWindowSide,
  formatWindowLabel,
} from '@pathprof/engine';
import { parseTraceId } from '@pathprof/model';
import type { Span, TraceId } from '@pathprof/model';
import { span } from '../helpers.js';

const tid = (n: string): TraceId => parseTraceId(n.replace('t', 'f'))!;

const split = { key: 'service.version', baseline: 'v1', candidate: 'v2' };

/** A one-span trace of `svc` whose resource says `version` (or nothing). */
function traceOf(id: string, versions: readonly string[]): Span[] {
  return versions.map((version, i) => ({
    ...span({
      id: `${id}${i}`,
      service: `svc-${i}`,
      start: 1_000_000 * i,
      dur: 10,
      ...(i > 0 ? { parent: `${id}0` } : {}),
    }),
    resource: { 'service.version': version },
  }));
}

describe('ComparisonSides', () => {
  it('routes each trace of a split source by its value and counts those carrying both', () => {
    const sides = new ComparisonSides();
    sides.route(split, tid('t1'), traceOf('a', ['v1']));
    sides.route(split, tid('t2'), traceOf('b', ['v2']));
    sides.route(split, tid('t3'), traceOf('c', ['v2']));
    sides.route(split, tid('t4'), traceOf('d', ['v1', 'v2'])); // both: neither side
    sides.route(split, tid('t5'), traceOf('e', ['v9'])); // neither value: left out
    expect(sides.baseline.traces).toBe(1);
    expect(sides.candidate.traces).toBe(2);
    expect(sides.ambiguous).toBe(1);
  });

  it('takes each side’s own traces as they are, with no split', () => {
    const sides = new ComparisonSides();
    sides.add('baseline', tid('t1'), traceOf('a', ['v2']));
    sides.add('candidate', tid('t2'), traceOf('b', ['v1']));
    sides.add('candidate', tid('t3'), traceOf('c', ['v1', 'v2']));
    expect([sides.baseline.traces, sides.candidate.traces]).toEqual([1, 2]);
    expect(sides.ambiguous).toBe(0);
  });

  it('hands both sides to comparePathSamples with their descriptions', () => {
    const sides = new ComparisonSides();
    const inputs = sides.inputs(
      describeSplitSide({ ...split, service: 'checkout' }, 'baseline', 900),
      describeSplitSide(split, 'candidate', null),
    );
    expect(inputs.baseline).toMatchObject({
      label: 'service.version=v1 in checkout',
      windowSeconds: 900,
    });
    expect(inputs.baseline.samples).toBe(sides.baseline);
    expect(inputs.candidate).toMatchObject({
      label: 'service.version=v2',
      windowSeconds: null,
    });
  });
});

describe('window labels', () => {
  it('writes RFC 3339 UTC to the second, finer only when the window is', () => {
    const start = Date.UTC(2026, 10, 25, 10, 0, 0) * 1000;
    expect(
      formatWindowLabel({ startMicros: start, endMicros: start + 900e6 }),
    ).toBe('2026-11-25T10:00:00Z..2026-11-25T10:15:00Z');
    expect(
      formatWindowLabel({ startMicros: start + 1500, endMicros: start + 2e6 }),
    ).toBe('2026-11-25T10:00:00.001500Z..2026-11-25T10:00:02Z');
    expect(
      describeWindowSide({ startMicros: start, endMicros: start + 3600e6 })
        .windowSeconds,
    ).toBe(3600);
  });
});
