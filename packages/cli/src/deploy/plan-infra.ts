/** Infra steps: a Minikube cluster, Istio with tracing to pathprof, Istio's addons. */
import type { DeploySettings } from './deploy-settings.js';
import type { DeployStep } from './deploy-step.js';
import { buildMeshConfig, toIstioctlSetValues } from './istio-mesh-config.js';

/** Istio's sample addons, applied from the Istio release (never copied into this repository). */
export function addonUrl(release: string, addon: string): string {
  return `https://raw.githubusercontent.com/istio/istio/release-${release}/samples/addons/${addon}.yaml`;
}

export function planInfra(settings: DeploySettings): DeployStep[] {
  const { profile } = settings;
  const kubectl = ['kubectl', '--context', profile];
  const setValues = [
    'profile=demo',
    ...toIstioctlSetValues(buildMeshConfig({ jaeger: settings.jaeger })),
  ].flatMap((v) => ['--set', v]);
  const addons = ['prometheus', 'grafana', 'kiali'];
  if (settings.jaeger) {
    addons.push('jaeger');
  }
  return [
    {
      title: `start (or reuse) the Minikube cluster "${profile}" with ${settings.cpus} CPUs and ${settings.memoryMib} MiB, enough for Istio's demo profile`,
      argv: [
        'minikube',
        'start',
        '-p',
        profile,
        `--cpus=${settings.cpus}`,
        `--memory=${settings.memoryMib}`,
      ],
    },
    {
      title: 'enable metrics-server (kubectl top, Kiali)',
      argv: ['minikube', '-p', profile, 'addons', 'enable', 'metrics-server'],
    },
    {
      title: `install Istio (demo profile) with tracing to pathprof${settings.jaeger ? ' (Jaeger declared as a second provider)' : ''}`,
      argv: ['istioctl', 'install', '-y', '--context', profile, ...setValues],
    },
    {
      title: 'wait for istiod',
      argv: [
        ...kubectl,
        '-n',
        'istio-system',
        'rollout',
        'status',
        'deployment/istiod',
        '--timeout=5m',
      ],
    },
    ...addons.map((addon) => ({
      title: `apply Istio's ${addon} addon from release ${settings.istioRelease}`,
      argv: [...kubectl, 'apply', '-f', addonUrl(settings.istioRelease, addon)],
    })),
    {
      title: 'wait for the addons',
      argv: [
        ...kubectl,
        '-n',
        'istio-system',
        'wait',
        '--for=condition=Available',
        'deployment',
        '--all',
        '--timeout=5m',
      ],
    },
  ];
}
