/**
 * `pathprof deploy`: checks the tools, then runs (or, with --dry-run, prints)
 * the plan of build-deploy-plan.ts. Progress goes to stderr.
 */
import { join } from 'node:path';
import type { CliIo } from '../shared/cli-io.js';
import { writeOut } from '../shared/cli-io.js';
import { buildDeployPlan, formatPlan } from './build-deploy-plan.js';
import { CliError } from '../shared/cli-error.js';
import type { DeployFlags } from './deploy-settings.js';
import { parseDeployFlags } from './deploy-settings.js';
import { formatCommand } from './deploy-step.js';
import type { DeploySystem } from './deploy-system.js';
import { describeAccess } from './describe-access.js';
import type { DeployTool } from './required-tools.js';
import { describeMissingTools } from './required-tools.js';
import { CHART_DIR } from './showcase-images.js';

export const DEPLOY_RUN_MESSAGES = {
  noRepository:
    'pathprof deploy builds the images and the chart from a pathprof checkout: run it inside the repository',
  stepFailed: (index: number, command: string, code: number) =>
    `step ${index} failed (exit code ${code}): ${command}\nfix the cause and run the command again; finished steps are safe to repeat`,
} as const;

export async function runDeploy(
  flags: DeployFlags,
  io: CliIo,
  system: DeploySystem,
): Promise<void> {
  const settings = parseDeployFlags(flags);
  const plan = buildDeployPlan(settings);
  const missing: DeployTool[] = [];
  for (const tool of plan.tools) {
    if ((await system.which(tool)) === null) {
      missing.push(tool);
    }
  }
  const repoRoot = await findRepoRoot(system);
  if (settings.dryRun) {
    if (missing.length > 0) {
      io.stderr.write(`warning: ${describeMissingTools(missing)}\n`);
    }
    const text =
      settings.format === 'json'
        ? `${JSON.stringify({ ...plan, missingTools: missing })}\n`
        : formatPlan(settings, plan, repoRoot);
    await writeOut(io.stdout, text);
    return;
  }
  if (missing.length > 0) {
    throw new CliError('PATHPROF_ERR_DEPLOY', describeMissingTools(missing));
  }
  if (repoRoot === null) {
    throw new CliError('PATHPROF_ERR_DEPLOY', DEPLOY_RUN_MESSAGES.noRepository);
  }
  let dockerEnv: Record<string, string> = {};
  for (const [i, step] of plan.steps.entries()) {
    const command = formatCommand(step.argv);
    io.stderr.write(
      `==> [${i + 1}/${plan.steps.length}] ${step.title}\n$ ${command}\n`,
    );
    const result = await system.run(step.argv, {
      cwd: repoRoot,
      env:
        step.usesDockerEnv === true
          ? { ...system.env, ...dockerEnv }
          : system.env,
      ...(step.stdin === undefined ? {} : { stdin: step.stdin }),
      capture: step.setsDockerEnv === true,
    });
    if (result.code !== 0) {
      throw new CliError(
        'PATHPROF_ERR_DEPLOY',
        DEPLOY_RUN_MESSAGES.stepFailed(i + 1, command, result.code),
      );
    }
    if (step.setsDockerEnv === true) {
      dockerEnv = parseEnvLines(result.stdout);
    }
  }
  if (settings.app) {
    await writeOut(io.stdout, `${describeAccess(settings)}\n`);
  }
}

/** `KEY=VALUE` lines (minikube docker-env --shell none) as an object. */
export function parseEnvLines(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (match !== null) {
      env[match[1]!] = match[2]!.replace(/^"(.*)"$/, '$1');
    }
  }
  return env;
}

/** The nearest directory at or above the working directory that holds the chart. */
async function findRepoRoot(system: DeploySystem): Promise<string | null> {
  let dir = system.cwd;
  for (;;) {
    if (await system.exists(join(dir, CHART_DIR, 'Chart.yaml'))) {
      return dir;
    }
    const parent = join(dir, '..');
    if (parent === dir) {
      return null;
    }
    dir = parent;
  }
}
