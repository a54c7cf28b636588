/** Builders of small Jaeger query-API traces, as JSON text, for the seed compat tests. */
export interface SpanSpec {
  readonly id: string;
  readonly op: string;
  readonly parent?: string;
  readonly service?: string;
  readonly duration?: number;
  readonly tags?: Readonly<Record<string, string | number>>;
}

export function buildTraceJson(
  traceId: string,
  specs: readonly SpanSpec[],
): string {
  const services = [...new Set(specs.map((spec) => spec.service ?? 'svc-x'))];
  const processId = (service: string): string =>
    `p${services.indexOf(service) + 1}`;
  const spans = specs.map((spec) => ({
    traceID: traceId,
    spanID: spec.id,
    operationName: spec.op,
    references:
      spec.parent === undefined
        ? []
        : [{ refType: 'CHILD_OF', traceID: traceId, spanID: spec.parent }],
    startTime: 1_700_000_000_000_000,
    duration: spec.duration ?? 100,
    tags: Object.entries(spec.tags ?? {}).map(([key, value]) => ({
      key,
      value,
    })),
    processID: processId(spec.service ?? 'svc-x'),
  }));
  const processes = Object.fromEntries(
    services.map((service) => [processId(service), { serviceName: service }]),
  );
  return JSON.stringify({ traceID: traceId, spans, processes });
}

/** `<fn>_summary` under `parent`, with its `<fn>_performance_metrics` child. */
export function buildHopSpans(
  id: string,
  fn: string,
  parent: string,
  metrics: { duration: number; cpuMs: number; memKb: number },
): SpanSpec[] {
  return [
    { id, op: `${fn}_summary`, parent, duration: metrics.duration },
    {
      id: `${id}m`,
      op: `${fn}_performance_metrics`,
      parent: id,
      tags: {
        'function.name': fn,
        'cpu.ms': metrics.cpuMs,
        'peak_mem.kb': metrics.memKb,
      },
    },
  ];
}
