/**
 * A comparison report as `GET /api/compare` answers it (contract:
 * packages/model/src/comparison.ts): /a3 through svc-e:e1 regressed because
 * e1's self time grew, /a1 unchanged, /a9 appeared. Served by a stubbed
 * route in the browser tests, so the view is tested without the engine.
 */
import type { ComparisonReport, MeasureChange } from '@pathprof/model';
import { PATH_A1, PATH_A3_E1, traceIdOf } from './fixture-traces.js';

function change(
  baseline: number | null,
  candidate: number | null,
): MeasureChange {
  const delta =
    baseline === null || candidate === null ? null : candidate - baseline;
  return {
    baseline,
    candidate,
    delta,
    relative:
      delta === null || baseline === 0 || baseline === null
        ? null
        : delta / baseline,
  };
}

const NO_HOPS = { hops: [], exemplars: { baseline: [], candidate: [] } };

export const COMPARISON: ComparisonReport = {
  schemaVersion: 1,
  pathKey: 'service+operation',
  baseline: {
    label: 'service.version=v1',
    traces: 500,
    windowSeconds: 600,
    coverage: {
      firstStartMicros: 0,
      lastStartMicros: 599_000_000,
      seconds: 600,
    },
  },
  candidate: {
    label: 'service.version=v2',
    traces: 480,
    windowSeconds: 600,
    coverage: {
      firstStartMicros: 0,
      lastStartMicros: 599_000_000,
      seconds: 600,
    },
  },
  alpha: 0.01,
  minEffect: 0.05,
  summary: {
    regressed: 1,
    improved: 0,
    unchanged: 1,
    appeared: 1,
    vanished: 0,
    insufficient: 0,
  },
  paths: [
    {
      key: PATH_A3_E1,
      verdict: 'regressed',
      count: change(200, 190),
      rate: change(0.333, 0.317),
      errorRate: change(0, 0),
      p50Micros: change(120_000, 230_000),
      p95Micros: change(140_000, 330_000),
      p99Micros: change(150_000, 1_600_000),
      cpuP50Micros: change(10_000, 10_200),
      memoryP50Bytes: change(1_000_000, 1_000_000),
      test: {
        method: 'mann-whitney-u',
        pValue: 0.00001,
        rawPValue: 0.000005,
        effect: 0.97,
        p50DeltaInterval: [100_000, 120_000],
        significant: true,
      },
      responsibleHop: {
        position: 1,
        label: 'svc-e:e1',
        measure: 'selfMicros',
        p50: change(100_000, 210_000),
        shareOfPathChange: 1,
      },
      hops: [],
      exemplars: { baseline: [traceIdOf(1000)], candidate: [traceIdOf(1019)] },
    },
    {
      key: PATH_A1,
      verdict: 'unchanged',
      count: change(300, 290),
      rate: change(0.5, 0.483),
      errorRate: change(0.1, 0.1),
      p50Micros: change(21_400, 21_500),
      p95Micros: change(22_700, 22_800),
      p99Micros: change(22_900, 22_900),
      cpuP50Micros: change(11_000, 11_000),
      memoryP50Bytes: change(2_000_000, 2_000_000),
      test: {
        method: 'mann-whitney-u',
        pValue: 0.62,
        rawPValue: 0.62,
        effect: 0.51,
        p50DeltaInterval: null,
        significant: false,
      },
      ...NO_HOPS,
    },
    {
      key: 'svc-a:a9 > svc-h:h1',
      verdict: 'appeared',
      count: change(null, 40),
      rate: change(null, 0.067),
      errorRate: change(null, 0),
      p50Micros: change(null, 50_000),
      p95Micros: change(null, 60_000),
      p99Micros: change(null, 70_000),
      cpuP50Micros: change(null, 4000),
      memoryP50Bytes: change(null, 100_000),
      ...NO_HOPS,
    },
  ],
};
