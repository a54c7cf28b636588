import { describe, expect, it } from 'vitest';
import { DEPLOY_MESSAGES } from '../../src/deploy/deploy-settings.js';
import { runCli } from '../cli-harness.js';

describe('pathprof deploy flags', () => {
  it('is a usage error without --infra or --app', async () => {
    const result = await runCli(['deploy', '--dry-run']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(DEPLOY_MESSAGES.nothingToDo);
  });

  it('refuses an unknown system', async () => {
    const result = await runCli([
      'deploy',
      '--app',
      '--sys',
      'nope',
      '--dry-run',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(DEPLOY_MESSAGES.badSystem('nope'));
  });

  it('refuses a profile name Minikube would not take', async () => {
    const result = await runCli([
      'deploy',
      '--infra',
      '--profile',
      'Bad_Name',
      '--dry-run',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(DEPLOY_MESSAGES.badProfile('Bad_Name'));
  });

  it('refuses too few CPUs for Istio', async () => {
    const result = await runCli([
      'deploy',
      '--infra',
      '--cpus',
      '1',
      '--dry-run',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(DEPLOY_MESSAGES.badCpus('1'));
  });

  it('prints the plan from the command line with --dry-run and exits 0', async () => {
    const result = await runCli([
      'deploy',
      '--dry-run',
      '--infra',
      '--app',
      '--sys',
      'multi-svc',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '# pathprof deploy plan: infra + app, system multi-svc',
    );
    expect(result.stdout).toContain(
      'helm upgrade --install pathprof deploy/helm/pathprof',
    );
  });

  it('lists the command in --help', async () => {
    const result = await runCli(['deploy', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--dry-run');
    expect(result.stdout).toContain('--sys <system>');
  });
});
