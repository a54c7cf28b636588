import { describe, expect, it } from 'vitest';
import { resolveRouteUrl, resolveSystemRouteUrl } from '@pathprof/measure';
import type { SystemAddresses } from '@pathprof/measure';

describe('resolveRouteUrl', () => {
  const base = new URL('http://127.0.0.1:8080/a/v1');

  it('puts a route below the base path', () => {
    expect(resolveRouteUrl(base, 'a1').href).toBe(
      'http://127.0.0.1:8080/a/v1/a1',
    );
    expect(resolveRouteUrl(new URL('http://h/a/v1/'), '/a1').href).toBe(
      'http://h/a/v1/a1',
    );
  });

  it('keeps a query string', () => {
    expect(resolveRouteUrl(base, 'rolldice?x=1').href).toBe(
      'http://127.0.0.1:8080/a/v1/rolldice?x=1',
    );
  });

  it('takes an absolute URL as it is and the empty route as the base', () => {
    expect(resolveRouteUrl(base, 'http://127.0.0.1:1/z').href).toBe(
      'http://127.0.0.1:1/z',
    );
    expect(resolveRouteUrl(base, '').href).toBe(base.href);
  });
});

describe('resolveSystemRouteUrl', () => {
  const system: SystemAddresses = {
    sys: 'multi-svc',
    entryUrl: 'http://127.0.0.1:1001/a/v1',
    services: [
      { name: 'svc-a', url: 'http://127.0.0.1:1001/a/v1' },
      { name: 'svc-c', url: 'http://127.0.0.1:1003/c/v1' },
      { name: 'svc-e', url: 'http://127.0.0.1:1005/e/v1' },
    ],
  };

  it('sends a multi-svc route to the service its letter names', () => {
    expect(resolveSystemRouteUrl(system, 'a1').href).toBe(
      'http://127.0.0.1:1001/a/v1/a1',
    );
    expect(resolveSystemRouteUrl(system, 'e1n').href).toBe(
      'http://127.0.0.1:1005/e/v1/e1n',
    );
    expect(resolveSystemRouteUrl(system, 'c2skip').href).toBe(
      'http://127.0.0.1:1003/c/v1/c2skip',
    );
  });

  it('sends toy routes below the entry service', () => {
    const toy: SystemAddresses = {
      ...system,
      sys: 'toy',
      entryUrl: 'http://127.0.0.1:2001/app_a/v1',
    };
    expect(resolveSystemRouteUrl(toy, 'rolldice/3').href).toBe(
      'http://127.0.0.1:2001/app_a/v1/rolldice/3',
    );
  });
});
