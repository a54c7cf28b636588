/**
 * The mesh config `pathprof deploy --infra` gives `istioctl install`: an
 * OpenTelemetry extension provider "pathprof" that posts OTLP/HTTP to the
 * collector's port 4318 (Istio 1.22+ has the provider's `http` block), made
 * the default tracing provider. With --jaeger, a Zipkin provider "jaeger" for
 * Istio's Jaeger addon is declared as well. The chart's Telemetry resource
 * picks the provider and samples 100%.
 */
import { COLLECTOR_NAME, RELEASE_NAMESPACE } from './deploy-settings.js';

export const PATHPROF_PROVIDER = 'pathprof';
export const JAEGER_PROVIDER = 'jaeger';
export const COLLECTOR_HOST = `${COLLECTOR_NAME}.${RELEASE_NAMESPACE}.svc.cluster.local`;

export type MeshValue = string | number | boolean | MeshObject | MeshValue[];
export interface MeshObject {
  [key: string]: MeshValue;
}

export function buildMeshConfig(options: { jaeger: boolean }): MeshObject {
  const providers: MeshObject[] = [
    {
      name: PATHPROF_PROVIDER,
      opentelemetry: {
        service: COLLECTOR_HOST,
        port: 4318,
        http: { path: '/v1/traces', timeout: '10s' },
      },
    },
  ];
  if (options.jaeger) {
    providers.push({
      name: JAEGER_PROVIDER,
      zipkin: { service: 'zipkin.istio-system.svc.cluster.local', port: 9411 },
    });
  }
  return {
    enableTracing: true,
    defaultProviders: { tracing: [PATHPROF_PROVIDER] },
    extensionProviders: providers,
  };
}

/** The config as `istioctl install --set` values, e.g. `meshConfig.extensionProviders[0].name=pathprof`. */
export function toIstioctlSetValues(
  value: MeshValue,
  path = 'meshConfig',
): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, i) =>
      toIstioctlSetValues(item, `${path}[${i}]`),
    );
  }
  if (typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      toIstioctlSetValues(item, `${path}.${key}`),
    );
  }
  return [`${path}=${String(value)}`];
}
