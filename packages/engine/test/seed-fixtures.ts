/**
 * Seed-mesh-shaped traces for engine tests: Istio proxy spans, framework
 * spans, `<fn>_summary` + `<fn>_performance_metrics` pairs, the next service's
 * proxy beside the caller's summary (headers forwarded).
 */
import { parseTraceId } from '@pathprof/model';
import type { Span, TraceId } from '@pathprof/model';
import { span } from './helpers.js';

export interface SeedCall {
  readonly service: string;
  readonly fn: string | null; // null: an undecorated handler (c2skip)
  readonly start: number;
  readonly dur: number;
  readonly cpuMs?: number;
  readonly memKb?: number;
  readonly calls?: readonly SeedCall[];
}

/** Builds one trace; ids are derived from the trace number so traces do not collide. */
export function seedTrace(
  n: number,
  root: SeedCall,
): { traceId: TraceId; spans: Span[] } {
  const traceId = parseTraceId((n + 1).toString(16))!;
  const spans: Span[] = [];
  let next = 0;
  const id = (): string => `t${n}s${next++}`;
  const gw = id();
  spans.push(
    span({
      id: gw,
      trace: traceId,
      service: 'istio-ingressgateway.istio-system',
      op: 'app-a.dtp.org:80/*',
      kind: 'client',
      start: root.start - 20,
      dur: root.dur + 40,
      attrs: { component: 'proxy', node_id: 'router~1' },
    }),
  );
  const visit = (call: SeedCall, parentProxy: string): void => {
    const app = `app-${call.service.slice(4)}`;
    const p = id();
    spans.push(
      span({
        id: p,
        parent: parentProxy,
        trace: traceId,
        service: `${app}.e2e`,
        op: `${call.service}.e2e.svc.cluster.local:5566/*`,
        kind: 'server',
        start: call.start - 10,
        dur: call.dur + 20,
        attrs: { component: 'proxy', node_id: `sidecar~${app}` },
      }),
    );
    spans.push(
      span({
        id: id(),
        parent: p,
        trace: traceId,
        service: call.service,
        op: `/${call.service.slice(4)}/v1`,
        kind: 'server',
        start: call.start - 5,
        dur: call.dur + 10,
      }),
    );
    if (call.fn !== null) {
      const s = id();
      spans.push(
        span({
          id: s,
          parent: p,
          trace: traceId,
          service: call.service,
          op: `${call.fn}_summary`,
          start: call.start,
          dur: call.dur,
        }),
      );
      spans.push(
        span({
          id: id(),
          parent: s,
          trace: traceId,
          service: call.service,
          op: `${call.fn}_performance_metrics`,
          start: call.start + 1,
          dur: call.dur - 2,
          attrs: {
            'function.name': call.fn,
            'cpu.ms': call.cpuMs ?? 1,
            'exec.ms': (call.dur - 2) / 1000,
            'peak_mem.kb': call.memKb ?? 100,
          },
        }),
      );
    }
    for (const c of call.calls ?? []) {
      visit(c, p);
    }
  };
  visit(root, gw);
  return { traceId, spans };
}

/** /a3: a3 calls e1 and g1 concurrently; e1 calls f1, waits, then d2. Times scale with `slow`. */
export function a3Trace(
  n: number,
  opts: { d2Dur?: number; base?: number } = {},
): { traceId: TraceId; spans: Span[] } {
  const t = opts.base ?? 1_000_000 * n;
  const d2 = opts.d2Dur ?? 2000;
  return seedTrace(n, {
    service: 'svc-a',
    fn: 'a3',
    start: t,
    dur: 210_000 + d2 + 5000,
    cpuMs: 2,
    calls: [
      {
        service: 'svc-e',
        fn: 'e1',
        start: t + 1000,
        dur: 205_000 + d2,
        cpuMs: 3,
        calls: [
          { service: 'svc-f', fn: 'f1', start: t + 2000, dur: 1500, cpuMs: 1 },
          {
            service: 'svc-d',
            fn: 'd2',
            start: t + 204_000,
            dur: d2,
            cpuMs: d2 / 1000,
          },
        ],
      },
      { service: 'svc-g', fn: 'g1', start: t + 1100, dur: 3000, cpuMs: 1 },
    ],
  });
}
