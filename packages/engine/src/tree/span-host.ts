/**
 * Where a span ran, as its source names the process: the first of the
 * resource attributes below that is set (OpenTelemetry's instance and host
 * names, Jaeger's `hostname`/`ip` process tags, Zipkin's endpoint `ipv4`).
 */
import type { Span } from '@pathprof/model';

/** The resource attributes that name where a span ran, first set wins. */
export const HOST_KEYS = [
  'service.instance.id',
  'host.name',
  'hostname',
  'k8s.pod.name',
  'net.host.ip',
  'ip',
] as const;

export function hostOf(span: Span): string | undefined {
  for (const key of HOST_KEYS) {
    const v = span.resource[key];
    if (typeof v === 'string' && v !== '') {
      return v;
    }
  }
  return undefined;
}
