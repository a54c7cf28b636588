/**
 * The Jaeger UI's Deep Dependency Graph payload (jaeger `ddg/deep_dependencies.go`,
 * `TDdgPayload`) built from pathprof's real call paths: every path of the
 * window that passes through the focal service (and operation, unless `*`)
 * becomes one `{path: [{service, operation}], attributes}` entry, with the
 * path's slowest exemplar trace as `exemplar_trace_id`. Jaeger's own
 * backend serves sample data on this route.
 */
import type { AnalysisReport } from '@pathprof/model';

export interface DdgPayload {
  readonly dependencies: {
    readonly path: { readonly service: string; readonly operation: string }[];
    readonly attributes: { readonly key: string; readonly value: string }[];
  }[];
}

export function buildDeepDependencies(
  report: AnalysisReport,
  service: string,
  operation: string | undefined,
): DdgPayload {
  const dependencies: DdgPayload['dependencies'][number][] = [];
  for (const path of report.paths ?? []) {
    const hops = path.hops.map((hop) => splitHopLabel(hop.label));
    const focal = hops.some(
      (h) =>
        h.service === service &&
        (operation === undefined || h.operation === operation),
    );
    if (!focal) {
      continue;
    }
    const exemplar = path.exemplars[0];
    dependencies.push({
      path: hops,
      attributes:
        exemplar === undefined
          ? []
          : [{ key: 'exemplar_trace_id', value: exemplar }],
    });
  }
  return { dependencies };
}

/** `service:operation`; operations may hold `:` (`svc.ns.svc.cluster.local:5566/*`), services rarely do. */
function splitHopLabel(label: string): { service: string; operation: string } {
  const colon = label.indexOf(':');
  return colon < 0
    ? { service: label, operation: '' }
    : { service: label.slice(0, colon), operation: label.slice(colon + 1) };
}
