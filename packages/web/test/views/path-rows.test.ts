import { describe, expect, it } from 'vitest';
import type {
  AnalysisReport,
  PathProfile,
  SummaryStats,
} from '@pathprof/model';
import {
  buildPathRows,
  filterPathRows,
  sortPathRows,
} from '../../src/views/paths/path-rows.js';
import {
  DEFAULT_PATHS_VIEW,
  formatPathsViewParams,
  parsePathsViewState,
} from '../../src/views/paths/paths-view-state.js';

function stats(p50: number): SummaryStats {
  return {
    count: 1,
    min: p50,
    max: p50 * 2,
    mean: p50,
    stddev: 0,
    p50,
    p90: p50,
    p95: p50 * 1.5,
    p99: p50 * 2,
    exact: true,
  };
}

function path(
  key: string,
  count: number,
  p50: number,
  cpu: number | null,
): PathProfile {
  return {
    key,
    hops: [],
    count,
    // the server's rate: requests over the 60 s the traces cover
    ratePerSecond: count / 60,
    errors: count > 10 ? 1 : 0,
    incomplete: 0,
    durationMicros: stats(p50),
    branchMicros: stats(p50),
    cpuMicros: cpu === null ? null : stats(cpu),
    memoryBytes: null,
    exemplars: [],
  };
}

const REPORT: AnalysisReport = {
  schemaVersion: 2,
  groupBy: 'path',
  pathKey: 'service+operation',
  totals: {
    traces: 60,
    spansRead: 300,
    spans: 300,
    droppedSpans: {},
    tracesWithoutHops: 0,
    cutTraces: 0,
    paths: 3,
    warnings: 0,
    warningsByCode: {},
    coverage: { firstStartMicros: 0, lastStartMicros: 59_000_000, seconds: 60 },
  },
  warningSamples: [],
  paths: [
    path('svc-a:a1 > svc-b:b1', 30, 20_000, 5000),
    path('svc-a:a3 > svc-e:e1', 20, 230_000, null),
    path('svc-a:a4', 10, 1000, 900),
  ],
};

describe('path rows', () => {
  it('takes the rate the server computed over the time the traces cover, and the error share', () => {
    const [row] = buildPathRows(REPORT);
    expect(row!.ratePerSecond).toBe(0.5);
    expect(row!.errorShare).toBeCloseTo(1 / 30);
  });

  it('sorts by a measure in either direction, ties by key', () => {
    const rows = buildPathRows(REPORT);
    expect(sortPathRows(rows, 'p95', 'desc').map((r) => r.count)).toEqual([
      20, 30, 10,
    ]);
    expect(sortPathRows(rows, 'count', 'asc').map((r) => r.count)).toEqual([
      10, 20, 30,
    ]);
    expect(sortPathRows(rows, 'key', 'asc')[0]!.key).toBe(
      'svc-a:a1 > svc-b:b1',
    );
  });

  it('puts rows without the measure last whatever the direction', () => {
    const rows = buildPathRows(REPORT);
    expect(sortPathRows(rows, 'cpu', 'asc').at(-1)!.cpuP50Micros).toBe(null);
    expect(sortPathRows(rows, 'cpu', 'desc').at(-1)!.cpuP50Micros).toBe(null);
  });

  it('keeps rows holding every word of the filter, case-insensitive', () => {
    const rows = buildPathRows(REPORT);
    expect(filterPathRows(rows, 'SVC-E').map((r) => r.key)).toEqual([
      'svc-a:a3 > svc-e:e1',
    ]);
    expect(filterPathRows(rows, 'a1 b1').length).toBe(1);
    expect(filterPathRows(rows, '  ').length).toBe(3);
  });

  it('does not change the rows it sorts', () => {
    const rows = Object.freeze(buildPathRows(REPORT));
    expect(() => sortPathRows(rows, 'p50', 'asc')).not.toThrow();
  });
});

describe('paths view state', () => {
  it('round-trips through URL parameters', () => {
    const state = {
      groupBy: 'shape',
      sort: 'count',
      direction: 'asc',
      filter: 'svc-e',
    } as const;
    const params = new URLSearchParams(
      Object.entries(formatPathsViewParams(state)).filter(
        (e): e is [string, string] => e[1] !== undefined,
      ),
    );
    expect(parsePathsViewState(params)).toEqual(state);
  });

  it('defaults to paths by p95, slowest first, and names A→Z', () => {
    expect(parsePathsViewState(new URLSearchParams(''))).toEqual(
      DEFAULT_PATHS_VIEW,
    );
    expect(parsePathsViewState(new URLSearchParams('sort=key')).direction).toBe(
      'asc',
    );
    expect(parsePathsViewState(new URLSearchParams('sort=bogus')).sort).toBe(
      'p95',
    );
  });
});
