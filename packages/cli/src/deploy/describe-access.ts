/** What to do once deployed: reach the showcase and the pathprof UI. */
import { SHOWCASE_SYSTEMS } from '@pathprof/showcase';
import type { DeploySettings } from './deploy-settings.js';
import { COLLECTOR_NAME, RELEASE_NAMESPACE } from './deploy-settings.js';
import { SHOWCASE_NAMESPACE } from './plan-app.js';

/** Host names of the showcase services, as the values files give them. */
export function showcaseHostOf(service: string): string {
  const short = service.startsWith('svc-')
    ? `app-${service.slice(4)}`
    : service;
  return `${short}.dtp.org`;
}

export function describeAccess(settings: DeploySettings): string {
  const system = SHOWCASE_SYSTEMS[settings.sys];
  const entry = system.services[0]!;
  const example = system.examples[0]!;
  const mount = `${entry.prefix}/${entry.version}`;
  const p = settings.profile;
  return [
    'How to reach it:',
    `  the showcase through Istio's ingress gateway: run \`minikube -p ${p} tunnel\` in another terminal, then`,
    `    curl -H "Host: ${showcaseHostOf(entry.name)}" http://localhost${mount}/${example.route}`,
    '  or one service directly:',
    `    kubectl --context ${p} -n ${SHOWCASE_NAMESPACE} port-forward svc/${entry.name} 5566:5566`,
    `    curl http://localhost:5566${mount}/${example.route}`,
    '  the pathprof UI and query API:',
    `    kubectl --context ${p} -n ${RELEASE_NAMESPACE} port-forward svc/${COLLECTOR_NAME} 16686:16686`,
    '    open http://localhost:16686/ (paths: http://localhost:16686/api/paths?lookback=15m)',
    `  Grafana, Kiali, Prometheus: istioctl --context ${p} dashboard grafana (or kiali, prometheus)`,
  ].join('\n');
}
