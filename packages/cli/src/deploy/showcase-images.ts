/**
 * The image tags a showcase system runs, as its values file names them: one
 * showcase image tagged once per code it runs (`svc-a:latest` … for
 * multi-svc, as the seed named them; `rolldice:latest` for toy).
 */
import { SHOWCASE_SYSTEMS } from '@pathprof/showcase';
import type { ShowcaseSystemName } from '@pathprof/showcase';

export const COLLECTOR_IMAGE = 'pathprof-collector:latest';
export const COLLECTOR_DOCKERFILE = 'deploy/docker/collector.Dockerfile';
export const SHOWCASE_DOCKERFILE = 'deploy/docker/showcase.Dockerfile';
export const CHART_DIR = 'deploy/helm/pathprof';

export function listShowcaseImages(sys: ShowcaseSystemName): string[] {
  const apps = SHOWCASE_SYSTEMS[sys].services.map((s) => s.app);
  return [...new Set(apps)].map((app) => `${app}:latest`);
}

export function valuesFileOf(sys: ShowcaseSystemName): string {
  return `${CHART_DIR}/values-${sys}.yaml`;
}
