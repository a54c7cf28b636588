/** The programs a deploy needs, and what to tell a user who lacks one. */
import type { DeploySettings } from './deploy-settings.js';

export type DeployTool =
  'minikube' | 'istioctl' | 'kubectl' | 'helm' | 'docker';

export const TOOL_INSTALL_HINTS: Readonly<Record<DeployTool, string>> = {
  minikube: 'https://minikube.sigs.k8s.io/docs/start/',
  istioctl:
    'https://istio.io/latest/docs/setup/install/istioctl/ (1.22 or newer)',
  kubectl: 'https://kubernetes.io/docs/tasks/tools/',
  helm: 'https://helm.sh/docs/intro/install/ (v3.8 or newer)',
  docker: 'https://docs.docker.com/engine/install/ (the docker CLI)',
};

export function listRequiredTools(settings: DeploySettings): DeployTool[] {
  const tools = new Set<DeployTool>();
  if (settings.infra) {
    ['minikube', 'istioctl', 'kubectl'].forEach((t) =>
      tools.add(t as DeployTool),
    );
  }
  if (settings.app) {
    ['minikube', 'docker', 'kubectl', 'helm'].forEach((t) =>
      tools.add(t as DeployTool),
    );
  }
  return [...tools];
}

/** One line per missing tool, naming where to get it. */
export function describeMissingTools(missing: readonly DeployTool[]): string {
  const lines = missing.map(
    (tool) => `  ${tool}: install it from ${TOOL_INSTALL_HINTS[tool]}`,
  );
  const noun = missing.length === 1 ? 'a tool that is' : 'tools that are';
  return `pathprof deploy needs ${noun} not on PATH:\n${lines.join('\n')}\nthen run the command again (nothing was changed)`;
}
