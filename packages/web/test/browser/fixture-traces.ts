/**
 * Known traces for the browser tests, made as @pathprof/sdk makes them (hop
 * spans with `pathprof.*` attributes, HTTP client spans between services,
 * an Istio ingress gateway in front), all in the ten minutes before NOW:
 *
 *   /a1 ×30  gw ─ svc-a:a1 [20ms] ─ client ─ svc-b:b1 ─ client ─ svc-c:c1   (3 errors at c1)
 *   /a3 ×20  gw ─ svc-a:a3 [220ms+i] ┬ client ─ svc-e:e1 [205ms, CPU 5ms] ─ client ─ svc-f:f1
 *                                    └ client ─ svc-g:g1 [10ms]
 *            trace a3-19 is the anomaly: svc-e:e1 takes 2 s, and logs a
 *            "cache miss" event 1 ms in.
 *   /a5 ×48  gw ─ svc-a:a5 ─ client ─ svc-h:h1; 24 traces of service.version v1
 *            (h1 ≈ 40 ms), then 24 of v2 (h1 ≈ 90 ms): a regression for Compare.
 */
import type { Span, SpanId, TraceId } from '@pathprof/model';

export const NOW_MICROS = Date.UTC(2025, 0, 15, 12, 0, 0) * 1000;
export const PATH_A1 = 'svc-a:a1 > svc-b:b1 > svc-c:c1';
export const PATH_A3_E1 = 'svc-a:a3 > svc-e:e1 > svc-f:f1';
export const PATH_A3_G1 = 'svc-a:a3 > svc-g:g1';
export const PATH_A5 = 'svc-a:a5 > svc-h:h1';
export const ANOMALOUS_TRACE_ID = traceIdOf(1019);

interface Call {
  readonly service: string;
  readonly hop: string;
  readonly offsetMicros: number;
  readonly durationMicros: number;
  readonly cpuMs: number;
  readonly memoryBytes: number;
  readonly error?: boolean;
  readonly calls?: readonly Call[];
  /** Events (logs) of the hop span, at these offsets from its start. */
  readonly events?: readonly {
    name: string;
    offsetMicros: number;
    attributes: Span['attributes'];
  }[];
}

export function traceIdOf(n: number): TraceId {
  return n.toString(16).padStart(32, '0') as TraceId;
}

export function createFixtureSpans(): Span[] {
  const spans: Span[] = [];
  const startOf = (n: number): number => NOW_MICROS - 600e6 + n * 5e6;
  for (let i = 0; i < 30; i++) {
    const dur = 20_000 + i * 100;
    spans.push(
      ...buildTrace(traceIdOf(2000 + i), startOf(i), {
        service: 'svc-a',
        hop: 'a1',
        offsetMicros: 0,
        durationMicros: dur,
        cpuMs: 2,
        memoryBytes: 300_000,
        calls: [
          {
            service: 'svc-b',
            hop: 'b1',
            offsetMicros: 1000,
            durationMicros: dur - 4000,
            cpuMs: 3,
            memoryBytes: 500_000,
            calls: [
              {
                service: 'svc-c',
                hop: 'c1',
                offsetMicros: 1000,
                durationMicros: 8000,
                cpuMs: 6,
                memoryBytes: 2_000_000,
                error: i % 10 === 0,
              },
            ],
          },
        ],
      }),
    );
  }
  for (let i = 0; i < 20; i++) {
    const e1 = i === 19 ? 2_000_000 : 205_000 + i * 1000;
    spans.push(
      ...buildTrace(traceIdOf(1000 + i), startOf(i) + 2e6, {
        service: 'svc-a',
        hop: 'a3',
        offsetMicros: 0,
        durationMicros: e1 + 15_000,
        cpuMs: 3,
        memoryBytes: 400_000,
        calls: [
          {
            service: 'svc-e',
            hop: 'e1',
            offsetMicros: 5000,
            durationMicros: e1,
            cpuMs: 5,
            memoryBytes: 1_000_000,
            ...(i === 19
              ? {
                  events: [
                    {
                      name: 'cache miss',
                      offsetMicros: 1000,
                      attributes: { 'cache.key': 'user:42' },
                    },
                  ],
                }
              : {}),
            calls: [
              {
                service: 'svc-f',
                hop: 'f1',
                offsetMicros: 2000,
                durationMicros: 3000,
                cpuMs: 2,
                memoryBytes: 200_000,
              },
            ],
          },
          {
            service: 'svc-g',
            hop: 'g1',
            offsetMicros: 6000,
            durationMicros: 10_000,
            cpuMs: 4,
            memoryBytes: 100_000,
          },
        ],
      }),
    );
  }
  for (let i = 0; i < 48; i++) {
    const version = i < 24 ? 'v1' : 'v2';
    const h1 = (i < 24 ? 40_000 : 90_000) + (i % 24) * 500;
    spans.push(
      ...buildTrace(
        traceIdOf(3000 + i),
        startOf(i % 24) + 3e6,
        {
          service: 'svc-a',
          hop: 'a5',
          offsetMicros: 0,
          durationMicros: h1 + 4000,
          cpuMs: 1,
          memoryBytes: 100_000,
          calls: [
            {
              service: 'svc-h',
              hop: 'h1',
              offsetMicros: 2000,
              durationMicros: h1,
              cpuMs: 2,
              memoryBytes: 100_000,
            },
          ],
        },
        { 'service.version': version },
      ),
    );
  }
  return spans;
}

