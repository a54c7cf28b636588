import { describe, expect, it } from 'vitest';
import { runDeploy } from '../../src/deploy/run-deploy.js';
import type { DeployFlags } from '../../src/deploy/deploy-settings.js';
import { captureIo, createFakeDeploySystem } from './fake-deploy-system.js';

async function dryRun(flags: DeployFlags): Promise<string> {
  const captured = captureIo();
  const system = createFakeDeploySystem();
  await runDeploy({ ...flags, dryRun: true }, captured.io, system);
  expect(system.runs).toEqual([]);
  return captured.stdout();
}

/** The commands of a printed plan, one per step, without comments. */
function commandsOf(plan: string): string[] {
  return plan
    .split('\n\n')
    .filter((block) => /^# \d+\. /.test(block))
    .map((block) => block.split('\n')[1]!);
}

describe('pathprof deploy --dry-run', () => {
  it('plans infra then app for multi-svc in the order a Minikube user follows', async () => {
    const plan = await dryRun({ infra: true, app: true, sys: 'multi-svc' });
    await expect(plan).toMatchFileSnapshot(
      'golden/infra-app-multi-svc.plan.sh',
    );
    expect(plan).toContain(
      'curl -H "Host: app-a.dtp.org" http://localhost/a/v1/a1',
    );
    expect(plan).toContain('port-forward svc/pathprof-collector 16686:16686');
  });

  it('plans only the cluster, Istio and its addons with --infra', async () => {
    const commands = commandsOf(await dryRun({ infra: true }));
    expect(commands[0]).toBe(
      'minikube start -p pathprof --cpus=4 --memory=10240',
    );
    expect(commands.some((c) => c.startsWith('istioctl install -y'))).toBe(
      true,
    );
    expect(commands.filter((c) => c.includes('/samples/addons/'))).toHaveLength(
      3,
    );
    expect(
      commands.some((c) => c.startsWith('docker') || c.startsWith('helm')),
    ).toBe(false);
  });

  it('plans only images and the chart with --app', async () => {
    const commands = commandsOf(await dryRun({ app: true }));
    expect(commands[0]).toBe('eval "$(minikube -p pathprof docker-env)"');
    expect(commands.some((c) => c.startsWith('minikube start'))).toBe(false);
    expect(commands.some((c) => c.startsWith('istioctl'))).toBe(false);
    expect(commands).toContain(
      'helm upgrade --install pathprof deploy/helm/pathprof --kube-context pathprof --namespace pathprof -f deploy/helm/pathprof/values-multi-svc.yaml --wait --timeout 10m',
    );
  });

  it('builds one showcase image tagged per multi-svc service', async () => {
    const commands = commandsOf(await dryRun({ app: true }));
    expect(commands).toContain(
      'docker build -f deploy/docker/showcase.Dockerfile -t svc-a:latest -t svc-b:latest -t svc-c:latest -t svc-d:latest -t svc-e:latest -t svc-f:latest -t svc-g:latest .',
    );
    expect(commands).toContain(
      'docker build -f deploy/docker/collector.Dockerfile -t pathprof-collector:latest .',
    );
  });

  it('uses the toy values and the rolldice image with --sys toy', async () => {
    const plan = await dryRun({ app: true, sys: 'toy' });
    expect(plan).toContain('-f deploy/helm/pathprof/values-toy.yaml');
    expect(plan).toContain(
      'docker build -f deploy/docker/showcase.Dockerfile -t rolldice:latest .',
    );
    expect(plan).toContain(
      'curl -H "Host: rolldice-a.dtp.org" http://localhost/app_a/v1/rolldice',
    );
  });

  it('names the profile everywhere a context is chosen', async () => {
    const plan = await dryRun({ infra: true, app: true, profile: 'demo-1' });
    expect(plan).not.toMatch(/\bpathprof (addons|docker-env)/);
    for (const command of commandsOf(plan)) {
      if (/^(kubectl|istioctl|helm|minikube)/.test(command)) {
        expect(command).toMatch(/(-p|--context|--kube-context) demo-1/);
      }
    }
  });

  it('adds the Jaeger addon and provider with --jaeger', async () => {
    const plan = await dryRun({ infra: true, jaeger: true });
    expect(plan).toContain('/samples/addons/jaeger.yaml');
    expect(plan).toContain("'meshConfig.extensionProviders[1].name=jaeger'");
    expect(plan).toContain("'meshConfig.defaultProviders.tracing[0]=pathprof'");
  });

  it('prints the plan as JSON with --format json', async () => {
    const text = await dryRun({ app: true, format: 'json' });
    const plan = JSON.parse(text) as {
      steps: { title: string; argv: string[] }[];
      tools: string[];
      missingTools: string[];
    };
    expect(plan.tools).toEqual(['minikube', 'docker', 'kubectl', 'helm']);
    expect(plan.missingTools).toEqual([]);
    expect(plan.steps[1]!.argv.slice(0, 2)).toEqual(['docker', 'build']);
  });

  it('runs no command even when tools are missing, and warns about them', async () => {
    const captured = captureIo();
    const system = createFakeDeploySystem({ missing: ['istioctl'] });
    await runDeploy({ infra: true, dryRun: true }, captured.io, system);
    expect(system.runs).toEqual([]);
    expect(captured.stderr()).toContain('istioctl: install it from');
    expect(captured.stdout()).toContain('istioctl install');
  });
});
