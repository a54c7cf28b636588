import { describe, expect, it } from 'vitest';
import {
  analyzeTrace,
  KEY_BY_SERVICE,
  KEY_BY_SERVICE_COLLAPSED,
} from '@pathprof/engine';
import { freezeSpans, hop, TRACE_ID } from '../helpers.js';
import { a3Trace } from '../seed-fixtures.js';

describe('call paths and shapes', () => {
  it('gives one path per leaf hop of the /a3 fan-out, in call order', () => {
    // a3 ─┬─ e1 ─┬─ f1
    //     │      └─ d2
    //     └─ g1
    const { traceId, spans } = a3Trace(0);
    const analysis = analyzeTrace(traceId, spans);
    expect(analysis.records.map((r) => r.key)).toEqual([
      'svc-a:a3 > svc-e:e1 > svc-f:f1',
      'svc-a:a3 > svc-e:e1 > svc-d:d2',
      'svc-a:a3 > svc-g:g1',
    ]);
    expect(analysis.shape).toBe(
      'svc-a:a3(svc-e:e1(svc-d:d2,svc-f:f1),svc-g:g1)',
    );
  });

  it('computes self time without counting concurrent children twice', () => {
    // a [0---------------------100]
    // b     [10------50]
    // c        [20---------70]      union of children = [10,70) → self 40
    const spans = [
      hop({ id: 'a', service: 'x', start: 0, dur: 100 }),
      hop({ id: 'b', parent: 'a', service: 'y', start: 10, dur: 40 }),
      hop({ id: 'c', parent: 'a', service: 'z', start: 20, dur: 50 }),
    ];
    const analysis = analyzeTrace(TRACE_ID, spans);
    expect(Array.from(analysis.hopSelfMicros)).toEqual([40, 40, 50]);
  });

  it('keys paths by service, or collapses same-service runs, with pluggable strategies', () => {
    // a(x) ─ b(x) ─ c(y)
    const spans = [
      hop({ id: 'a', service: 'x', op: 'a', start: 0, dur: 100 }),
      hop({ id: 'b', parent: 'a', service: 'x', op: 'b', start: 10, dur: 80 }),
      hop({
        id: 'c',
        parent: 'b',
        service: 'y',
        op: 'c',
        start: 20,
        dur: 50,
        cpuMs: 5,
      }),
    ];
    expect(analyzeTrace(TRACE_ID, spans).records[0]!.key).toBe(
      'x:a > x:b > y:c',
    );
    expect(
      analyzeTrace(TRACE_ID, spans, { pathKey: KEY_BY_SERVICE }).records[0]!
        .key,
    ).toBe('x > x > y');
    const collapsed = analyzeTrace(TRACE_ID, spans, {
      pathKey: KEY_BY_SERVICE_COLLAPSED,
    }).records[0]!;
    expect(collapsed.key).toBe('x > y');
    // the folded position sums the self time of a (100-80) and b (80-50)
    expect(
      collapsed.positions.map((p) => [p.label, p.durationMicros, p.selfMicros]),
    ).toEqual([
      ['x', 100, 50],
      ['y', 50, 50],
    ]);
  });

  it('puts the sequential chain on the critical path and leaves the early-finishing branch off it', () => {
    // a3 [------------------------------------------]
    // e1  [----------------------------------------]
    // f1   [--]                (sequential before d2: critical)
    // d2                                     [----]
    // g1  [----]               (concurrent with e1, finishes first: not critical)
    const { traceId, spans } = a3Trace(0);
    const analysis = analyzeTrace(traceId, spans);
    const share = (key: string, position: number): number =>
      analysis.records.find((r) => r.key === key)!.positions[position]!
        .criticalShare;
    const total =
      share('svc-a:a3 > svc-e:e1 > svc-d:d2', 0) +
      share('svc-a:a3 > svc-e:e1 > svc-d:d2', 1) +
      share('svc-a:a3 > svc-e:e1 > svc-d:d2', 2) +
      share('svc-a:a3 > svc-e:e1 > svc-f:f1', 2);
    expect(total).toBeCloseTo(1, 10);
    expect(share('svc-a:a3 > svc-e:e1 > svc-f:f1', 2)).toBeGreaterThan(0);
    expect(share('svc-a:a3 > svc-g:g1', 1)).toBe(0);
  });

  it('does not mutate its input', () => {
    const { traceId, spans } = a3Trace(1);
    const frozen = freezeSpans(spans);
    const before = JSON.stringify(frozen);
    analyzeTrace(traceId, frozen);
    expect(JSON.stringify(frozen)).toBe(before);
  });
});

describe('shape signatures of big traces', () => {
  it('stays short and stable for a 100k-hop chain (hashed subtrees)', () => {
    // h0 ─ h1 ─ h2 ─ … ─ h99999, all SDK hops in alternating services
    const spans = Array.from({ length: 100_000 }, (_, i) =>
      hop({
        id: `h${i}`,
        ...(i === 0 ? {} : { parent: `h${i - 1}` }),
        service: i % 2 === 0 ? 'x' : 'y',
        op: 'f',
        start: i,
        dur: 200_000 - 2 * i,
      }),
    );
    const first = analyzeTrace(TRACE_ID, spans).shape;
    expect(first.length).toBeLessThanOrEqual(600);
    expect(first).toMatch(/^x:f\(y:f\(.*…#[0-9a-f]{16}\)+$/);
    expect(analyzeTrace(TRACE_ID, spans).shape).toBe(first);
  });

  it('tells apart big trees that differ in one deep hop', () => {
    const chain = (last: string) =>
      Array.from({ length: 300 }, (_, i) =>
        hop({
          id: `h${i}`,
          ...(i === 0 ? {} : { parent: `h${i - 1}` }),
          service: 's',
          op: i === 299 ? last : 'f',
          start: i,
          dur: 1000 - 2 * i,
        }),
      );
    expect(analyzeTrace(TRACE_ID, chain('a')).shape).not.toBe(
      analyzeTrace(TRACE_ID, chain('b')).shape,
    );
  });
});

describe('path budget', () => {
  it('skips and counts the paths of a broom-shaped trace beyond the budget', () => {
    // a chain of 2 000 hops that fans out into 1 000 leaves: 2 million positions
    const chain = Array.from({ length: 2000 }, (_, i) =>
      hop({
        id: `c${i}`,
        ...(i === 0 ? {} : { parent: `c${i - 1}` }),
        service: 's',
        op: 'c',
        start: i,
        dur: 100_000 - 2 * i,
      }),
    );
    const leaves = Array.from({ length: 1000 }, (_, i) =>
      hop({
        id: `l${i}`,
        parent: 'c1999',
        service: 't',
        op: `l${i}`,
        start: 3000 + i,
        dur: 1,
      }),
    );
    const analysis = analyzeTrace(TRACE_ID, [...chain, ...leaves]);
    expect(analysis.records.length).toBeLessThan(1000);
    expect(analysis.records.length).toBeGreaterThan(400);
    expect(analysis.warnings.map((w) => w.code)).toContain('paths-skipped');
  });
});
