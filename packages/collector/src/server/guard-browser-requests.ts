/**
 * What stops a web page the user happens to open from using the collector:
 *
 * - **DNS rebinding.** A page on `evil.example` can have its name resolve to
 *   127.0.0.1 and then read the collector as its own origin. Its requests
 *   still carry `Host: evil.example`, so a collector listening on loopback
 *   answers only loopback names (`localhost`, `*.localhost`, 127.0.0.0/8,
 *   `[::1]`) and the names given as `allowedHosts`. An IP literal other than
 *   loopback cannot be rebound, but is not expected on a loopback server
 *   either, so it is refused too.
 * - **Cross-origin writes.** `fetch` with `mode: 'no-cors'` and HTML forms
 *   send a POST without a preflight when its `Content-Type` is missing or
 *   one of the CORS-safelisted types (the Zipkin receiver reads a body
 *   without one as JSON). Browsers name the page's origin in `Origin` (or
 *   at least say `Sec-Fetch-Site: cross-site`), so a write from another
 *   origin is refused unless a CORS rule (`--cors-origin`, query port only)
 *   allows it. Same-origin pages, such as the web UI, are compared with the
 *   `Host` (or `X-Forwarded-Host`, which a page cannot set without a
 *   preflight) they were sent to.
 *
 * Reads need no such rule: without `Access-Control-Allow-Origin` a browser
 * does not hand the answer to another origin. gRPC ports are HTTP/2 without
 * TLS, which browsers do not speak, and UDP is out of a page's reach.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { isLoopbackHost } from './loopback-host.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface BrowserGuardOptions {
  /** Whether every server listens on loopback only; only then is the `Host` checked. */
  readonly loopbackOnly: boolean;
  /** Names accepted in `Host` beside the loopback ones (`--allowed-host`). */
  readonly allowedHosts: readonly string[];
  /** Origins a CORS rule allows on this server (`--cors-origin` on the query port), `*` for any. */
  readonly corsOrigins: readonly string[];
}

export interface BrowserRefusal {
  readonly status: 403;
  readonly message: string;
}

/** A check of one request's method and headers: null to let it through, else why not. */
export function createBrowserGuard(
  options: BrowserGuardOptions,
): (method: string, headers: IncomingHttpHeaders) => BrowserRefusal | null {
  const allowed = new Set(options.allowedHosts.map(normaliseHostName));
  const anyOrigin = options.corsOrigins.includes('*');
  const corsOrigins = new Set(options.corsOrigins);
  return (method, headers) => {
    const host = headers.host;
    if (options.loopbackOnly && host !== undefined) {
      const name = normaliseHostName(hostNameOf(host));
      if (!isLoopbackHost(name) && !allowed.has(name)) {
        return refuse(
          `Host ${JSON.stringify(host)} is not allowed: this collector listens on loopback and answers only loopback names such as localhost and 127.0.0.1; start it with --allowed-host ${name === '' ? '<name>' : name} to accept this name`,
        );
      }
    }
    if (SAFE_METHODS.has(method)) {
      return null;
    }
    const origin = headers.origin;
    if (origin === undefined) {
      const site = headers['sec-fetch-site'];
      return site === 'cross-site' || site === 'same-site'
        ? refuse(
            `a ${method} from a page of another site is refused: no CORS rule (--cors-origin) allows it`,
          )
        : null;
    }
    if (isSameOrigin(origin, headers) || anyOrigin || corsOrigins.has(origin)) {
      return null;
    }
    return refuse(
      `a ${method} from the page origin ${JSON.stringify(origin.slice(0, 200))} is refused: no CORS rule allows it (--cors-origin, on the query port)`,
    );
  };
}

function refuse(message: string): BrowserRefusal {
  return { status: 403, message };
}

/** `Host: [::1]:4318` → `[::1]`; `localhost:16686` → `localhost`. */
function hostNameOf(host: string): string {
  const trimmed = host.trim();
  if (trimmed.startsWith('[')) {
    const end = trimmed.indexOf(']');
    return end < 0 ? trimmed : trimmed.slice(0, end + 1);
  }
  const colon = trimmed.indexOf(':');
  return colon < 0 ? trimmed : trimmed.slice(0, colon);
}

function normaliseHostName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** Whether `origin` is the scheme-less address the request was sent to. */
function isSameOrigin(origin: string, headers: IncomingHttpHeaders): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // `null` (sandboxed frames, file:) and anything unparsable
  }
  const forwarded = headers['x-forwarded-host'];
  const targets = [
    headers.host,
    ...(typeof forwarded === 'string' ? forwarded.split(',') : []),
  ];
  const own = withoutDefaultPort(url.host.toLowerCase(), url.protocol);
  return targets.some(
    (t) =>
      t !== undefined &&
      withoutDefaultPort(t.trim().toLowerCase(), url.protocol) === own,
  );
}

function withoutDefaultPort(host: string, protocol: string): string {
  const port = protocol === 'https:' ? ':443' : ':80';
  return host.endsWith(port) ? host.slice(0, -port.length) : host;
}
