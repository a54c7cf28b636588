import { describe, expect, it } from 'vitest';
import {
  createServiceResource,
  parseResourceAttributes,
} from '../../src/config/service-resource.js';

describe('parseResourceAttributes', () => {
  it('parses key=value pairs and percent-decodes values', () => {
    expect(
      parseResourceAttributes('deployment.environment=e2e, team=path%20prof'),
    ).toEqual({ 'deployment.environment': 'e2e', team: 'path prof' });
  });

  it('discards the whole value when a pair has no key', () => {
    expect(parseResourceAttributes('a=1,=2')).toEqual({});
  });

  it('discards the whole value on a bad percent-encoding', () => {
    expect(parseResourceAttributes('a=1,b=%E0%A4%A')).toEqual({});
  });
});

describe('createServiceResource', () => {
  it('takes service.name from the option over OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES', () => {
    const { resource, serviceName } = createServiceResource(
      { serviceName: 'svc-a', serviceVersion: '1.2.3' },
      {
        OTEL_SERVICE_NAME: 'from-env',
        OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs',
      },
    );
    expect(serviceName).toBe('svc-a');
    expect(resource.attributes['service.version']).toBe('1.2.3');
  });

  it('takes OTEL_SERVICE_NAME over OTEL_RESOURCE_ATTRIBUTES', () => {
    expect(
      createServiceResource(
        {},
        {
          OTEL_SERVICE_NAME: 'from-env',
          OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs',
        },
      ).serviceName,
    ).toBe('from-env');
    expect(
      createServiceResource(
        {},
        { OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs' },
      ).serviceName,
    ).toBe('from-attrs');
  });

  it('adds the Kubernetes namespace and pod from NS and POD_NAME', () => {
    const { resource } = createServiceResource(
      { serviceName: 'svc-a' },
      { NS: 'e2e', POD_NAME: 'svc-a-7d9f-xk2p' },
    );
    expect(resource.attributes).toMatchObject({
      'k8s.namespace.name': 'e2e',
      'k8s.pod.name': 'svc-a-7d9f-xk2p',
    });
  });

  it('uses HOSTNAME as the pod name only inside Kubernetes', () => {
    expect(
      createServiceResource({}, { NAMESPACE: 'e2e', HOSTNAME: 'laptop' })
        .resource.attributes['k8s.pod.name'],
    ).toBeUndefined();
    expect(
      createServiceResource(
        {},
        { HOSTNAME: 'svc-a-pod', KUBERNETES_SERVICE_HOST: '10.96.0.1' },
      ).resource.attributes['k8s.pod.name'],
    ).toBe('svc-a-pod');
  });

  it('lets OTEL_RESOURCE_ATTRIBUTES and then the option override the Kubernetes variables', () => {
    const { resource } = createServiceResource(
      { resourceAttributes: { team: 'core' } },
      {
        NS: 'e2e',
        OTEL_RESOURCE_ATTRIBUTES: 'k8s.namespace.name=prod,team=edge',
      },
    );
    expect(resource.attributes).toMatchObject({
      'k8s.namespace.name': 'prod',
      team: 'core',
    });
  });

  it('falls back to the SDK default service name', () => {
    expect(createServiceResource({}, {}).serviceName).toMatch(
      /^unknown_service/,
    );
  });
});
