import { diag } from '@opentelemetry/api';
import type { AttributeValue } from '@opentelemetry/api';
import {
  defaultResource,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import type { Resource } from '@opentelemetry/resources';
import {
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
} from '@opentelemetry/semantic-conventions';
import type { Env } from './env.js';
import { readEnv } from './env.js';

const ATTR_K8S_NAMESPACE_NAME = 'k8s.namespace.name';
const ATTR_K8S_POD_NAME = 'k8s.pod.name';

export interface ServiceResourceInput {
  readonly serviceName?: string | undefined;
  readonly serviceVersion?: string | undefined;
  readonly resourceAttributes?:
    Readonly<Record<string, AttributeValue>> | undefined;
}

export interface ServiceResource {
  readonly resource: Resource;
  readonly serviceName: string;
}

/**
 * Parses `OTEL_RESOURCE_ATTRIBUTES` (`key=value,…`, values percent-encoded).
 * As the specification asks, any error discards the whole value.
 * https://opentelemetry.io/docs/specs/otel/resource/sdk/#specifying-resource-information-via-an-environment-variable
 */
export function parseResourceAttributes(
  value: string | undefined,
): Record<string, string> {
  const attributes: Record<string, string> = {};
  if (value === undefined) {
    return attributes;
  }
  for (const pair of value.split(',')) {
    if (pair.trim() === '') {
      continue;
    }
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq).trim() : '';
    if (key === '') {
      diag.warn(
        `@pathprof/sdk: OTEL_RESOURCE_ATTRIBUTES is malformed at "${pair}"; ignoring it`,
      );
      return {};
    }
    try {
      attributes[key] = decodeURIComponent(pair.slice(eq + 1).trim());
    } catch {
      diag.warn(
        `@pathprof/sdk: OTEL_RESOURCE_ATTRIBUTES has a bad percent-encoding at "${key}"; ignoring it`,
      );
      return {};
    }
  }
  return attributes;
}

/**
 * The process's resource. Precedence, highest first: the options,
 * `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`, the Kubernetes variables
 * (`NS`/`NAMESPACE`, `POD_NAME`, or `HOSTNAME` inside a pod), the SDK defaults.
 */
export function createServiceResource(
  input: ServiceResourceInput,
  env: Env,
): ServiceResource {
  const attributes: Record<string, AttributeValue> = {};
  const namespace = readEnv(env, 'NS') ?? readEnv(env, 'NAMESPACE');
  if (namespace !== undefined) {
    attributes[ATTR_K8S_NAMESPACE_NAME] = namespace;
  }
  const pod =
    readEnv(env, 'POD_NAME') ??
    (readEnv(env, 'KUBERNETES_SERVICE_HOST') !== undefined
      ? readEnv(env, 'HOSTNAME')
      : undefined);
  if (pod !== undefined) {
    attributes[ATTR_K8S_POD_NAME] = pod;
  }
  Object.assign(
    attributes,
    parseResourceAttributes(readEnv(env, 'OTEL_RESOURCE_ATTRIBUTES')),
    input.resourceAttributes,
  );
  const envServiceName = readEnv(env, 'OTEL_SERVICE_NAME');
  if (input.serviceName !== undefined) {
    attributes[ATTR_SERVICE_NAME] = input.serviceName;
  } else if (envServiceName !== undefined) {
    attributes[ATTR_SERVICE_NAME] = envServiceName;
  }
  if (input.serviceVersion !== undefined) {
    attributes[ATTR_SERVICE_VERSION] = input.serviceVersion;
  }
  const resource = defaultResource().merge(resourceFromAttributes(attributes));
  const serviceName = resource.attributes[ATTR_SERVICE_NAME];
  return {
    resource,
    serviceName:
      typeof serviceName === 'string' && serviceName !== ''
        ? serviceName
        : 'unknown_service',
  };
}
