/**
 * Recognises Istio/Envoy proxy spans: ingress/egress gateways, sidecars named
 * `<app>.<namespace>`, and the tags Envoy's tracers write (`node_id` of
 * `sidecar~…`/`router~…`, `upstream_cluster`, `component=proxy`).
 */
import type { Span } from '@pathprof/model';

const GATEWAY_SERVICE = /^istio-(ingress|egress)gateway/;
const SIDECAR_SERVICE =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\.[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ENVOY_NODE_ID = /^(sidecar|router)~/;

export function isProxySpan(span: Span): boolean {
  const service = span.service;
  if (service.startsWith('istio-') && GATEWAY_SERVICE.test(service)) {
    return true;
  }
  const attrs = span.attributes;
  if (
    attrs['component'] === 'proxy' ||
    attrs['upstream_cluster'] !== undefined
  ) {
    return true;
  }
  const nodeId = attrs['node_id'];
  if (typeof nodeId === 'string' && ENVOY_NODE_ID.test(nodeId)) {
    return true;
  }
  return (
    span.operation.includes('.svc.cluster.local') &&
    SIDECAR_SERVICE.test(service)
  );
}
