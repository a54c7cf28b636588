/**
 * `DOWNSTREAM_SVCS`: a comma list of `host:port/prefix/version`, e.g.
 * `svc-b:5566/b/v1,svc-c:5566/c/v1`. In the cluster a downstream URL is
 * `http://{host}.{NS}.svc.cluster.local:{port}{prefix}/{version}/{route}`;
 * locally (an IP or `localhost` host, or `LOCAL=1`) it is
 * `http://{host or 127.0.0.1}:{port}{prefix}/{version}/{route}`.
 */

export interface DownstreamService {
  readonly host: string;
  readonly port: number;
  /** Starts with `/`, e.g. `/b`. */
  readonly prefix: string;
  readonly version: string;
}

const ENTRY =
  /^([A-Za-z0-9.-]+):(\d{1,5})(\/[A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/;

/** Parses `DOWNSTREAM_SVCS`; returns null when an entry is malformed. */
export function parseDownstreamServices(
  text: string | undefined,
): DownstreamService[] | null {
  const result: DownstreamService[] = [];
  for (const raw of (text ?? '').split(',')) {
    const entry = raw.trim();
    if (entry === '') {
      continue;
    }
    const m = ENTRY.exec(entry);
    if (m === null) {
      return null;
    }
    const port = Number(m[2]);
    if (port < 1 || port > 65535) {
      return null;
    }
    result.push({ host: m[1]!, port, prefix: m[3]!, version: m[4]! });
  }
  return result;
}

/** Formats services back into the `DOWNSTREAM_SVCS` syntax. */
export function formatDownstreamServices(
  services: readonly DownstreamService[],
): string {
  return services
    .map((s) => `${s.host}:${s.port}${s.prefix}/${s.version}`)
    .join(',');
}

/** Whether the host is reached directly (an IPv4 address or `localhost`), not by cluster DNS. */
export function isLocalHost(host: string): boolean {
  return host === 'localhost' || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
}

/**
 * The entry of `DOWNSTREAM_SVCS` for a service: the one whose host is the
 * service's name (or its first DNS label), else the one with the service's
 * default prefix (local entries are `127.0.0.1:port/...` and carry no name).
 */
export function findDownstream(
  services: readonly DownstreamService[],
  serviceName: string,
  defaultPrefix: string | undefined,
): DownstreamService | undefined {
  return (
    services.find(
      (s) => s.host === serviceName || s.host.split('.')[0] === serviceName,
    ) ??
    (defaultPrefix === undefined
      ? undefined
      : services.find((s) => s.prefix === defaultPrefix))
  );
}

export function buildDownstreamUrl(
  target: DownstreamService,
  route: string,
  namespace: string,
  local: boolean,
): string {
  const path = `${target.prefix}/${target.version}/${route}`;
  if (local || isLocalHost(target.host)) {
    const host = isLocalHost(target.host) ? target.host : '127.0.0.1';
    return `http://${host}:${target.port}${path}`;
  }
  return `http://${target.host}.${namespace}.svc.cluster.local:${target.port}${path}`;
}
