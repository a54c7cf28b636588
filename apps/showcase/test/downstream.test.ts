import { describe, expect, it } from 'vitest';
import {
  buildDownstreamUrl,
  findDownstream,
  formatDownstreamServices,
  parseDownstreamServices,
} from '../src/config/downstream.js';
import {
  DEFAULT_PORT,
  mountPath,
  readServiceConfig,
} from '../src/config/service-config.js';
import { ShowcaseError } from '../src/showcase-error.js';

const SEED_DOWNSTREAM =
  'svc-b:5566/b/v1,svc-c:5566/c/v1,svc-e:5566/e/v1,svc-g:5566/g/v1';

describe('parseDownstreamServices', () => {
  it('reads the seed example of DOWNSTREAM_SVCS', () => {
    const services = parseDownstreamServices(SEED_DOWNSTREAM);
    expect(services).toEqual([
      { host: 'svc-b', port: 5566, prefix: '/b', version: 'v1' },
      { host: 'svc-c', port: 5566, prefix: '/c', version: 'v1' },
      { host: 'svc-e', port: 5566, prefix: '/e', version: 'v1' },
      { host: 'svc-g', port: 5566, prefix: '/g', version: 'v1' },
    ]);
    expect(formatDownstreamServices(services!)).toBe(SEED_DOWNSTREAM);
  });

  it('reads an empty or missing list as no downstream service', () => {
    expect(parseDownstreamServices(undefined)).toEqual([]);
    expect(parseDownstreamServices('')).toEqual([]);
    expect(parseDownstreamServices(' , ')).toEqual([]);
  });

  it('reads local entries with an IP address', () => {
    expect(parseDownstreamServices('127.0.0.1:40001/b/v1')).toEqual([
      { host: '127.0.0.1', port: 40001, prefix: '/b', version: 'v1' },
    ]);
  });

  it.each([
    'svc-b',
    'svc-b:5566',
    'svc-b:5566/b',
    'svc-b:99999/b/v1',
    'svc-b:x/b/v1',
  ])('returns null for the malformed entry %s', (entry) => {
    expect(parseDownstreamServices(`svc-c:5566/c/v1,${entry}`)).toBeNull();
  });
});

describe('buildDownstreamUrl', () => {
  const svcB = { host: 'svc-b', port: 5566, prefix: '/b', version: 'v1' };

  it('uses the in-cluster template http://{host}.{NS}.svc.cluster.local:{port}{prefix}/{version}/{route}', () => {
    expect(buildDownstreamUrl(svcB, 'b1', 'e2e', false)).toBe(
      'http://svc-b.e2e.svc.cluster.local:5566/b/v1/b1',
    );
  });

  it('calls 127.0.0.1 in local mode', () => {
    expect(buildDownstreamUrl(svcB, 'b1', 'e2e', true)).toBe(
      'http://127.0.0.1:5566/b/v1/b1',
    );
  });

  it('calls an IP address or localhost directly', () => {
    expect(
      buildDownstreamUrl(
        { ...svcB, host: '127.0.0.1', port: 40001 },
        'b1n',
        'e2e',
        false,
      ),
    ).toBe('http://127.0.0.1:40001/b/v1/b1n');
    expect(
      buildDownstreamUrl({ ...svcB, host: 'localhost' }, 'b1', 'e2e', false),
    ).toBe('http://localhost:5566/b/v1/b1');
  });
});

describe('findDownstream', () => {
  const cluster = parseDownstreamServices(SEED_DOWNSTREAM)!;
  const local = parseDownstreamServices(
    '127.0.0.1:40001/b/v1,127.0.0.1:40002/c/v1',
  )!;

  it('finds a service by host name', () => {
    expect(findDownstream(cluster, 'svc-e', undefined)?.prefix).toBe('/e');
  });

  it('finds a local service by its prefix', () => {
    expect(findDownstream(local, 'svc-c', '/c')?.port).toBe(40002);
  });

  it('finds nothing for an unlisted service', () => {
    expect(findDownstream(local, 'svc-d', '/d')).toBeUndefined();
    expect(findDownstream(cluster, 'svc-d', undefined)).toBeUndefined();
  });
});

describe('readServiceConfig', () => {
  it('applies the seed environment contract', () => {
    const config = readServiceConfig(
      {
        SVC_NAME: 'svc-a',
        NS: 'e2e',
        API_PREFIX: '/a',
        API_VERSION: 'v1',
        DOWNSTREAM_SVCS: SEED_DOWNSTREAM,
      },
      {},
    );
    expect(config).toMatchObject({
      serviceName: 'svc-a',
      namespace: 'e2e',
      apiPrefix: '/a',
      apiVersion: 'v1',
      port: DEFAULT_PORT,
      local: false,
      exportTraces: true,
    });
    expect(config.downstream).toHaveLength(4);
    expect(mountPath(config)).toBe('/a/v1');
    expect(DEFAULT_PORT).toBe(5566);
  });

  it('falls back to NAMESPACE, the service defaults and PORT', () => {
    const config = readServiceConfig(
      {
        NAMESPACE: 'shop',
        PORT: '7000',
        LOCAL: '1',
        OTEL_TRACES_EXPORTER: 'none',
      },
      { serviceName: 'svc-b', apiPrefix: 'b/', apiVersion: 'v1' },
    );
    expect(config).toMatchObject({
      serviceName: 'svc-b',
      namespace: 'shop',
      apiPrefix: '/b',
      port: 7000,
      local: true,
      exportTraces: false,
    });
  });

  it('rejects a malformed DOWNSTREAM_SVCS or PORT', () => {
    expect(() =>
      readServiceConfig(
        { DOWNSTREAM_SVCS: 'svc-b' },
        { serviceName: 'svc-a', apiVersion: 'v1' },
      ),
    ).toThrow(ShowcaseError);
    expect(() =>
      readServiceConfig(
        { PORT: 'http' },
        { serviceName: 'svc-a', apiVersion: 'v1' },
      ),
    ).toThrow(/PORT must be a port number/);
  });

  it('reads the instrumentation level from PATHPROF_SDK, full by default', () => {
    const defaults = { serviceName: 'svc-a', apiVersion: 'v1' };
    expect(readServiceConfig({}, defaults).sdkMode).toBe('full');
    expect(
      readServiceConfig({ PATHPROF_SDK: 'otel-only' }, defaults).sdkMode,
    ).toBe('otel-only');
    expect(readServiceConfig({ PATHPROF_SDK: 'off' }, defaults).sdkMode).toBe(
      'off',
    );
    expect(() => readServiceConfig({ PATHPROF_SDK: 'on' }, defaults)).toThrow(
      /PATHPROF_SDK must be one of full, otel-only, off/,
    );
  });

  it('needs a service name', () => {
    expect(() => readServiceConfig({}, { apiVersion: 'v1' })).toThrow(
      /SVC_NAME/,
    );
  });
});
