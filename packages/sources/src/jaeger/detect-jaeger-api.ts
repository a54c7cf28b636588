import type { JaegerHttpAnswer, JaegerHttpOptions } from './jaeger-http.js';
import { describeHttpError, getFromJaeger } from './jaeger-http.js';
import { createJaegerError } from '../source-error.js';

/** The query API a Jaeger answers on: v1 (`/api/traces`, Jaeger JSON) or api_v3 (`/api/v3/traces`, OTLP JSON). */
export type JaegerApi = 'v1' | 'v3';

/**
 * Finds the query API at `baseUrl` with at most two GETs: `{base}/api/services`
 * (v1, `{"data":[…]}`), then `{base}/api/v3/services` (api_v3, `{"services":[…]}`).
 * v1 wins when both exist: every v1 server honours `tags` and reports bad
 * parameters, while api_v3 servers older than its `query.attributes`
 * parameter silently ignore tags. Bodies are checked, not just statuses,
 * because the Jaeger UI answers unknown paths with its HTML page.
 * Throws `SourceError`: 'no-api' when neither answers, naming both URLs;
 * 'http' at once for a 401/403.
 */
export async function detectJaegerApi(
  baseUrl: string,
  http: JaegerHttpOptions,
): Promise<JaegerApi> {
  const v1 = await getFromJaeger(`${baseUrl}/api/services`, http);
  if (isV1ServicesAnswer(v1)) {
    return 'v1';
  }
  if (v1.status === 401 || v1.status === 403) {
    throw describeHttpError(v1); // a proxy wants credentials: probing further cannot help
  }
  const v3 = await getFromJaeger(`${baseUrl}/api/v3/services`, http);
  if (isV3ServicesAnswer(v3)) {
    return 'v3';
  }
  throw createJaegerError(
    'no-api',
    baseUrl,
    `no Jaeger query API at ${baseUrl}: ${describeMiss(v1)}, ${describeMiss(v3)}; ` +
      'check the URL and its base path (e.g. http://host:16686/jaeger)',
  );
}

/** Whether `{base}/api/v3/services` answers like api_v3 (used to fall back when a v1 search endpoint is missing). */
export async function hasV3Api(
  baseUrl: string,
  http: JaegerHttpOptions,
): Promise<boolean> {
  try {
    return isV3ServicesAnswer(
      await getFromJaeger(`${baseUrl}/api/v3/services`, http),
    );
  } catch {
    return false;
  }
}

function isV1ServicesAnswer(answer: JaegerHttpAnswer): boolean {
  const body = parseObject(answer);
  return (
    body !== null &&
    'data' in body &&
    (Array.isArray(body.data) || body.data === null)
  );
}

function isV3ServicesAnswer(answer: JaegerHttpAnswer): boolean {
  const body = parseObject(answer);
  // jsonpb leaves out an empty repeated field, so an empty service list is `{}`.
  return (
    body !== null &&
    (Array.isArray(body.services) || Object.keys(body).length === 0)
  );
}

function parseObject(answer: JaegerHttpAnswer): Record<string, unknown> | null {
  if (answer.status < 200 || answer.status > 299) {
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(answer.body);
    return typeof parsed === 'object' &&
      parsed !== null &&
      !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function describeMiss(answer: JaegerHttpAnswer): string {
  const what =
    answer.status >= 200 && answer.status <= 299
      ? `${answer.status} but not its JSON`
      : `${answer.status}`;
  return `GET ${answer.url} answered ${what}`;
}
