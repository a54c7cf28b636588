import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/shared/cli-error.js';
import { buildDeployPlan } from '../../src/deploy/build-deploy-plan.js';
import { parseDeployFlags } from '../../src/deploy/deploy-settings.js';
import { parseEnvLines, runDeploy } from '../../src/deploy/run-deploy.js';
import { captureIo, createFakeDeploySystem } from './fake-deploy-system.js';

describe('pathprof deploy', () => {
  it('runs every planned step in order from the repository root', async () => {
    const captured = captureIo();
    const system = createFakeDeploySystem();
    await runDeploy({ infra: true, app: true }, captured.io, system);
    const planned = buildDeployPlan(
      parseDeployFlags({ infra: true, app: true }),
    ).steps.map((s) => s.argv);
    expect(system.runs.map((r) => r.argv)).toEqual(planned);
    expect(system.runs.every((r) => r.options.cwd === '/repo')).toBe(true);
    expect(captured.stdout()).toContain('minikube -p pathprof tunnel');
  });

  it("builds the images against Minikube's Docker daemon", async () => {
    const system = createFakeDeploySystem();
    await runDeploy({ app: true }, captureIo().io, system);
    const builds = system.runs.filter((r) => r.argv[0] === 'docker');
    expect(builds).toHaveLength(2);
    for (const build of builds) {
      expect(build.options.env['DOCKER_HOST']).toBe('tcp://192.168.49.2:2376');
      expect(build.options.env['PATH']).toBe('/usr/bin');
    }
    const helm = system.runs.find((r) => r.argv[0] === 'helm')!;
    expect(helm.options.env['DOCKER_HOST']).toBeUndefined();
  });

  it('pipes the namespace manifest to kubectl apply', async () => {
    const system = createFakeDeploySystem();
    await runDeploy({ app: true }, captureIo().io, system);
    const apply = system.runs.find((r) => r.options.stdin !== undefined)!;
    expect(apply.argv).toEqual([
      'kubectl',
      '--context',
      'pathprof',
      'apply',
      '-f',
      '-',
    ]);
    expect(apply.options.stdin).toContain('name: pathprof');
  });

  it('checks every tool before running anything and says what to install', async () => {
    const system = createFakeDeploySystem({ missing: ['helm', 'docker'] });
    const run = runDeploy({ infra: true, app: true }, captureIo().io, system);
    await expect(run).rejects.toThrow(CliError);
    await expect(run).rejects.toMatchObject({ code: 'PATHPROF_ERR_DEPLOY' });
    await expect(run).rejects.toThrow(
      /docker: install it from https:\/\/docs\.docker\.com.*\n.*helm: install it from https:\/\/helm\.sh/,
    );
    expect(system.runs).toEqual([]);
  });

  it('asks only for the tools of the chosen toggles', async () => {
    const system = createFakeDeploySystem({ missing: ['helm', 'docker'] });
    await runDeploy({ infra: true }, captureIo().io, system);
    expect(system.runs.length).toBeGreaterThan(0);
  });

  it('stops at the first failing step and names it', async () => {
    const system = createFakeDeploySystem({
      exitCodes: { 'istioctl install': 3 },
    });
    const run = runDeploy({ infra: true, app: true }, captureIo().io, system);
    await expect(run).rejects.toThrow(
      /step 3 failed \(exit code 3\): istioctl install/,
    );
    expect(system.runs.map((r) => r.argv[0])).toEqual([
      'minikube',
      'minikube',
      'istioctl',
    ]);
  });

  it('refuses to run outside a pathprof checkout', async () => {
    const system = createFakeDeploySystem({ repoRoot: null });
    await expect(
      runDeploy({ app: true }, captureIo().io, system),
    ).rejects.toThrow(/inside the repository/);
    expect(system.runs).toEqual([]);
  });

  it('reads the KEY=VALUE lines of minikube docker-env', () => {
    expect(parseEnvLines('A="1"\nB=tcp://x:2376\n\n# comment\n')).toEqual({
      A: '1',
      B: 'tcp://x:2376',
    });
  });
});
