import { describe, expect, it } from 'vitest';
import type { LatencyHistogram, ServiceGraph } from '@pathprof/engine';
import type { HopProfile, PathProfile, SummaryStats } from '@pathprof/model';
import {
  buildEdgeRows,
  buildGraphElements,
} from '../../src/views/graph/graph-model.js';
import {
  buildHopBreakdown,
  buildHopChartOption,
  findBottleneck,
  findDominantHop,
  splitHopTime,
} from '../../src/views/path-detail/hop-breakdown.js';
import { findBucketIndex } from '../../src/views/path-detail/histogram-option.js';

function stats(p50: number): SummaryStats {
  return {
    count: 10,
    min: p50,
    max: p50,
    mean: p50,
    stddev: 0,
    p50,
    p90: p50,
    p95: p50,
    p99: p50,
    exact: true,
  };
}

describe('graph model', () => {
  const graph: ServiceGraph = {
    traces: 10,
    coverage: {
      firstStartMicros: 0,
      lastStartMicros: 90_000_000,
      seconds: 100,
    },
    nodes: [
      {
        service: 'svc-a',
        calls: 10,
        ratePerSecond: 0.1,
        errors: 0,
        entries: 10,
        durationMicros: stats(200_000),
      },
      {
        service: 'svc-e',
        calls: 10,
        ratePerSecond: 0.1,
        errors: 2,
        entries: 0,
        durationMicros: stats(190_000),
      },
    ],
    edges: [
      {
        source: 'svc-a',
        target: 'svc-e',
        calls: 10,
        ratePerSecond: 0.1,
        errors: 2,
        durationMicros: stats(190_000),
      },
    ],
  };

  it('labels edges with rate, error share and p95 and marks failing ones', () => {
    const elements = buildGraphElements(graph);
    const edge = elements.find((e) => e.group === 'edges')!;
    expect(edge.data).toMatchObject({
      source: 'svc-a',
      target: 'svc-e',
      label: '0.10/s · 20% err · p95 190.0ms',
    });
    expect(edge.classes).toBe('has-errors');
    expect(buildEdgeRows(graph)[0]).toMatchObject({
      ratePerSecond: 0.1,
      errorShare: 0.2,
    });
  });

  it('leaves the error share out of the label of an edge without errors', () => {
    const clean: ServiceGraph = {
      ...graph,
      edges: [{ ...graph.edges[0]!, errors: 0 }],
    };
    const edge = buildGraphElements(clean).find((e) => e.group === 'edges')!;
    expect(edge.data).toMatchObject({ label: '0.10/s · p95 190.0ms' });
    expect(edge.classes).toBe('');
  });
});

describe('hop breakdown', () => {
  const hop = (
    position: number,
    label: string,
    share: number,
    other: { micros: number; label?: string } = { micros: 0 },
  ): HopProfile => ({
    position,
    label,
    service: label.split(':')[0]!,
    count: 10,
    errors: 0,
    errorSources: { items: [], unlisted: 0 },
    durationMicros: stats(100),
    selfMicros: stats(50),
    cpuMicros: stats(5),
    waitingMicros: stats(95),
    memoryBytes: null,
    criticalPathShare: { p50: share, p95: share },
    calls: stats(1),
    criticalCalls: stats(1),
    overlap: stats(1),
    inNextHopMicros: stats(50 - other.micros),
    inOtherBranchesMicros: stats(other.micros),
    otherBranches:
      other.label === undefined ? [] : [{ value: other.label, count: 10 }],
  });

  it('orders hops by position and finds the one dominating the critical path', () => {
    const path = {
      hops: [hop(1, 'svc-e:e1', 0.9), hop(0, 'svc-a:a3', 0.1)],
    } as unknown as PathProfile;
    const rows = buildHopBreakdown(path);
    expect(rows.map((r) => r.label)).toEqual(['svc-a:a3', 'svc-e:e1']);
    expect(findDominantHop(rows)?.label).toBe('svc-e:e1');
    expect(findDominantHop([])).toBe(null);
  });

  it('splits a hop into its CPU, its own off-CPU time, its next hop and other branches', () => {
    // duration 100 = self 50 (CPU 5 + off-CPU 45) + 30 in the next hop + 20 elsewhere
    const [row] = buildHopBreakdown({
      hops: [hop(0, 'svc-a:a3', 1, { micros: 20, label: 'svc-e:e1' })],
    } as unknown as PathProfile);
    expect(splitHopTime(row!)).toEqual({
      cpu: 5,
      offCpu: 45,
      inNext: 30,
      inOther: 20,
    });
    const option = buildHopChartOption([row!]) as {
      series: { name: string; stack: string; data: (number | null)[] }[];
    };
    expect(option.series.map((s) => [s.name, s.stack, s.data])).toEqual([
      ['CPU', 'time', [0.005]],
      ['Off-CPU (own wait)', 'time', [0.045]],
      ["In this path's next hop", 'time', [0.03]],
      ['In other branches', 'time', [0.02]],
    ]);
  });

  it('names the sibling branch a fan-out path waits on as its bottleneck', () => {
    // a3 > g1: a3 waits 200 µs (p50) on svc-e:e1, far more than any own time
    const rows = buildHopBreakdown({
      hops: [
        {
          ...hop(0, 'svc-a:a3', 0.05, { micros: 200, label: 'svc-e:e1' }),
          durationMicros: stats(260),
        },
        hop(1, 'svc-g:g1', 0.01),
      ],
    } as unknown as PathProfile);
    expect(findBottleneck(rows)).toMatchObject({
      kind: 'other-branch',
      label: 'svc-e:e1',
      caller: { label: 'svc-a:a3' },
      waitMicros: 200,
    });
    // a straight path: the hop dominating the critical path
    const straight = buildHopBreakdown({
      hops: [hop(0, 'svc-a:a1', 0.2), hop(1, 'svc-b:b1', 0.8)],
    } as unknown as PathProfile);
    expect(findBottleneck(straight)).toMatchObject({
      kind: 'hop',
      row: { label: 'svc-b:b1' },
    });
  });

  it('stacks self time and callees when no hop reports CPU', () => {
    const [row] = buildHopBreakdown({
      hops: [
        { ...hop(0, 'svc-a:a3', 1), cpuMicros: null, waitingMicros: null },
      ],
    } as unknown as PathProfile);
    expect(splitHopTime(row!)).toEqual({
      cpu: null,
      offCpu: 50,
      inNext: 50,
      inOther: 0,
    });
    const option = buildHopChartOption([row!]) as {
      series: { name: string }[];
    };
    expect(option.series.map((s) => s.name)).toEqual([
      'CPU',
      'Self',
      "In this path's next hop",
      'In other branches',
    ]);
  });
});

describe('findBucketIndex', () => {
  const histogram: LatencyHistogram = {
    count: 3,
    bucketsPerDecade: 10,
    buckets: [
      { lowerMicros: 1000, upperMicros: 1259, count: 1 },
      { lowerMicros: 1259, upperMicros: 1585, count: 2 },
    ],
  };

  it('places a percentile in its bucket, clamped to the ends', () => {
    expect(findBucketIndex(histogram, 1300)).toBe(1);
    expect(findBucketIndex(histogram, 10)).toBe(0);
    expect(findBucketIndex(histogram, 1e9)).toBe(1);
  });
});
