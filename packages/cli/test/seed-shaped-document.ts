/**
 * Builds small seed-shaped Jaeger query-API documents for CLI tests: an Istio
 * ingress span, sidecar spans, framework spans and the seed's summary/metrics
 * pairs, with the next service's sidecar beside the caller's summary.
 */
import type { JaegerSpan, JaegerTrace } from '@pathprof/model';

interface Call {
  svc: string;
  fn: string;
  dur: number;
  cpuMs: number;
  memKb: number;
  calls?: Call[];
}

export function buildSeedDocument(
  traces: number,
  slowTrace = -1,
): { data: JaegerTrace[] } {
  const data: JaegerTrace[] = [];
  for (let t = 0; t < traces; t++) {
    const traceID = (0x1000 + t).toString(16).padStart(32, '0');
    const spans: JaegerSpan[] = [];
    const processes: JaegerTrace['processes'] = {};
    let n = 0;
    const proc = (name: string): string => {
      const id = `p${Object.keys(processes).length + 1}`;
      const existing = Object.entries(processes).find(
        ([, p]) => p.serviceName === name,
      );
      if (existing !== undefined) {
        return existing[0];
      }
      processes[id] = { serviceName: name, tags: [] };
      return id;
    };
    const add = (
      op: string,
      service: string,
      parent: string | null,
      start: number,
      dur: number,
      tags: JaegerSpan['tags'],
    ): string => {
      const spanID = (0x100000 + t * 100 + n++).toString(16).padStart(16, '0');
      spans.push({
        traceID,
        spanID,
        operationName: op,
        references:
          parent === null
            ? []
            : [{ refType: 'CHILD_OF', traceID, spanID: parent }],
        startTime: start,
        duration: dur,
        tags,
        logs: [],
        processID: proc(service),
        warnings: null,
      });
      return spanID;
    };
    const base = 1_700_000_000_000_000 + t * 1_000_000;
    const visit = (call: Call, parentProxy: string, start: number): void => {
      const proxy = add(
        `${call.svc}.e2e.svc.cluster.local:5566/*`,
        `app-${call.svc.slice(4)}.e2e`,
        parentProxy,
        start,
        call.dur + 20,
        [
          { key: 'component', type: 'string', value: 'proxy' },
          { key: 'span.kind', type: 'string', value: 'server' },
        ],
      );
      const summary = add(
        `${call.fn}_summary`,
        call.svc,
        proxy,
        start + 10,
        call.dur,
        [],
      );
      add(
        `${call.fn}_performance_metrics`,
        call.svc,
        summary,
        start + 11,
        call.dur - 2,
        [
          { key: 'function.name', type: 'string', value: call.fn },
          { key: 'cpu.ms', type: 'float64', value: call.cpuMs },
          { key: 'exec.ms', type: 'float64', value: (call.dur - 2) / 1000 },
          { key: 'peak_mem.kb', type: 'float64', value: call.memKb },
        ],
      );
      let at = start + 20;
      for (const c of call.calls ?? []) {
        visit(c, proxy, at);
        at += c.dur + 30;
      }
    };
    const gw = add(
      'app-a.dtp.org:80/*',
      'istio-ingressgateway.istio-system',
      null,
      base,
      9000,
      [{ key: 'component', type: 'string', value: 'proxy' }],
    );
    const slow = t === slowTrace ? 20 : 1;
    visit(
      {
        svc: 'svc-a',
        fn: 'a1',
        dur: 3000 + 40 * slow,
        cpuMs: 1.25,
        memKb: 64,
        calls: [
          {
            svc: 'svc-b',
            fn: 'b1',
            dur: 2000 + 40 * slow,
            cpuMs: 0.5 + (t % 3),
            memKb: 32.5,
            calls: [
              {
                svc: 'svc-c',
                fn: 'c1',
                dur: 1000 + 40 * slow,
                cpuMs: 0.25,
                memKb: 16,
              },
            ],
          },
        ],
      },
      gw,
      base + 50,
    );
    data.push({ traceID, spans, processes, warnings: null });
  }
  return { data };
}
