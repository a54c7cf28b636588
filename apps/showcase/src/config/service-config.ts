/**
 * The environment contract of every showcase service (seed-system.md §1):
 * `SVC_NAME`, `NS`/`NAMESPACE`, `API_PREFIX`, `API_VERSION`, `DOWNSTREAM_SVCS`,
 * `PORT` (default 5566), plus `HOST` (default all interfaces), `LOCAL=1`
 * (downstream on 127.0.0.1), `OTEL_TRACES_EXPORTER=none` (no export) and
 * `PATHPROF_SDK` (instrumentation level, for overhead comparisons).
 */
import type { DownstreamService } from './downstream.js';
import { parseDownstreamServices } from './downstream.js';
import { ShowcaseError } from '../showcase-error.js';

export const DEFAULT_PORT = 5566;
export const DEFAULT_NAMESPACE = 'default';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * `PATHPROF_SDK`: `full` (default) profiles the decorated routes; `otel-only`
 * keeps OpenTelemetry tracing and HTTP instrumentation but profiles nothing;
 * `off` starts no tracing at all.
 */
export const SDK_MODE_ENV = 'PATHPROF_SDK';
export const SDK_MODES = ['full', 'otel-only', 'off'] as const;
export type SdkMode = (typeof SDK_MODES)[number];

export interface ServiceConfig {
  readonly serviceName: string;
  readonly namespace: string;
  /** Starts with `/` and has no trailing `/`, e.g. `/a`. */
  readonly apiPrefix: string;
  readonly apiVersion: string;
  readonly downstream: readonly DownstreamService[];
  readonly port: number;
  /** Interface to listen on; undefined listens on all. */
  readonly host: string | undefined;
  readonly local: boolean;
  readonly exportTraces: boolean;
  /** Shut down when standard input closes (set by the local runner, so no child outlives it). */
  readonly exitWithStdin: boolean;
  readonly sdkMode: SdkMode;
}

/** A configuration problem (`SHOWCASE_ERR_CONFIG`). */
function configError(message: string): ShowcaseError {
  return new ShowcaseError('SHOWCASE_ERR_CONFIG', message);
}

/** The service's configuration, with defaults given by the service itself (its name and mount). */
export function readServiceConfig(
  env: Env,
  defaults: { serviceName?: string; apiPrefix?: string; apiVersion?: string },
): ServiceConfig {
  const serviceName = nonEmpty(env.SVC_NAME) ?? defaults.serviceName;
  if (serviceName === undefined) {
    throw configError('SVC_NAME is not set');
  }
  const prefix = nonEmpty(env.API_PREFIX) ?? defaults.apiPrefix ?? '';
  const apiPrefix = `/${prefix.replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
  const apiVersion = (
    nonEmpty(env.API_VERSION) ??
    defaults.apiVersion ??
    ''
  ).replace(/^\/+|\/+$/g, '');
  if (apiVersion === '') {
    throw configError('API_VERSION is not set');
  }
  const downstream = parseDownstreamServices(env.DOWNSTREAM_SVCS);
  if (downstream === null) {
    throw configError(
      `DOWNSTREAM_SVCS must be a comma list of host:port/prefix/version, got "${env.DOWNSTREAM_SVCS}"`,
    );
  }
  const portText = nonEmpty(env.PORT);
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw configError(`PORT must be a port number, got "${portText}"`);
  }
  const sdkMode = nonEmpty(env[SDK_MODE_ENV]) ?? 'full';
  if (!isSdkMode(sdkMode)) {
    throw configError(
      `${SDK_MODE_ENV} must be one of ${SDK_MODES.join(', ')}, got "${sdkMode}"`,
    );
  }
  return {
    serviceName,
    namespace: nonEmpty(env.NS) ?? nonEmpty(env.NAMESPACE) ?? DEFAULT_NAMESPACE,
    apiPrefix,
    apiVersion,
    downstream,
    port,
    host: nonEmpty(env.HOST),
    local: isTrue(env.LOCAL),
    exportTraces: (env.OTEL_TRACES_EXPORTER ?? '').trim() !== 'none',
    exitWithStdin: isTrue(env.PATHPROF_EXIT_WITH_STDIN),
    sdkMode,
  };
}

/** The mount point, e.g. `/a/v1`. */
export function mountPath(config: ServiceConfig): string {
  return `${config.apiPrefix}/${config.apiVersion}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v === undefined || v === '' ? undefined : v;
}

function isTrue(value: string | undefined): boolean {
  return ['1', 'true', 'yes'].includes((value ?? '').trim().toLowerCase());
}

function isSdkMode(value: string): value is SdkMode {
  return (SDK_MODES as readonly string[]).includes(value);
}
