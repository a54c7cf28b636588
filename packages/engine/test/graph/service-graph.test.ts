import { describe, expect, it } from 'vitest';
import { parseTraceId } from '@pathprof/model';
import type { Span } from '@pathprof/model';
import { createServiceGraphBuilder } from '@pathprof/engine';
import { freezeSpans, hop, span } from '../helpers.js';

/**
 *   a3 (svc-a) [0------------------100]
 *   ├─ e1 (svc-e)   [10---------60]
 *   │  └─ f1 (svc-f)    [20--40]
 *   └─ g1 (svc-g)                [70-90]   error when `failG` is set
 */
function traceSpans(n: number, failG = false): Span[] {
  const trace = parseTraceId((n + 1).toString(16))!;
  const base = n * 1000;
  return [
    hop({ id: 'a3', trace, service: 'svc-a', start: base, dur: 100 }),
    hop({
      id: 'e1',
      trace,
      parent: 'a3',
      service: 'svc-e',
      start: base + 10,
      dur: 50,
    }),
    hop({
      id: 'f1',
      trace,
      parent: 'e1',
      service: 'svc-f',
      start: base + 20,
      dur: 20,
    }),
    hop({
      id: 'g1',
      trace,
      parent: 'a3',
      service: 'svc-g',
      start: base + 70,
      dur: 20,
      error: failG,
    }),
  ];
}

describe('createServiceGraphBuilder', () => {
  it('joins each hop to the service of its calling hop with counts, errors and latency', () => {
    const builder = createServiceGraphBuilder();
    builder.addTrace(parseTraceId('1')!, traceSpans(0));
    builder.addTrace(parseTraceId('2')!, traceSpans(1, true));
    const graph = builder.build();
    expect(graph.traces).toBe(2);
    expect(
      graph.edges.map(
        (e) =>
          `${e.source}->${e.target} ${e.calls} ${e.errors} p50=${e.durationMicros.p50}`,
      ),
    ).toEqual([
      'svc-a->svc-e 2 0 p50=50',
      'svc-a->svc-g 2 1 p50=20',
      'svc-e->svc-f 2 0 p50=20',
    ]);
    expect(
      graph.nodes.map((n) => `${n.service} ${n.calls} ${n.entries}`),
    ).toEqual(['svc-a 2 2', 'svc-e 2 0', 'svc-f 2 0', 'svc-g 2 0']);
  });

  it('keeps to the call paths through a service when asked', () => {
    // through svc-g: a3 > g1 only, not svc-e and svc-f beside it;
    // through svc-e: a3 > e1 > f1, not svc-g
    const edgesThrough = (service: string): string[] => {
      const builder = createServiceGraphBuilder({ throughService: service });
      builder.addTrace(parseTraceId('1')!, traceSpans(0));
      const graph = builder.build();
      return [
        ...graph.nodes.map((n) => `${n.service} ${n.calls}`),
        ...graph.edges.map((e) => `${e.source}->${e.target}`),
      ];
    };
    expect(edgesThrough('svc-g')).toEqual([
      'svc-a 1',
      'svc-g 1',
      'svc-a->svc-g',
    ]);
    expect(edgesThrough('svc-e')).toEqual([
      'svc-a 1',
      'svc-e 1',
      'svc-f 1',
      'svc-a->svc-e',
      'svc-e->svc-f',
    ]);
    expect(edgesThrough('svc-x')).toEqual([]);
  });

  it('counts a call inside one service toward the node, not as an edge', () => {
    // a1 (svc-a) [0----100]
    // └─ a2 (svc-a) [10--50]
    const builder = createServiceGraphBuilder();
    builder.addTrace(parseTraceId('1')!, [
      hop({ id: 'a1', service: 'svc-a', start: 0, dur: 100 }),
      hop({ id: 'a2', parent: 'a1', service: 'svc-a', start: 10, dur: 40 }),
    ]);
    const graph = builder.build();
    expect(graph.edges).toEqual([]);
    expect(graph.nodes[0]!.calls).toBe(2);
  });

  it('folds proxy spans out of the edges', () => {
    // gw (istio-ingressgateway) [0---------100]
    // └─ a1 (svc-a, server)       [5------95]
    const builder = createServiceGraphBuilder();
    builder.addTrace(parseTraceId('1')!, [
      span({
        id: 'gw',
        service: 'istio-ingressgateway.istio-system',
        kind: 'client',
        start: 0,
        dur: 100,
        attrs: { component: 'proxy' },
      }),
      span({
        id: 'a1',
        parent: 'gw',
        service: 'svc-a',
        kind: 'server',
        start: 5,
        dur: 90,
      }),
    ]);
    const graph = builder.build();
    expect(graph.nodes.map((n) => n.service)).toEqual(['svc-a']);
    expect(graph.edges).toEqual([]);
  });

  it('gives rates per second over the time the traces cover', () => {
    // traces start 1 ms apart: 11 of them cover 11 ms, 1 000 requests per second
    const builder = createServiceGraphBuilder();
    for (let n = 0; n < 11; n++) {
      const spans = traceSpans(n);
      builder.addTrace(spans[0]!.traceId, spans);
    }
    const graph = builder.build();
    expect(graph.coverage!.seconds).toBeCloseTo(0.011, 9);
    for (const node of graph.nodes) {
      expect(node.ratePerSecond).toBeCloseTo(1000, 6);
    }
    expect(graph.edges.map((e) => e.ratePerSecond)).toEqual(
      graph.edges.map(() => expect.closeTo(1000, 6) as unknown),
    );
  });

  it('answers an empty graph before any trace', () => {
    expect(createServiceGraphBuilder().build()).toEqual({
      traces: 0,
      coverage: null,
      nodes: [],
      edges: [],
    });
  });

  it('does not mutate its input', () => {
    const spans = freezeSpans(traceSpans(0));
    const builder = createServiceGraphBuilder();
    expect(() => builder.addTrace(parseTraceId('1')!, spans)).not.toThrow();
  });
});
