/**
 * The Helm chart, rendered by the real helm binary for each values file:
 * lint, schema validation of every object, and the deployment each showcase
 * system needs (seed-system.md §5).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE_SYSTEMS } from '@pathprof/showcase';
import { ensureHelm, runHelm } from './helm-binary.js';
import type { K8sObject } from './render-chart.js';
import {
  CHART,
  findObjects,
  renderChart,
  VALUES_FILES,
} from './render-chart.js';
import { validateK8sObject } from './validate-k8s-object.js';

beforeAll(() => {
  ensureHelm();
});

describe.each(VALUES_FILES)('the chart with %s', (valuesFile) => {
  it('passes helm lint --strict', () => {
    const result = runHelm([
      'lint',
      '--strict',
      CHART,
      '-f',
      `${CHART}/${valuesFile}`,
    ]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('0 chart(s) failed');
  });

  it('renders only objects valid against their Kubernetes or Istio schema', () => {
    const objects = renderChart(valuesFile);
    expect(objects.length).toBeGreaterThan(0);
    for (const object of objects) {
      expect(
        () => validateK8sObject(object),
        `${object.kind} ${object.metadata.name}`,
      ).not.toThrow();
    }
  });

  it('renders the collector with its ports, volume, probes and limits', () => {
    const objects = renderChart(valuesFile);
    const service = findObjects(objects, 'Service').find(
      (s) => s.metadata.name === 'pathprof-collector',
    )!;
    const ports = (
      service.spec!['ports'] as {
        name: string;
        port: number;
        protocol: string;
      }[]
    ).map((p) => `${p.name} ${p.port}/${p.protocol}`);
    expect(ports).toEqual([
      'http-otlp 4318/TCP',
      'http-zipkin 9411/TCP',
      'http-query 16686/TCP',
      'grpc-otlp 4317/TCP',
      'http-jaeger 14268/TCP',
      'udp-agent-cmpct 6831/UDP',
      'udp-agent-bin 6832/UDP',
      'grpc-jaeger 14250/TCP',
      'grpc-query 16685/TCP',
    ]);
    const deployment = findObjects(objects, 'Deployment').find(
      (d) => d.metadata.name === 'pathprof-collector',
    )!;
    const pod = podSpecOf(deployment);
    const container = pod.containers[0]!;
    expect(container.args).toEqual(
      expect.arrayContaining([
        'serve',
        '--host=0.0.0.0',
        '--data=/var/lib/pathprof',
        '--otlp-grpc-port=4317',
        '--jaeger-thrift-http-port=14268',
        '--jaeger-thrift-compact-port=6831',
        '--jaeger-thrift-binary-port=6832',
        '--jaeger-grpc-port=14250',
        '--query-grpc-port=16685',
      ]),
    );
    // Every Service port reaches a container port of the same name.
    const containerPorts = (
      (container.ports ?? []) as {
        name?: string;
        containerPort: number;
        protocol?: string;
      }[]
    ).map((p) => `${p.name} ${p.containerPort}/${p.protocol}`);
    expect(containerPorts.sort()).toEqual(
      [
        ...ports.slice(0, 1).map(() => 'otlp-http 4318/TCP'),
        ...ports.slice(1),
      ].sort(),
    );
    expect(container.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(container.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(container.resources?.limits).toBeDefined();
    expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(container.volumeMounts).toContainEqual({
      name: 'data',
      mountPath: '/var/lib/pathprof',
    });
    const claim = findObjects(objects, 'PersistentVolumeClaim')[0]!;
    expect(pod.volumes).toContainEqual({
      name: 'data',
      persistentVolumeClaim: { claimName: claim.metadata.name },
    });
    const annotations = podAnnotationsOf(deployment);
    expect(annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '16686',
      'prometheus.io/path': '/metrics',
    });
  });

  it('samples every request and traces to pathprof through the Telemetry API', () => {
    const [telemetry] = findObjects(renderChart(valuesFile), 'Telemetry');
    expect(telemetry!.metadata.namespace).toBe('istio-system');
    expect(telemetry!.spec).toEqual({
      tracing: [
        { providers: [{ name: 'pathprof' }], randomSamplingPercentage: 100 },
      ],
    });
  });
});

describe('the chart with values.yaml alone', () => {
  it('renders the collector and no showcase', () => {
    const objects = renderChart('values.yaml');
    expect(
      findObjects(objects, 'Deployment').map((d) => d.metadata.name),
    ).toEqual(['pathprof-collector']);
    expect(findObjects(objects, 'Namespace')).toEqual([]);
    expect(findObjects(objects, 'Gateway')).toEqual([]);
    expect(findObjects(objects, 'VirtualService')).toEqual([]);
  });
});

describe.each([
  ['multi-svc', 'values-multi-svc.yaml'],
  ['toy', 'values-toy.yaml'],
] as const)('the %s system', (sys, valuesFile) => {
  const system = SHOWCASE_SYSTEMS[sys];
  let objects: K8sObject[];
  beforeAll(() => {
    objects = renderChart(valuesFile);
  });

  it('has a Deployment and a Service per service, plus the collector', () => {
    expect(findObjects(objects, 'Deployment')).toHaveLength(
      system.services.length + 1,
    );
    expect(findObjects(objects, 'Service')).toHaveLength(
      system.services.length + 1,
    );
    const services = findObjects(objects, 'Service').filter(
      (s) => s.metadata.namespace === 'e2e',
    );
    expect(services.map((s) => s.metadata.name)).toEqual(
      system.services.map((s) => s.name),
    );
  });

  it('puts the services in namespace e2e, labelled for sidecar injection', () => {
    const [namespace] = findObjects(objects, 'Namespace');
    expect(namespace!.metadata.name).toBe('e2e');
    expect(namespace!.metadata.labels?.['istio-injection']).toBe('enabled');
  });

  it('gives every service the environment contract of apps/showcase', () => {
    for (const layout of system.services) {
      const deployment = showcaseDeploymentOf(objects, layout.name);
      const container = podSpecOf(deployment).containers[0]!;
      const env = Object.fromEntries(
        container.env!.map((e) => [e.name, e.value]),
      );
      const downstream = layout.downstream.map((name) => {
        const callee = system.services.find((s) => s.name === name)!;
        return `${name}:5566${callee.prefix}/${callee.version}`;
      });
      expect(env).toMatchObject({
        SVC_NAME: layout.name,
        NS: 'e2e',
        API_PREFIX: layout.prefix,
        API_VERSION: layout.version,
        PORT: '5566',
        DOWNSTREAM_SVCS: downstream.join(','),
        OTEL_EXPORTER_OTLP_ENDPOINT:
          'http://pathprof-collector.pathprof.svc.cluster.local:4318',
      });
      if (layout.app !== layout.name) {
        expect(env['SHOWCASE_APP']).toBe(layout.app);
      }
      expect(container.image).toBe(`${layout.app}:latest`);
      expect(container.imagePullPolicy).toBe('Never');
      expect(container.ports).toEqual([
        { name: 'http', containerPort: 5566, protocol: 'TCP' },
      ]);
      expect(container.readinessProbe?.httpGet?.path).toBe('/healthz');
    }
  });

  it('routes one host per service through the Gateway to its Service', () => {
    const [gateway] = findObjects(objects, 'Gateway');
    const virtualServices = findObjects(objects, 'VirtualService');
    expect(virtualServices).toHaveLength(system.services.length);
    const servers = gateway!.spec!['servers'] as { hosts: string[] }[];
    for (const vs of virtualServices) {
      const spec = vs.spec as unknown as VirtualServiceSpec;
      expect(spec.gateways).toEqual([gateway!.metadata.name]);
      expect(servers[0]!.hosts).toContain(spec.hosts[0]);
      const destination = spec.http[0]!.route[0]!.destination;
      expect(destination.port.number).toBe(5566);
      expect(destination.host).toMatch(
        /^[a-z0-9-]+\.e2e\.svc\.cluster\.local$/,
      );
    }
  });
});

describe('the multi-svc routes', () => {
  it('match the seed hosts app-a.dtp.org … app-g.dtp.org with their route prefixes', () => {
    const routes = findObjects(
      renderChart('values-multi-svc.yaml'),
      'VirtualService',
    ).map((vs) => {
      const spec = vs.spec as unknown as VirtualServiceSpec;
      return `${spec.hosts[0]} ${spec.http[0]!.match.map((m) => m.uri.prefix).join(' ')}`;
    });
    expect(routes).toEqual([
      'app-a.dtp.org /a/v1/a1 /a/v1/a2 /a/v1/a3 /a/v1/a4',
      'app-b.dtp.org /b/v1/b1 /b/v1/b2',
      'app-c.dtp.org /c/v1/c1 /c/v1/c2skip',
      'app-d.dtp.org /d/v1/d1 /d/v1/d2',
      'app-e.dtp.org /e/v1/e1 /e/v1/e2',
      'app-f.dtp.org /f/v1/f1 /f/v1/f2',
      'app-g.dtp.org /g/v1/g1 /g/v1/g2',
    ]);
  });
});

describe('the collector with receivers turned off', () => {
  it('leaves a port set to 0 out of the Service and passes off to serve', () => {
    const objects = renderChart('values.yaml', [
      '--set',
      'collector.ports.jaegerThriftCompact=0',
      '--set',
      'collector.ports.queryGrpc=0',
    ]);
    const service = findObjects(objects, 'Service').find(
      (s) => s.metadata.name === 'pathprof-collector',
    )!;
    const names = (service.spec!['ports'] as { name: string }[]).map(
      (p) => p.name,
    );
    expect(names).not.toContain('udp-agent-cmpct');
    expect(names).not.toContain('grpc-query');
    expect(names).toContain('grpc-otlp');
    const deployment = findObjects(objects, 'Deployment').find(
      (d) => d.metadata.name === 'pathprof-collector',
    )!;
    const args = podSpecOf(deployment).containers[0]!.args!;
    expect(args).toContain('--jaeger-thrift-compact-port=off');
    expect(args).toContain('--query-grpc-port=off');
    for (const object of objects) {
      expect(() => validateK8sObject(object)).not.toThrow();
    }
  });
});

describe('the values schema', () => {
  it.each([
    [
      'a port that is not a number',
      ['--set-string', 'collector.ports.otlp=otlp'],
    ],
    ['an unknown key', ['--set', 'colector.enabled=false']],
    ['a gRPC port out of range', ['--set', 'collector.ports.queryGrpc=70000']],
    ['an unknown SDK mode', ['--set', 'showcase.sdkMode=most']],
    [
      'a sampling above 100%',
      ['--set', 'istio.telemetry.randomSamplingPercentage=150'],
    ],
  ])('refuses %s', (_what, args) => {
    const result = runHelm(['template', 'pathprof', CHART, ...args]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(
      /values don't meet the specifications of the schema|schema/i,
    );
  });

  it('refuses a downstream service that is not deployed', () => {
    const result = runHelm([
      'template',
      'pathprof',
      CHART,
      '-f',
      `${CHART}/values-multi-svc.yaml`,
      '--set',
      'showcase.services[0].downstream[0]=svc-z',
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('showcase service svc-a calls svc-z');
  });
});

interface Probe {
  httpGet?: { path: string };
}
describe('the chart with values-clickhouse.yaml (collector scaled out on ClickHouse)', () => {
  const FILE = 'values-clickhouse.yaml';

  it('passes helm lint --strict and renders only schema-valid objects', () => {
    const lint = runHelm(['lint', '--strict', CHART, '-f', `${CHART}/${FILE}`]);
    expect(lint.stderr).toBe('');
    const objects = renderChart(FILE);
    for (const object of objects) {
      expect(
        () => validateK8sObject(object),
        `${object.kind} ${object.metadata.name}`,
      ).not.toThrow();
    }
  });

  it('runs stateless replicas: no volume claim, the URL from the Secret, the store in the readiness probe, an autoscaler on CPU', () => {
    const objects = renderChart(FILE);
    expect(findObjects(objects, 'PersistentVolumeClaim')).toEqual([]);
    const deployment = findObjects(objects, 'Deployment').find(
      (d) => d.metadata.name === 'pathprof-collector',
    )!;
    // The autoscaler owns the replica count.
    expect(deployment.spec!['replicas']).toBeUndefined();
    expect(deployment.spec!['strategy']).toEqual({ type: 'RollingUpdate' });
    const pod = podSpecOf(deployment);
    const container = pod.containers[0]!;
    expect(container.args).toEqual(
      expect.arrayContaining([
        '--store=clickhouse',
        '--clickhouse-url=$(PATHPROF_CLICKHOUSE_URL)',
        '--clickhouse-database=pathprof',
        '--memory-limit=768MiB',
      ]),
    );
    expect(container.args!.some((a) => a.startsWith('--data'))).toBe(false);
    expect(container.env).toContainEqual({
      name: 'PATHPROF_CLICKHOUSE_URL',
      valueFrom: {
        secretKeyRef: { name: 'pathprof-clickhouse', key: 'url' },
      },
    });
    expect(container.readinessProbe?.httpGet?.path).toBe('/readyz?store=1');
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    const [hpa] = findObjects(objects, 'HorizontalPodAutoscaler');
    expect(hpa!.spec).toEqual({
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'pathprof-collector',
      },
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: 70 },
          },
        },
      ],
    });
  });

  it('refuses to render without the Secret naming the ClickHouse URL', () => {
    const result = runHelm([
      'template',
      'pathprof',
      CHART,
      '-f',
      `${CHART}/${FILE}`,
      '--set',
      'collector.clickhouse.urlSecret.name=',
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/urlSecret/);
  });

  it('sends each trace to its shard with shardInserts on a cluster, and refuses shardInserts without one', () => {
    const collectorArgs = (extra: string[]): string[] =>
      podSpecOf(
        findObjects(renderChart(FILE, extra), 'Deployment').find(
          (d) => d.metadata.name === 'pathprof-collector',
        )!,
      ).containers[0]!.args!;
    expect(
      collectorArgs([
        '--set',
        'collector.clickhouse.cluster=spans',
        '--set',
        'collector.clickhouse.shardInserts=true',
      ]),
    ).toEqual(
      expect.arrayContaining([
        '--clickhouse-cluster=spans',
        '--clickhouse-shard-inserts',
      ]),
    );
    expect(collectorArgs([])).not.toContain('--clickhouse-shard-inserts');
    const refused = runHelm([
      'template',
      'pathprof',
      CHART,
      '-f',
      `${CHART}/${FILE}`,
      '--set',
      'collector.clickhouse.shardInserts=true',
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(
      /shardInserts needs collector\.clickhouse\.cluster/,
    );
  });

  it('keeps the embedded default at one replica with its volume and no autoscaler', () => {
    const objects = renderChart('values.yaml');
    expect(findObjects(objects, 'HorizontalPodAutoscaler')).toEqual([]);
    const deployment = findObjects(objects, 'Deployment')[0]!;
    expect(deployment.spec!['replicas']).toBe(1);
  });
});

interface Container {
  image: string;
  imagePullPolicy: string;
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  ports?: unknown[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { limits?: unknown };
  securityContext?: { allowPrivilegeEscalation?: boolean };
  volumeMounts?: unknown[];
}
interface PodSpec {
  containers: Container[];
  volumes?: unknown[];
  securityContext?: { runAsNonRoot?: boolean };
}
interface VirtualServiceSpec {
  hosts: string[];
  gateways: string[];
  http: {
    match: { uri: { prefix: string } }[];
    route: { destination: { host: string; port: { number: number } } }[];
  }[];
}

function podSpecOf(deployment: K8sObject): PodSpec {
  return (deployment.spec!['template'] as { spec: PodSpec }).spec;
}

function podAnnotationsOf(deployment: K8sObject): Record<string, string> {
  return (
    deployment.spec!['template'] as {
      metadata: { annotations: Record<string, string> };
    }
  ).metadata.annotations;
}

function showcaseDeploymentOf(
  objects: readonly K8sObject[],
  service: string,
): K8sObject {
  const found = findObjects(objects, 'Deployment').find(
    (d) => d.metadata.labels?.['app.kubernetes.io/name'] === service,
  );
  if (found === undefined) {
    throw new Error(`no Deployment for ${service}`);
  }
  return found;
}
