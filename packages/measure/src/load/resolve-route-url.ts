/** The URL a route names: below a base URL, or below the service of a started system. */

/** What a started system tells about its addresses. */
export interface SystemAddresses {
  readonly sys: string;
  readonly services: readonly { readonly name: string; readonly url: string }[];
  readonly entryUrl: string;
}

/**
 * The URL of a route below a base URL: `a1` under `http://h/a/v1` is
 * `http://h/a/v1/a1`; an absolute http(s) URL stands for itself; the empty
 * route is the base itself.
 */
export function resolveRouteUrl(base: URL, route: string): URL {
  if (/^https?:\/\//i.test(route)) {
    return new URL(route);
  }
  if (route === '') {
    return new URL(base.href);
  }
  const url = new URL(base.href);
  const basePath = url.pathname.replace(/\/+$/, '');
  const [path, query] = splitQuery(route.replace(/^\/+/, ''));
  url.pathname = `${basePath}/${path}`;
  url.search = query;
  return url;
}

/**
 * The URL of a route of a started system: multi-svc routes go to the service
 * their first letter names (`a1` → svc-a's `/a/v1/a1`, `e1` → svc-e's
 * `/e/v1/e1`); other routes (and every toy route) go below the entry service
 * (`rolldice/3` → `/app_a/v1/rolldice/3`); an absolute URL stands for itself.
 */
export function resolveSystemRouteUrl(
  system: SystemAddresses,
  route: string,
): URL {
  const letter = /^([a-z])\d|^c2skip/.exec(route)?.[0]?.[0];
  const service =
    system.sys === 'multi-svc' && letter !== undefined
      ? system.services.find((s) => s.name === `svc-${letter}`)
      : undefined;
  return resolveRouteUrl(new URL(service?.url ?? system.entryUrl), route);
}

function splitQuery(route: string): [string, string] {
  const q = route.indexOf('?');
  return q === -1 ? [route, ''] : [route.slice(0, q), route.slice(q)];
}
