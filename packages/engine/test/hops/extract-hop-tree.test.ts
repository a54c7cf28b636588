import { describe, expect, it } from 'vitest';
import { buildTraceTree, extractHopTree } from '@pathprof/engine';
import type { Span } from '@pathprof/model';
import { dumpHops, freezeSpans, hop, span, TRACE_ID } from '../helpers.js';

function hopsOf(spans: readonly Span[], keepProxies = false): string {
  const { tree } = buildTraceTree(TRACE_ID, spans);
  return dumpHops(extractHopTree(tree, { keepProxies }));
}

/** The seed's `<fn>_summary` span with its `<fn>_performance_metrics` child. */
function seedHop(
  id: string,
  parent: string,
  service: string,
  fn: string,
  start: number,
  dur: number,
): Span[] {
  return [
    span({ id, parent, service, op: `${fn}_summary`, start, dur }),
    span({
      id: `${id}m`,
      parent: id,
      service,
      op: `${fn}_performance_metrics`,
      start: start + 1,
      dur: dur - 2,
      attrs: {
        'function.name': fn,
        'cpu.ms': 1.5,
        'exec.ms': (dur - 2) / 1000,
        'peak_mem.kb': 12.5,
      },
    }),
  ];
}

/** An Istio sidecar's inbound span for `app`, as Envoy reports it. */
function proxy(
  id: string,
  parent: string | undefined,
  app: string,
  start: number,
  dur: number,
): Span {
  return span({
    id,
    ...(parent === undefined ? {} : { parent }),
    service: `${app}.e2e`,
    op: `svc-${app.slice(4)}.e2e.svc.cluster.local:5566/*`,
    kind: 'server',
    start,
    dur,
    attrs: { component: 'proxy', node_id: `sidecar~10.0.0.1~${app}.e2e` },
  });
}

