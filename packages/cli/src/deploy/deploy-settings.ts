/** `pathprof deploy` flags, checked and turned into settings (usage errors exit with 2). */
import {
  isShowcaseSystemName,
  SHOWCASE_SYSTEM_NAMES,
} from '@pathprof/showcase';
import type { ShowcaseSystemName } from '@pathprof/showcase';
import { UsageError } from '../shared/usage-error.js';

import {
  DEFAULT_CPUS,
  DEFAULT_ISTIO_RELEASE,
  DEFAULT_MEMORY_MIB,
  DEFAULT_PROFILE,
} from './deploy-defaults.js';

/** Helm release name and the collector's namespace. */
export const RELEASE_NAME = 'pathprof';
export const RELEASE_NAMESPACE = 'pathprof';
export const COLLECTOR_NAME = 'pathprof-collector';

export interface DeployFlags {
  infra?: boolean;
  app?: boolean;
  sys?: string;
  profile?: string;
  dryRun?: boolean;
  jaeger?: boolean;
  istioRelease?: string;
  cpus?: string;
  memory?: string;
  format?: string;
}

export interface DeploySettings {
  readonly infra: boolean;
  readonly app: boolean;
  readonly sys: ShowcaseSystemName;
  readonly profile: string;
  readonly dryRun: boolean;
  readonly jaeger: boolean;
  readonly istioRelease: string;
  readonly cpus: number;
  readonly memoryMib: number;
  readonly format: 'table' | 'json';
}

export const DEPLOY_MESSAGES = {
  nothingToDo:
    'say what to deploy: --infra (Minikube, Istio, addons), --app (images, chart, showcase) or both',
  badSystem: (sys: string) =>
    `--sys must be one of ${SHOWCASE_SYSTEM_NAMES.join(', ')}, got "${sys}"`,
  badProfile: (name: string) =>
    `--profile must be a Minikube profile name (lowercase letters, digits and -), got "${name}"`,
  badIstioRelease: (release: string) =>
    `--istio-release must be a major.minor Istio release such as ${DEFAULT_ISTIO_RELEASE}, got "${release}"`,
  badCpus: (cpus: string) =>
    `--cpus must be a whole number of CPUs from 2 to 64, got "${cpus}"`,
  badMemory: (memory: string) =>
    `--memory must be MiB as a whole number from 4096 to 262144, got "${memory}"`,
  badFormat: (format: string) =>
    `--format must be table or json, got "${format}"`,
} as const;

export function parseDeployFlags(flags: DeployFlags): DeploySettings {
  const infra = flags.infra === true;
  const app = flags.app === true;
  if (!infra && !app) {
    throw new UsageError('--infra', DEPLOY_MESSAGES.nothingToDo);
  }
  const sys = flags.sys ?? 'multi-svc';
  if (!isShowcaseSystemName(sys)) {
    throw new UsageError('--sys', DEPLOY_MESSAGES.badSystem(sys));
  }
  const profile = flags.profile ?? DEFAULT_PROFILE;
  if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(profile)) {
    throw new UsageError('--profile', DEPLOY_MESSAGES.badProfile(profile));
  }
  const istioRelease = flags.istioRelease ?? DEFAULT_ISTIO_RELEASE;
  if (!/^1\.\d{1,3}$/.test(istioRelease)) {
    throw new UsageError(
      '--istio-release',
      DEPLOY_MESSAGES.badIstioRelease(istioRelease),
    );
  }
  const cpus = parseWhole(flags.cpus, DEFAULT_CPUS, 2, 64);
  if (cpus === null) {
    throw new UsageError('--cpus', DEPLOY_MESSAGES.badCpus(flags.cpus ?? ''));
  }
  const memoryMib = parseWhole(flags.memory, DEFAULT_MEMORY_MIB, 4096, 262144);
  if (memoryMib === null) {
    throw new UsageError(
      '--memory',
      DEPLOY_MESSAGES.badMemory(flags.memory ?? ''),
    );
  }
  const format = flags.format ?? 'table';
  if (format !== 'table' && format !== 'json') {
    throw new UsageError('--format', DEPLOY_MESSAGES.badFormat(format));
  }
  return {
    infra,
    app,
    sys,
    profile,
    dryRun: flags.dryRun === true,
    jaeger: flags.jaeger === true,
    istioRelease,
    cpus,
    memoryMib,
    format,
  };
}

function parseWhole(
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number | null {
  if (text === undefined) {
    return fallback;
  }
  const value = Number(text);
  return /^\d+$/.test(text) && value >= min && value <= max ? value : null;
}
