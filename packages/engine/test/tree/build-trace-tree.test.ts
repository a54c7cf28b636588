import { describe, expect, it } from 'vitest';
import type { Span } from '@pathprof/model';
import { buildTraceTree } from '@pathprof/engine';
import { dumpTree, freezeSpans, sid, span, TRACE_ID } from '../helpers.js';

describe('buildTraceTree', () => {
  it('orders children by start time whatever the input order', () => {
    // a [0---------------100]
    // c        [40--60]
    // b  [10--30]
    const { tree, warnings } = buildTraceTree(TRACE_ID, [
      span({ id: 'c', parent: 'a', start: 40, dur: 20 }),
      span({ id: 'a', start: 0, dur: 100 }),
      span({ id: 'b', parent: 'a', start: 10, dur: 20 }),
    ]);
    expect(dumpTree(tree)).toMatchInlineSnapshot(`
      "a (svc) [0-100]
        b (svc) [10-30]
        c (svc) [40-60]"
    `);
    expect(warnings).toEqual([]);
  });

  it('makes a span whose parent is missing an extra root and reports it', () => {
    // a [0-----50]        x (parent "gone" not in trace) [10-20]
    const { tree, warnings } = buildTraceTree(TRACE_ID, [
      span({ id: 'a', start: 0, dur: 50 }),
      span({ id: 'x', parent: 'gone', start: 10, dur: 10 }),
    ]);
    expect(tree.roots).toHaveLength(2);
    expect(warnings.map((w) => w.code).sort()).toEqual([
      'multiple-roots',
      'orphan-span',
    ]);
  });

  it('keeps the first of two spans with the same id and reports the duplicate', () => {
    const { tree, warnings } = buildTraceTree(TRACE_ID, [
      span({ id: 'a', start: 0, dur: 50, op: 'first' }),
      span({ id: 'a', start: 0, dur: 50, op: 'second' }),
    ]);
    expect(tree.nodes.map((n) => n.span.operation)).toEqual(['first']);
    expect(warnings.map((w) => w.code)).toEqual(['duplicate-span-id']);
  });

  it('keeps the SERVER spans of one broadcast on different hosts apart, each with its own children', () => {
    // no client span was reported; three consumers reused the sender's id x
    // x  (worker @h1)  [0---40]
    //   c1             [5-20]       parent x, host h1
    // x  (worker @h2)    [10----60]
    //   c2                 [30-50]  parent x, host h2
    // x  (worker @h1)             [70--90]
    //   c3                          [75-85] parent x, host h1
    const at = (host: string, s: Span): Span => ({
      ...s,
      resource: { 'host.name': host },
    });
    const { tree, warnings } = buildTraceTree(TRACE_ID, [
      at(
        'h1',
        span({ id: 'x', service: 'worker', kind: 'server', start: 0, dur: 40 }),
      ),
      at(
        'h2',
        span({
          id: 'x',
          service: 'worker',
          kind: 'server',
          start: 10,
          dur: 50,
        }),
      ),
      at(
        'h1',
        span({
          id: 'x',
          service: 'worker',
          kind: 'server',
          start: 70,
          dur: 20,
        }),
      ),
      at(
        'h1',
        span({ id: 'c1', parent: 'x', service: 'worker', start: 5, dur: 15 }),
      ),
      at(
        'h2',
        span({ id: 'c2', parent: 'x', service: 'worker', start: 30, dur: 20 }),
      ),
      at(
        'h1',
        span({ id: 'c3', parent: 'x', service: 'worker', start: 75, dur: 10 }),
      ),
    ]);
    expect(dumpTree(tree)).toMatchInlineSnapshot(`
      "x (worker) [0-40]
        c1 (worker) [5-20]
      x (worker) [10-60]
        c2 (worker) [30-50]
      x (worker) [70-90]
        c3 (worker) [75-85]"
    `);
    expect(warnings.map((w) => w.code).sort()).toEqual([
      'multiple-roots',
      'shared-span-id',
      'shared-span-id',
    ]);
  });

  it("merges a kind-less fragment into the timed span with its id, keeping the fragment's error", () => {
    // a (server, timed) [0----100]
    // a (no kind, no timing, error=true): a late annotation of the same span
    const { tree, warnings } = buildTraceTree(TRACE_ID, [
      span({ id: 'a', service: 'api', kind: 'server', start: 0, dur: 100 }),
      {
        ...span({ id: 'a', service: 'api', start: 0, dur: 0, error: true }),
        kind: 'unspecified',
        missingTiming: 'both',
        attributes: { error: true, 'http.status_code': 503 },
      },
    ]);
    expect(tree.nodes).toHaveLength(1);
    const merged = tree.nodes[0]!.span;
    expect(merged.kind).toBe('server');
    expect(merged.status).toBe('error');
    expect(merged.attributes['http.status_code']).toBe(503);
    expect([tree.nodes[0]!.startMicros, tree.nodes[0]!.endMicros]).toEqual([
      0, 100,
    ]);
    expect(warnings.map((w) => w.code)).toEqual(['duplicate-span-id']);
  });

  it('puts a Zipkin shared server span below the client span with the same id', () => {
    // client a [0------100]  (service web)
    // server a    [10--90]   (service api, shared)
    const { tree, warnings } = buildTraceTree(TRACE_ID, [
      span({
        id: 'a',
        service: 'api',
        kind: 'server',
        shared: true,
        start: 10,
        dur: 80,
      }),
      span({ id: 'a', service: 'web', kind: 'client', start: 0, dur: 100 }),
    ]);
    expect(dumpTree(tree)).toMatchInlineSnapshot(`
      "a (web) [0-100]
        a (api) [10-90] shared"
    `);
    expect(warnings).toEqual([]);
  });

  it('cuts a reference cycle at its earliest span and reports it', () => {
    // a -> b -> c -> a (hostile input)
    const { tree, warnings } = buildTraceTree(TRACE_ID, [
      span({ id: 'a', parent: 'c', start: 0, dur: 100 }),
      span({ id: 'b', parent: 'a', start: 10, dur: 50 }),
      span({ id: 'c', parent: 'b', start: 20, dur: 10 }),
    ]);
    expect(tree.roots).toEqual([0]);
    expect(dumpTree(tree)).toMatchInlineSnapshot(`
      "a (svc) [0-100]
        b (svc) [10-60]
          c (svc) [20-30]"
    `);
    expect(warnings.map((w) => w.code)).toEqual(['reference-cycle']);
  });

  it('treats a span that is its own parent as a root', () => {
    const { tree, warnings } = buildTraceTree(TRACE_ID, [
      span({ id: 'a', parent: 'a', start: 0, dur: 10 }),
    ]);
    expect(tree.roots).toEqual([0]);
    expect(warnings.map((w) => w.code)).toEqual(['orphan-span']);
  });

  it('shifts a child of another service that fits its parent, with its subtree (clock skew)', () => {
    // a web [10000-----------20000]
    // b api          [18000--------23000]  starts inside, ends 3 ms late
    // c api             [19000--20000]     moves with b
    const { tree, warnings } = buildTraceTree(TRACE_ID, [
      span({
        id: 'a',
        service: 'web',
        kind: 'client',
        start: 10_000,
        dur: 10_000,
      }),
      span({
        id: 'b',
        parent: 'a',
        service: 'api',
        kind: 'server',
        start: 18_000,
        dur: 5_000,
      }),
      span({ id: 'c', parent: 'b', service: 'api', start: 19_000, dur: 1_000 }),
    ]);
    expect(dumpTree(tree)).toMatchInlineSnapshot(`
      "a (web) [10000-20000]
        b (api) [15000-20000]
          c (api) [16000-17000]"
    `);
    expect(warnings.map((w) => w.code)).toEqual(['clock-skew-shifted']);
  });

  it('clips a child of the same service that overflows its parent', () => {
    // a [0----5000]
    // b    [2000------8000]
    const { tree, warnings } = buildTraceTree(TRACE_ID, [
      span({ id: 'a', start: 0, dur: 5_000 }),
      span({ id: 'b', parent: 'a', start: 2_000, dur: 6_000 }),
    ]);
    expect(tree.nodes[1]!.startMicros).toBe(2_000);
    expect(tree.nodes[1]!.endMicros).toBe(5_000);
    expect(warnings.map((w) => w.code)).toEqual(['child-clipped']);
  });

  it('repairs an overhang of up to 1 ms without a warning (tracer clock rounding)', () => {
    // OpenTelemetry JS starts spans at whole milliseconds:
    // a web [100---------5100]
    // b web    [600-----------5800]   ends 700 µs late: clipped
    // c api [40--------1040]          starts 60 µs early: shifted
    const { tree, warnings } = buildTraceTree(TRACE_ID, [
      span({ id: 'a', service: 'web', start: 100, dur: 5_000 }),
      span({ id: 'b', parent: 'a', service: 'web', start: 600, dur: 5_200 }),
      span({ id: 'c', parent: 'a', service: 'api', start: 40, dur: 1_000 }),
    ]);
    expect(dumpTree(tree)).toMatchInlineSnapshot(`
      "a (web) [100-5100]
        c (api) [100-1100]
        b (web) [600-5100]"
    `);
    expect(warnings).toEqual([]);
  });

  it('leaves FOLLOWS_FROM children, messaging consumers and detached children where they are', () => {
    // a [0--10]
    // f        [20--40]  follows_from a
    // m      [5------30] consumer
    // d           [15--25] began after a ended
    const { tree, warnings } = buildTraceTree(TRACE_ID, [
      span({ id: 'a', start: 0, dur: 10 }),
      span({ id: 'f', follows: 'a', start: 20, dur: 20 }),
      span({ id: 'm', parent: 'a', kind: 'consumer', start: 5, dur: 25 }),
      span({ id: 'd', parent: 'a', start: 15, dur: 10 }),
    ]);
    expect(dumpTree(tree)).toMatchInlineSnapshot(`
      "a (svc) [0-10]
        m (svc) [5-30]
        d (svc) [15-25]
        f (svc) [20-40] follows_from"
    `);
    expect(warnings).toEqual([]);
  });

  it('infers missing timing from the children and the parent', () => {
    // a [0------100]
    // b   (no timestamp, no duration)
    //   c [30--40]
    //   d     [50--70]
    const { tree, warnings } = buildTraceTree(TRACE_ID, [
      span({ id: 'a', start: 0, dur: 100 }),
      span({ id: 'b', parent: 'a', start: 0, dur: 0, missingTiming: 'both' }),
      span({ id: 'c', parent: 'b', start: 30, dur: 10 }),
      span({ id: 'd', parent: 'b', start: 50, dur: 20 }),
    ]);
    const b = tree.nodes[1]!;
    expect([b.startMicros, b.endMicros]).toEqual([30, 70]);
    expect(warnings.map((w) => w.code)).toEqual(['timing-inferred']);
  });

  it('handles a chain of 100k spans without recursion', () => {
    const spans = Array.from({ length: 100_000 }, (_, i) =>
      span({
        id: `s${i}`,
        ...(i === 0 ? {} : { parent: `s${i - 1}` }),
        start: i,
        dur: 200_000 - 2 * i,
      }),
    );
    const { tree, warnings } = buildTraceTree(TRACE_ID, spans);
    expect(tree.preorder).toHaveLength(100_000);
    expect(tree.nodes[99_999]!.depth).toBe(99_999);
    expect(warnings).toEqual([]);
  });

  it('does not mutate its input', () => {
    const spans = freezeSpans([
      span({ id: 'b', parent: 'a', service: 'api', start: 180, dur: 50 }),
      span({ id: 'a', service: 'web', start: 100, dur: 100 }),
      span({ id: 'c', parent: 'zz', start: 0, dur: 1 }),
      span({ id: 'a', start: 1, dur: 1 }),
    ]);
    const before = JSON.stringify(spans);
    expect(() => buildTraceTree(TRACE_ID, spans)).not.toThrow();
    expect(JSON.stringify(spans)).toBe(before);
  });

  it('resolves parents through references when there is no parentSpanId', () => {
    const child = {
      ...span({ id: 'b', start: 5, dur: 1 }),
      references: [
        { type: 'child_of' as const, traceId: TRACE_ID, spanId: sid('a') },
      ],
    };
    const { tree } = buildTraceTree(TRACE_ID, [
      span({ id: 'a', start: 0, dur: 10 }),
      child,
    ]);
    expect(tree.nodes[1]!.parent).toBe(0);
  });
});