describe('extractHopTree', () => {
  it('finds the caller of a seed hop beside the proxy span, as in the seed mesh (/a1)', () => {
    // ingress ──────────────────────────────
    //   P app-a ────────────────────────────
    //     /a/v1 (framework)   a1_summary ─┐   P app-b ───────────────
    //                                     │     /b/v1   b1_summary  P app-c ─────
    //                                                                 c1_summary
    const spans = [
      span({
        id: 'gw',
        service: 'istio-ingressgateway.istio-system',
        kind: 'client',
        start: 0,
        dur: 1000,
        attrs: { component: 'proxy' },
      }),
      proxy('pa', 'gw', 'app-a', 10, 980),
      span({
        id: 'fa',
        parent: 'pa',
        service: 'svc-a',
        op: '/a/v1',
        kind: 'server',
        start: 20,
        dur: 960,
      }),
      ...seedHop('sa', 'pa', 'svc-a', 'a1', 30, 940),
      proxy('pb', 'pa', 'app-b', 100, 800),
      span({
        id: 'fb',
        parent: 'pb',
        service: 'svc-b',
        op: '/b/v1',
        kind: 'server',
        start: 110,
        dur: 780,
      }),
      ...seedHop('sb', 'pb', 'svc-b', 'b1', 120, 760),
      proxy('pc', 'pb', 'app-c', 200, 500),
      ...seedHop('sc', 'pc', 'svc-c', 'c1', 210, 480),
    ];
    expect(hopsOf(spans)).toMatchInlineSnapshot(`
      "svc-a:a1
        svc-b:b1
          svc-c:c1"
    `);
  });

  it('marks the path incomplete where an unprofiled handler sits between two hops (/a4 via c2skip)', () => {
    // P app-a: a4_summary, P app-c
    //   P app-c: /c/v1 (svc-c entry, no hop), P app-e
    //     P app-e: /e/v1, e2_summary
    const spans = [
      proxy('pa', undefined, 'app-a', 0, 1000),
      span({
        id: 'fa',
        parent: 'pa',
        service: 'svc-a',
        op: '/a/v1',
        kind: 'server',
        start: 5,
        dur: 990,
      }),
      ...seedHop('sa', 'pa', 'svc-a', 'a4', 10, 980),
      proxy('pc', 'pa', 'app-c', 100, 800),
      span({
        id: 'fc',
        parent: 'pc',
        service: 'svc-c',
        op: '/c/v1',
        kind: 'server',
        start: 110,
        dur: 780,
      }),
      proxy('pe', 'pc', 'app-e', 200, 500),
      span({
        id: 'fe',
        parent: 'pe',
        service: 'svc-e',
        op: '/e/v1',
        kind: 'server',
        start: 205,
        dur: 490,
      }),
      ...seedHop('se', 'pe', 'svc-e', 'e2', 210, 480),
    ];
    expect(hopsOf(spans)).toMatchInlineSnapshot(`
      "svc-a:a4
        svc-e:e2 (incomplete)"
    `);
  });

  it('marks incomplete an unprofiled service between SDK hops in a properly propagated trace', () => {
    // a server ─ a4 hop ─ client ─ c server (no hop) ─ client ─ e server ─ e2 hop
    const spans = [
      span({
        id: 'as',
        service: 'svc-a',
        op: 'GET /a4',
        kind: 'server',
        start: 0,
        dur: 100,
      }),
      hop({
        id: 'ah',
        parent: 'as',
        service: 'svc-a',
        op: 'a4',
        start: 1,
        dur: 98,
      }),
      span({
        id: 'ac',
        parent: 'ah',
        service: 'svc-a',
        op: 'GET',
        kind: 'client',
        start: 2,
        dur: 90,
      }),
      span({
        id: 'cs',
        parent: 'ac',
        service: 'svc-c',
        op: 'GET /c2skip',
        kind: 'server',
        start: 3,
        dur: 88,
      }),
      span({
        id: 'cc',
        parent: 'cs',
        service: 'svc-c',
        op: 'GET',
        kind: 'client',
        start: 4,
        dur: 80,
      }),
      span({
        id: 'es',
        parent: 'cc',
        service: 'svc-e',
        op: 'GET /e2',
        kind: 'server',
        start: 5,
        dur: 70,
      }),
      hop({
        id: 'eh',
        parent: 'es',
        service: 'svc-e',
        op: 'e2',
        start: 6,
        dur: 60,
      }),
    ];
    expect(hopsOf(spans)).toMatchInlineSnapshot(`
      "svc-a:a4
        svc-e:e2 (incomplete)"
    `);
  });

  it('uses service entry spans as hops when the trace has no profiled hop', () => {
    // web server ─ web client ─ api server ─ db client
    //                         └ api internal
    const spans = [
      span({
        id: 'w',
        service: 'web',
        op: 'GET /',
        kind: 'server',
        start: 0,
        dur: 100,
      }),
      span({
        id: 'wc',
        parent: 'w',
        service: 'web',
        op: 'GET',
        kind: 'client',
        start: 10,
        dur: 80,
      }),
      span({
        id: 'a',
        parent: 'wc',
        service: 'api',
        op: 'GET /x',
        kind: 'server',
        start: 15,
        dur: 70,
      }),
      span({
        id: 'ai',
        parent: 'a',
        service: 'api',
        op: 'work',
        start: 20,
        dur: 10,
      }),
      span({
        id: 'db',
        parent: 'a',
        service: 'api',
        op: 'SELECT',
        kind: 'client',
        start: 40,
        dur: 20,
      }),
    ];
    expect(hopsOf(spans)).toMatchInlineSnapshot(`
      "web:GET /
        api:GET /x"
    `);
  });

  it('folds proxy spans out of hops, and keeps them when asked', () => {
    const spans = [
      proxy('p', undefined, 'app-a', 0, 100),
      span({
        id: 'a',
        parent: 'p',
        service: 'svc-a',
        op: 'GET /a',
        kind: 'server',
        start: 5,
        dur: 90,
      }),
    ];
    expect(hopsOf(spans)).toBe('svc-a:GET /a');
    expect(hopsOf(spans, true)).toMatchInlineSnapshot(`
      "app-a.e2e:svc-a.e2e.svc.cluster.local:5566/*
        svc-a:GET /a"
    `);
  });

  it('keeps proxies as hops when a trace has nothing else (a mesh without app tracing)', () => {
    expect(hopsOf([proxy('p', undefined, 'app-a', 0, 100)])).toBe(
      'app-a.e2e:svc-a.e2e.svc.cluster.local:5566/*',
    );
  });

  it('keeps a CLIENT root (a load generator) as the first hop of every path below it', () => {
    // loadgen GET (client, root) ─┬─ api server ─ db client
    //                             └─ api server (a second request)
    const spans = [
      span({
        id: 'lg',
        service: 'loadgen',
        op: 'GET',
        kind: 'client',
        start: 0,
        dur: 100,
      }),
      span({
        id: 'a1',
        parent: 'lg',
        service: 'api',
        op: 'GET /x',
        kind: 'server',
        start: 5,
        dur: 40,
      }),
      span({
        id: 'db',
        parent: 'a1',
        service: 'api',
        op: 'SELECT',
        kind: 'client',
        start: 10,
        dur: 20,
      }),
      span({
        id: 'a2',
        parent: 'lg',
        service: 'api',
        op: 'GET /y',
        kind: 'server',
        start: 50,
        dur: 40,
      }),
    ];
    expect(hopsOf(spans)).toMatchInlineSnapshot(`
      "loadgen:GET
        api:GET /x
        api:GET /y"
    `);
  });

  it('keeps a PRODUCER root (a cron job publishing) as a hop', () => {
    const spans = [
      span({
        id: 'p',
        service: 'cron',
        op: 'publish',
        kind: 'producer',
        start: 0,
        dur: 5,
      }),
      span({
        id: 'c',
        parent: 'p',
        service: 'worker',
        op: 'consume',
        kind: 'consumer',
        start: 20,
        dur: 30,
      }),
    ];
    expect(hopsOf(spans)).toMatchInlineSnapshot(`
      "cron:publish
        worker:consume"
    `);
  });

  it('charges the error of a folded proxy span to the hop it wraps (a route timeout at the sidecar)', () => {
    // P app-a ── a1_summary
    //         └─ P app-b (504, upstream timeout) ── b1_summary
    const spans = [
      proxy('pa', undefined, 'app-a', 0, 1000),
      ...seedHop('sa', 'pa', 'svc-a', 'a1', 10, 980),
      { ...proxy('pb', 'pa', 'app-b', 100, 800), status: 'error' as const },
      ...seedHop('sb', 'pb', 'svc-b', 'b1', 120, 760),
    ];
    const { tree } = buildTraceTree(TRACE_ID, spans);
    const { hops } = extractHopTree(tree);
    expect(hops.map((h) => [h.label, h.error, h.errorSource?.carrier])).toEqual(
      [
        ['svc-a:a1', false, undefined],
        ['svc-b:b1', true, 'proxy'],
      ],
    );
    expect(hops[1]!.errorSource).toMatchObject({
      service: 'app-b.e2e',
      operation: 'svc-b.e2e.svc.cluster.local:5566/*',
    });
  });

  it('charges an ingress gateway error to the first hop of the request', () => {
    const spans = [
      span({
        id: 'gw',
        service: 'istio-ingressgateway.istio-system',
        kind: 'client',
        start: 0,
        dur: 1000,
        attrs: { component: 'proxy', 'http.status_code': 503 },
      }),
      proxy('pa', 'gw', 'app-a', 10, 980),
      ...seedHop('sa', 'pa', 'svc-a', 'a1', 30, 940),
    ];
    const { tree } = buildTraceTree(TRACE_ID, spans);
    const { hops } = extractHopTree(tree);
    expect(hops.map((h) => [h.label, h.error, h.errorSource?.carrier])).toEqual(
      [['svc-a:a1', true, 'proxy']],
    );
  });

  it('charges the error of a framework span beside a seed hop to that hop, not to its caller', () => {
    // P app-a ── a1_summary
    //         └─ P app-b ─┬─ /b/v1 (framework, 500)
    //                     └─ b1_summary
    const spans = [
      proxy('pa', undefined, 'app-a', 0, 1000),
      ...seedHop('sa', 'pa', 'svc-a', 'a1', 10, 980),
      proxy('pb', 'pa', 'app-b', 100, 800),
      span({
        id: 'fb',
        parent: 'pb',
        service: 'svc-b',
        op: '/b/v1',
        kind: 'server',
        start: 105,
        dur: 790,
        error: true,
      }),
      ...seedHop('sb', 'pb', 'svc-b', 'b1', 120, 760),
    ];
    const { tree } = buildTraceTree(TRACE_ID, spans);
    const { hops } = extractHopTree(tree);
    expect(
      hops.map((h) => [h.label, h.error, h.errorSource?.operation]),
    ).toEqual([
      ['svc-a:a1', false, undefined],
      ['svc-b:b1', true, '/b/v1'],
    ]);
  });

  it('charges a failed client call or local span to the hop that made it', () => {
    // web GET / (server) ─ SELECT (client, error)
    //                    └ api GET /x (server) ─ render (internal, error)
    const spans = [
      span({
        id: 'w',
        service: 'web',
        op: 'GET /',
        kind: 'server',
        start: 0,
        dur: 100,
      }),
      span({
        id: 'q',
        parent: 'w',
        service: 'web',
        op: 'SELECT',
        kind: 'client',
        start: 5,
        dur: 10,
        error: true,
      }),
      span({
        id: 'a',
        parent: 'w',
        service: 'api',
        op: 'GET /x',
        kind: 'server',
        start: 20,
        dur: 70,
      }),
      span({
        id: 'r',
        parent: 'a',
        service: 'api',
        op: 'render',
        start: 30,
        dur: 10,
        error: true,
      }),
    ];
    const { tree } = buildTraceTree(TRACE_ID, spans);
    const { hops } = extractHopTree(tree);
    expect(
      hops.map((h) => [
        h.label,
        h.error,
        h.errorSource?.carrier,
        h.errorSource?.operation,
      ]),
    ).toEqual([
      ['web:GET /', true, 'span', 'SELECT'],
      ['api:GET /x', true, 'span', 'render'],
    ]);
  });

  it('with --keep-proxies, makes a kept proxy the caller only of what hangs below it', () => {
    // svc-a GET /a1 (server, not a hop: the trace is profiled)
    //   ├─ a1 (sdk hop)             [10-90]
    //   ├─ P app-x (outbound proxy) [15-95]   beside the chain: not b1's caller
    //   └─ svc-b GET /b1 (server)   [20-80]
    //        └─ b1 (sdk hop)        [25-75]
    const spans = [
      span({
        id: 'as',
        service: 'svc-a',
        op: 'GET /a1',
        kind: 'server',
        start: 0,
        dur: 100,
      }),
      hop({
        id: 'ah',
        parent: 'as',
        service: 'svc-a',
        op: 'a1',
        start: 10,
        dur: 80,
      }),
      proxy('px', 'as', 'app-x', 15, 80),
      span({
        id: 'bs',
        parent: 'as',
        service: 'svc-b',
        op: 'GET /b1',
        kind: 'server',
        start: 20,
        dur: 60,
      }),
      hop({
        id: 'bh',
        parent: 'bs',
        service: 'svc-b',
        op: 'b1',
        start: 25,
        dur: 50,
      }),
    ];
    expect(hopsOf(spans, true)).toMatchInlineSnapshot(`
      "svc-a:a1
        svc-b:b1
      app-x.e2e:svc-x.e2e.svc.cluster.local:5566/*"
    `);
  });

  it('never makes a hop the caller of work that started before it', () => {
    // svc-a GET (server, not a hop)
    //   ├─ svc-b GET /b1 (server) [20-80] ms ── b1 (hop) [25-75] ms
    //   └─ a1 (hop)               [30-90] ms started after b1: not its caller
    const spans = [
      span({
        id: 'as',
        service: 'svc-a',
        op: 'GET',
        kind: 'server',
        start: 0,
        dur: 100000,
      }),
      span({
        id: 'bs',
        parent: 'as',
        service: 'svc-b',
        op: 'GET /b1',
        kind: 'server',
        start: 20000,
        dur: 60000,
      }),
      hop({
        id: 'bh',
        parent: 'bs',
        service: 'svc-b',
        op: 'b1',
        start: 25000,
        dur: 50000,
      }),
      hop({
        id: 'ah',
        parent: 'as',
        service: 'svc-a',
        op: 'a1',
        start: 30000,
        dur: 60000,
      }),
    ];
    expect(hopsOf(spans)).toMatchInlineSnapshot(`
      "svc-b:b1
      svc-a:a1"
    `);
  });

  it('reads CPU and memory of seed hops from the metrics span and of SDK hops from attributes', () => {
    const { tree } = buildTraceTree(TRACE_ID, [
      ...seedHop('s', 'none', 'svc-a', 'a1', 0, 100).map((x, i) =>
        i === 0 ? { ...x, parentSpanId: undefined, references: [] } : x,
      ),
      hop({
        id: 'h',
        parent: 's',
        service: 'svc-b',
        op: 'b1',
        start: 10,
        dur: 50,
        cpuMs: 2.5,
        memBytes: 4096,
      }),
    ]);
    const { hops } = extractHopTree(tree);
    expect(
      hops.map((h) => [h.label, h.source, h.cpuMicros, h.memoryBytes]),
    ).toEqual([
      ['svc-a:a1', 'seed', 1500, 12.5 * 1024],
      ['svc-b:b1', 'sdk', 2500, 4096],
    ]);
  });

  it('does not mutate its input', () => {
    const spans = freezeSpans([
      proxy('pa', undefined, 'app-a', 0, 1000),
      ...seedHop('sa', 'pa', 'svc-a', 'a1', 10, 980),
      proxy('pb', 'pa', 'app-b', 100, 800),
      ...seedHop('sb', 'pb', 'svc-b', 'b1', 120, 760),
    ]);
    const before = JSON.stringify(spans);
    const { tree } = buildTraceTree(TRACE_ID, spans);
    extractHopTree(tree);
    expect(JSON.stringify(spans)).toBe(before);
  });
});
