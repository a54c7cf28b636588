/** App steps: images built in Minikube's Docker, the namespace, the Helm release, the rollout. */
import { SHOWCASE_SYSTEMS } from '@pathprof/showcase';
import type { DeploySettings } from './deploy-settings.js';
import { RELEASE_NAME, RELEASE_NAMESPACE } from './deploy-settings.js';
import type { DeployStep } from './deploy-step.js';
import {
  CHART_DIR,
  COLLECTOR_DOCKERFILE,
  COLLECTOR_IMAGE,
  listShowcaseImages,
  SHOWCASE_DOCKERFILE,
  valuesFileOf,
} from './showcase-images.js';

/** The namespace of the showcase services, as the values files set it. */
export const SHOWCASE_NAMESPACE = 'e2e';

export function planApp(settings: DeploySettings): DeployStep[] {
  const { profile, sys } = settings;
  const kubectl = ['kubectl', '--context', profile];
  const showcaseTags = listShowcaseImages(sys).flatMap((t) => ['-t', t]);
  const deployments = SHOWCASE_SYSTEMS[sys].services.length;
  return [
    {
      title:
        "point docker at Minikube's Docker daemon, so the images need no registry",
      argv: ['minikube', '-p', profile, 'docker-env', '--shell', 'none'],
      setsDockerEnv: true,
    },
    {
      title: 'build the collector image (collector, DuckDB store, web UI)',
      argv: [
        'docker',
        'build',
        '-f',
        COLLECTOR_DOCKERFILE,
        '-t',
        COLLECTOR_IMAGE,
        '.',
      ],
      usesDockerEnv: true,
    },
    {
      title: `build the showcase image, tagged for each ${sys} service`,
      argv: [
        'docker',
        'build',
        '-f',
        SHOWCASE_DOCKERFILE,
        ...showcaseTags,
        '.',
      ],
      usesDockerEnv: true,
    },
    {
      title: `create the namespace ${RELEASE_NAMESPACE} (the chart creates ${SHOWCASE_NAMESPACE}, labelled istio-injection=enabled)`,
      argv: [...kubectl, 'apply', '-f', '-'],
      stdin: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${RELEASE_NAMESPACE}\n`,
    },
    {
      title: `install or upgrade the Helm release with ${valuesFileOf(sys)} and wait for it`,
      argv: [
        'helm',
        'upgrade',
        '--install',
        RELEASE_NAME,
        CHART_DIR,
        '--kube-context',
        profile,
        '--namespace',
        RELEASE_NAMESPACE,
        '-f',
        valuesFileOf(sys),
        '--wait',
        '--timeout',
        '10m',
      ],
    },
    {
      title: `wait for the ${deployments} showcase deployments to be available`,
      argv: [
        ...kubectl,
        '-n',
        SHOWCASE_NAMESPACE,
        'wait',
        '--for=condition=Available',
        'deployment',
        '--all',
        '--timeout=5m',
      ],
    },
    {
      title:
        'list the pods (each showcase pod has 2/2 containers: the service and its sidecar)',
      argv: [...kubectl, 'get', 'pods', '-n', SHOWCASE_NAMESPACE, '-o', 'wide'],
    },
  ];
}
