import type { CompareDistributions, ComparisonReport } from '@pathprof/model';
import type { Span } from '@pathprof/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import { T0, getJson, span, toQuery } from '../query/span-builders.js';

const PATH = 'svc-a:a > svc-b:b > svc-c:c';
const SECOND = 1_000_000;
const TRACES_PER_SIDE = 60;

/** mulberry32: uniform in [0, 1). */
function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * svc-a:a → svc-b:b → svc-c:c, server spans; c lasts ~cMicros (±10 % noise).
 * Version v1 traces start in [T0, T0 + 60 s), v2 ones in [T0 + 100 s, T0 + 160 s).
 */
function chainSpans(
  version: 'v1' | 'v2',
  cMicros: number,
  seed: number,
): Span[] {
  const random = seededUniform(seed);
  const first = version === 'v1' ? 1 : 1001;
  const offset = version === 'v1' ? 0 : 100 * SECOND;
  const resource = { 'service.version': version };
  return Array.from({ length: TRACES_PER_SIDE }, (_, i) => {
    const trace = first + i;
    const c = Math.round(cMicros * (0.9 + 0.2 * random()));
    const start = offset + i * SECOND;
    return [
      span({
        trace,
        id: 1,
        service: 'svc-a',
        op: 'a',
        start,
        dur: 5000 + c,
        resource,
      }),
      span({
        trace,
        id: 2,
        parent: 1,
        service: 'svc-b',
        op: 'b',
        start: start + 1000,
        dur: 3000 + c,
        resource,
      }),
      span({
        trace,
        id: 3,
        parent: 2,
        service: 'svc-c',
        op: 'c',
        start: start + 2000,
        dur: c,
        resource,
      }),
    ];
  }).flat();
}

let collector: TestCollector;
beforeAll(async () => {
  collector = await startTestCollector({ nowMicros: () => T0 + 200 * SECOND });
  await collector.store.appendSpans([
    ...chainSpans('v1', 10_000, 1),
    ...chainSpans('v2', 12_000, 2),
  ]);
});
afterAll(() => collector.close());

const compareUrl = (params: [string, string | number][]): string =>
  `${collector.queryUrl}/api/compare?${toQuery(params)}`;

describe('GET /api/compare', () => {
  it('compares two windows and names the slower hop', async () => {
    const { status, body } = await getJson<ComparisonReport>(
      compareUrl([
        ['baselineStart', T0],
        ['baselineEnd', T0 + 100 * SECOND],
        ['candidateStart', T0 + 100 * SECOND],
        ['candidateEnd', T0 + 200 * SECOND],
      ]),
    );
    expect(status).toBe(200);
    expect(body.baseline).toEqual({
      label: '2023-11-14T22:13:20Z..2023-11-14T22:15:00Z',
      traces: TRACES_PER_SIDE,
      windowSeconds: 100,
      coverage: {
        firstStartMicros: 1700000000000000,
        lastStartMicros: 1700000059000000,
        seconds: 60,
      },
    });
    const path = body.paths[0]!;
    expect(path.key).toBe(PATH);
    expect(path.verdict).toBe('regressed');
    // 60 requests a second apart: 1 per second over the 60 s they cover, not 0.6 over the 100 s window
    expect(path.rate.baseline).toBeCloseTo(1);
    expect(path.responsibleHop!.label).toBe('svc-c:c');
    expect(body.summary.regressed).toBe(1);
  });

  it('splits one window by service.version', async () => {
    const { status, body } = await getJson<ComparisonReport>(
      compareUrl([
        ['by', 'service.version'],
        ['baseline', 'v1'],
        ['candidate', 'v2'],
        ['start', T0],
        ['end', T0 + 200 * SECOND],
        ['service', 'svc-c'],
      ]),
    );
    expect(status).toBe(200);
    expect(body.baseline.label).toBe('service.version=v1');
    expect(body.candidate.traces).toBe(TRACES_PER_SIDE);
    expect(body.paths[0]!.verdict).toBe('regressed');
  });

  it('answers both sides’ latencies per path on shared buckets', async () => {
    const { status, body } = await getJson<CompareDistributions>(
      `${collector.queryUrl}/api/compare/distributions?${toQuery([
        ['by', 'service.version'],
        ['baseline', 'v1'],
        ['candidate', 'v2'],
        ['start', T0],
        ['end', T0 + 200 * SECOND],
      ])}`,
    );
    expect(status).toBe(200);
    const [path] = body.paths;
    expect(path!.key).toBe(PATH);
    expect([path!.baselineCount, path!.candidateCount]).toEqual([
      TRACES_PER_SIDE,
      TRACES_PER_SIDE,
    ]);
    const sum = (side: 'baseline' | 'candidate'): number =>
      path!.buckets.reduce((n, b) => n + b[side], 0);
    expect([sum('baseline'), sum('candidate')]).toEqual([
      TRACES_PER_SIDE,
      TRACES_PER_SIDE,
    ]);
    // buckets are contiguous and shared; v2's c is ~20% slower, so its
    // requests sit in higher buckets on the whole
    path!.buckets.slice(1).forEach((b, i) => {
      expect(b.lowerMicros).toBeCloseTo(path!.buckets[i]!.upperMicros, 6);
    });
    const mean = (side: 'baseline' | 'candidate'): number =>
      path!.buckets.reduce((n, b, i) => n + i * b[side], 0) / TRACES_PER_SIDE;
    expect(mean('candidate')).toBeGreaterThan(mean('baseline'));
  });

  it('reports no regression when both sides are the same version', async () => {
    const { body } = await getJson<ComparisonReport>(
      compareUrl([
        ['baselineStart', T0],
        ['baselineEnd', T0 + 30 * SECOND],
        ['candidateStart', T0 + 30 * SECOND],
        ['candidateEnd', T0 + 60 * SECOND],
      ]),
    );
    expect(body.summary.regressed).toBe(0);
    expect(body.paths[0]!.verdict).toBe('unchanged');
  });

  it.each([
    [[], "give 'by' with 'baseline' and 'candidate'"],
    [
      [
        ['baselineStart', 'x'],
        ['baselineEnd', 1],
        ['candidateStart', 1],
        ['candidateEnd', 2],
      ],
      "unable to parse param 'baselineStart'",
    ],
    [
      [
        ['baselineStart', 5],
        ['baselineEnd', 1],
        ['candidateStart', 1],
        ['candidateEnd', 2],
      ],
      "'baselineStart' (5) must be before",
    ],
    [
      [
        ['by', 'service.version'],
        ['baseline', 'v1'],
      ],
      "'by' needs 'candidate'",
    ],
    [
      [
        ['by', 'v'],
        ['baseline', 'a'],
        ['candidate', 'b'],
        ['alpha', '3'],
      ],
      "'alpha' must be a number between 0 and 1 (both excluded)",
    ],
    [
      [
        ['by', 'v'],
        ['baseline', 'a'],
        ['candidate', 'b'],
        ['pathKey', 'x'],
      ],
      "'pathKey' must be one of",
    ],
  ] as [[string, string | number][], string][])(
    'answers 400 in the Jaeger envelope for %j',
    async (params, msg) => {
      const { status, body } = await getJson<{
        data: null;
        errors: { code: number; msg: string }[];
      }>(compareUrl(params));
      expect(status).toBe(400);
      expect(body.data).toBeNull();
      expect(body.errors[0]!.code).toBe(400);
      expect(body.errors[0]!.msg).toContain(msg);
    },
  );
});
