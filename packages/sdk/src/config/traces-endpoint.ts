import { diag } from '@opentelemetry/api';
import type { Env } from './env.js';
import { readEnv } from './env.js';

export const DEFAULT_TRACES_ENDPOINT = 'http://localhost:4318/v1/traces';
const TRACES_PATH = '/v1/traces';

function parseHttpUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function withTracesPath(base: URL): string {
  return `${base.href.replace(/\/+$/, '')}${TRACES_PATH}`;
}

/**
 * The OTLP/HTTP traces URL: the `endpoint` option (a bare origin gets
 * `/v1/traces`; a URL with a path is used as is), else
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as is, else
 * `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`, else localhost:4318.
 * Invalid URLs are reported and skipped.
 * https://opentelemetry.io/docs/specs/otel/protocol/exporter/#endpoint-urls-for-otlphttp
 */
export function resolveTracesEndpoint(
  endpoint: string | undefined,
  env: Env,
): string {
  if (endpoint !== undefined) {
    const url = parseHttpUrl(endpoint);
    if (url !== null) {
      return url.pathname === '/' ? withTracesPath(url) : url.href;
    }
    diag.warn(
      `@pathprof/sdk: endpoint "${endpoint}" is not an http(s) URL; ignoring it`,
    );
  }
  const tracesEndpoint = readEnv(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (tracesEndpoint !== undefined) {
    if (parseHttpUrl(tracesEndpoint) !== null) {
      return tracesEndpoint;
    }
    diag.warn(
      `@pathprof/sdk: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT "${tracesEndpoint}" is not an http(s) URL; ignoring it`,
    );
  }
  const baseEndpoint = readEnv(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (baseEndpoint !== undefined) {
    const url = parseHttpUrl(baseEndpoint);
    if (url !== null) {
      return withTracesPath(url);
    }
    diag.warn(
      `@pathprof/sdk: OTEL_EXPORTER_OTLP_ENDPOINT "${baseEndpoint}" is not an http(s) URL; ignoring it`,
    );
  }
  return DEFAULT_TRACES_ENDPOINT;
}
