/** The whole plan: infra steps, then app steps, and the tools they need. */
import type { DeploySettings } from './deploy-settings.js';
import type { DeployStep } from './deploy-step.js';
import { formatStep } from './deploy-step.js';
import { describeAccess } from './describe-access.js';
import { planApp } from './plan-app.js';
import { planInfra } from './plan-infra.js';
import type { DeployTool } from './required-tools.js';
import { listRequiredTools } from './required-tools.js';

export interface DeployPlan {
  readonly steps: readonly DeployStep[];
  readonly tools: readonly DeployTool[];
}

export function buildDeployPlan(settings: DeploySettings): DeployPlan {
  return {
    steps: [
      ...(settings.infra ? planInfra(settings) : []),
      ...(settings.app ? planApp(settings) : []),
    ],
    tools: listRequiredTools(settings),
  };
}

/** The plan as a shell script a user can read and follow. */
export function formatPlan(
  settings: DeploySettings,
  plan: DeployPlan,
  repoRoot: string | null,
): string {
  const parts = [settings.infra && 'infra', settings.app && 'app'].filter(
    Boolean,
  );
  const header = [
    `# pathprof deploy plan: ${parts.join(' + ')}, system ${settings.sys}, Minikube profile ${settings.profile}`,
    `# Needs: ${plan.tools.join(', ')}. Nothing has been run.`,
    `# Run from the root of the pathprof repository${repoRoot === null ? '' : ` (${repoRoot})`}; every step is safe to repeat.`,
    'set -e',
  ];
  const steps = plan.steps.map((step, i) => formatStep(step, i));
  const footer = settings.app
    ? [
        describeAccess(settings)
          .split('\n')
          .map((line) => `# ${line}`)
          .join('\n'),
      ]
    : [];
  return `${[header.join('\n'), ...steps, ...footer].join('\n\n')}\n`;
}
