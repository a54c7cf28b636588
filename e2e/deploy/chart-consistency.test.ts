/**
 * The chart agrees with the code it deploys: the images `pathprof deploy`
 * builds are the ones the values files run, every showcase route is reachable
 * through its VirtualService, and the schema check does catch a broken object.
 */
import { describe, expect, it } from 'vitest';
import { MULTI_SVC_SERVICES } from '@pathprof/showcase';
import { buildMeshConfig, listShowcaseImages } from '@pathprof/cli';
import { findObjects, renderChart } from './render-chart.js';
import { validateK8sObject } from './validate-k8s-object.js';

function imagesOf(valuesFile: string): string[] {
  const images = findObjects(renderChart(valuesFile), 'Deployment')
    .filter((d) => d.metadata.namespace === 'e2e')
    .map(
      (d) =>
        (d.spec!['template'] as { spec: { containers: { image: string }[] } })
          .spec.containers[0]!.image,
    );
  return [...new Set(images)];
}

describe('the chart and pathprof deploy', () => {
  it.each([
    ['multi-svc', 'values-multi-svc.yaml'],
    ['toy', 'values-toy.yaml'],
  ] as const)(
    'build exactly the images the %s values run',
    (sys, valuesFile) => {
      expect(imagesOf(valuesFile)).toEqual(listShowcaseImages(sys));
    },
  );

  it("traces to the provider istioctl install declares, at the collector's OTLP port", () => {
    const objects = renderChart('values-multi-svc.yaml');
    const [telemetry] = findObjects(objects, 'Telemetry');
    const [provider] = buildMeshConfig({ jaeger: false })[
      'extensionProviders'
    ] as {
      name: string;
      opentelemetry: { service: string; port: number };
    }[];
    const tracing = telemetry!.spec!['tracing'] as {
      providers: { name: string }[];
    }[];
    expect(tracing[0]!.providers[0]!.name).toBe(provider!.name);
    const collector = findObjects(objects, 'Service').find(
      (s) => s.metadata.name === 'pathprof-collector',
    )!;
    expect(provider!.opentelemetry.service).toBe(
      `${collector.metadata.name}.${collector.metadata.namespace}.svc.cluster.local`,
    );
    const ports = collector.spec!['ports'] as { name: string; port: number }[];
    expect(ports.find((p) => p.name === 'http-otlp')!.port).toBe(
      provider!.opentelemetry.port,
    );
  });

  it('routes every multi-svc route and its unprofiled twin through the gateway', () => {
    const virtualServices = findObjects(
      renderChart('values-multi-svc.yaml'),
      'VirtualService',
    );
    for (const service of MULTI_SVC_SERVICES) {
      const vs = virtualServices.find(
        (v) => v.metadata.labels?.['app.kubernetes.io/name'] === service.name,
      )!;
      const prefixes = (
        vs.spec!['http'] as { match: { uri: { prefix: string } }[] }[]
      )[0]!.match.map((m) => m.uri.prefix);
      for (const route of service.routes) {
        const path = `${service.prefix}/${service.version}/${route.name}`;
        expect(
          prefixes.some((p) => path.startsWith(p)),
          path,
        ).toBe(true);
      }
    }
  });

  it('has a schema check that refuses a Deployment with a port that is not a number', () => {
    const [deployment] = findObjects(renderChart('values.yaml'), 'Deployment');
    const broken = structuredClone(deployment!);
    (
      broken.spec!['template'] as {
        spec: { containers: { ports: { containerPort: unknown }[] }[] };
      }
    ).spec.containers[0]!.ports[0]!.containerPort = 'otlp';
    expect(() => validateK8sObject(broken)).toThrow(/containerPort/);
  });
});
