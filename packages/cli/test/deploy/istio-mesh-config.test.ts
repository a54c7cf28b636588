import { describe, expect, it } from 'vitest';
import type { MeshValue } from '../../src/deploy/istio-mesh-config.js';
import {
  buildMeshConfig,
  COLLECTOR_HOST,
  toIstioctlSetValues,
} from '../../src/deploy/istio-mesh-config.js';

/** Reads `--set` values back into an object, as istioctl does. */
function readSetValues(values: readonly string[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const value of values) {
    const [path, raw] = value.split(/=(.*)/s) as [string, string];
    const keys = path.split('.').flatMap((part) => {
      const m = /^(\w+)\[(\d+)\]$/.exec(part);
      return m === null ? [part] : [m[1]!, Number(m[2])];
    });
    let node: Record<string | number, unknown> = root;
    keys.forEach((key, i) => {
      if (i === keys.length - 1) {
        node[key] = /^\d+$/.test(raw)
          ? Number(raw)
          : raw === 'true'
            ? true
            : raw;
        return;
      }
      node[key] ??= typeof keys[i + 1] === 'number' ? [] : {};
      node = node[key] as Record<string | number, unknown>;
    });
  }
  return root;
}

describe('the mesh config of istioctl install', () => {
  it('declares pathprof as an OpenTelemetry provider posting OTLP/HTTP to the collector', () => {
    const mesh = buildMeshConfig({ jaeger: false });
    expect(mesh['extensionProviders']).toEqual([
      {
        name: 'pathprof',
        opentelemetry: {
          service: COLLECTOR_HOST,
          port: 4318,
          http: { path: '/v1/traces', timeout: '10s' },
        },
      },
    ]);
    expect(mesh['defaultProviders']).toEqual({ tracing: ['pathprof'] });
  });

  it('turns into --set values that read back to the same config', () => {
    const mesh = buildMeshConfig({ jaeger: true });
    const values = toIstioctlSetValues(mesh as MeshValue);
    expect(readSetValues(values)).toEqual({ meshConfig: mesh });
  });
});
