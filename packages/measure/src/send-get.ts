/**
 * The one request of the measurement tools (`load`, `overhead`): a GET whose
 * body is read to the end and dropped, so that a request's time includes the
 * whole answer, and a short code when it fails.
 */
import type { Dispatcher } from 'undici';

/** Sends a GET to `url` and reads its body to the end; resolves to the HTTP status. */
export async function sendGet(
  dispatcher: Dispatcher,
  url: URL,
  timeoutMillis: number,
): Promise<number> {
  const response = await dispatcher.request({
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: 'GET',
    signal: AbortSignal.timeout(timeoutMillis),
  });
  await response.body.dump({ limit: Number.MAX_SAFE_INTEGER });
  return response.statusCode;
}

/** A short code for a failed request: `timeout`, `ECONNREFUSED`, `UND_ERR_SOCKET`, … */
export function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) {
    return 'error';
  }
  if (err.name === 'TimeoutError' || err.name === 'AbortError') {
    return 'timeout';
  }
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '') {
    return code;
  }
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? describeNetworkError(cause) : err.name;
}