function buildTrace(
  traceId: TraceId,
  start: number,
  root: Call,
  resource: Span['resource'] = {},
): Span[] {
  const spans: Span[] = [];
  let next = 1;
  const add = (
    s: Omit<
      Span,
      'traceId' | 'spanId' | 'references' | 'resource' | 'events'
    > & { parentSpanId?: SpanId; events?: Span['events'] },
  ): SpanId => {
    const spanId = (next++).toString(16).padStart(16, '0') as SpanId;
    const { parentSpanId } = s;
    spans.push({
      ...s,
      traceId,
      spanId,
      references:
        parentSpanId === undefined
          ? []
          : [{ type: 'child_of', traceId, spanId: parentSpanId }],
      resource,
      events: s.events ?? [],
    });
    return spanId;
  };
  const gateway = add({
    service: 'istio-ingressgateway.istio-system',
    operation: 'app-a.example:80/*',
    kind: 'client',
    startMicros: start - 200,
    durationMicros: root.durationMicros + 400,
    status: 'unset',
    attributes: { component: 'proxy', node_id: 'router~gw' },
  });
  const visit = (call: Call, parent: SpanId, base: number): void => {
    const begin = base + call.offsetMicros;
    const hopId = add({
      parentSpanId: parent,
      service: call.service,
      operation: `GET /${call.hop}`,
      kind: 'server',
      startMicros: begin,
      durationMicros: call.durationMicros,
      status: call.error === true ? 'error' : 'unset',
      attributes: {
        'pathprof.hop': true,
        'pathprof.hop.name': call.hop,
        'pathprof.cpu_ms': call.cpuMs,
        'pathprof.memory_bytes': call.memoryBytes,
        'http.route': `/${call.hop}`,
      },
      events: (call.events ?? []).map((e) => ({
        name: e.name,
        timeMicros: begin + e.offsetMicros,
        attributes: e.attributes,
      })),
    });
    for (const callee of call.calls ?? []) {
      const client = add({
        parentSpanId: hopId,
        service: call.service,
        operation: `GET ${callee.service}/${callee.hop}`,
        kind: 'client',
        startMicros: begin + callee.offsetMicros - 100,
        durationMicros: callee.durationMicros + 200,
        status: 'unset',
        attributes: { 'http.method': 'GET' },
      });
      visit(callee, client, begin);
    }
  };
  visit(root, gateway, start);
  return spans;
}
