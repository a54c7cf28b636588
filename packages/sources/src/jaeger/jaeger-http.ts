import {
  SourceError,
  createJaegerError,
  isSourceError,
} from '../source-error.js';

/** How requests to Jaeger are made; every field has a default in `readJaegerTraces`. */
export interface JaegerHttpOptions {
  fetch: typeof fetch;
  /** Per attempt, covering the headers and the whole body. */
  timeoutMillis: number;
  /** Extra attempts after a network error, a timeout, a 429 or a 5xx. */
  retries: number;
  /** Wait before the first retry; doubles on each further one. */
  retryDelayMillis: number;
  authorization?: string;
  signal?: AbortSignal;
}

/** A complete answer of any status (the caller decides what a 404 means). */
export interface JaegerHttpAnswer {
  url: string;
  status: number;
  statusText: string;
  contentType: string;
  body: string;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed',
};

/**
 * GETs `url` and reads the whole body, retrying transient failures (network,
 * timeout, 429, 5xx) with exponential backoff. Throws `SourceError`
 * ('connect', 'timeout', 'aborted') when no answer came, and 'http' when the
 * last answer was still retryable; other statuses are returned as they are.
 */
export async function getFromJaeger(
  url: string,
  options: JaegerHttpOptions,
): Promise<JaegerHttpAnswer> {
  const attempts = options.retries + 1;
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptGet(url, options);
    const retryable =
      isSourceError(outcome, 'PATHPROF_ERR_JAEGER') ||
      RETRYABLE_STATUS.has(outcome.status);
    if (!retryable) {
      return outcome;
    }
    if (attempt >= attempts || options.signal?.aborted === true) {
      throw withAttempts(
        isSourceError(outcome, 'PATHPROF_ERR_JAEGER')
          ? outcome
          : describeHttpError(outcome),
        attempts,
      );
    }
    await sleep(options.retryDelayMillis * 2 ** (attempt - 1), options.signal);
  }
}

/** The `SourceError` for a non-2xx answer: status plus Jaeger's own error text when it sent one. */
export function describeHttpError(answer: JaegerHttpAnswer): SourceError {
  const detail = readErrorMessage(answer.body);
  const status = `${answer.status}${answer.statusText === '' ? '' : ` ${answer.statusText}`}`;
  return createJaegerError(
    'http',
    answer.url,
    `Jaeger at ${answer.url} answered ${status}${detail === null ? '' : `: ${detail}`}`,
    answer.status,
  );
}

/**
 * Jaeger's error text from a body: v1 `{"errors":[{"code","msg"}]}`, api_v3
 * `{"error":{"httpCode","message"}}` or grpc-gateway `{"code","message"}`;
 * `null` when the body is none of these.
 */
export function readErrorMessage(body: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) {
    return null;
  }
  const { errors, error, message } = parsed as {
    errors?: unknown;
    error?: unknown;
    message?: unknown;
  };
  if (Array.isArray(errors)) {
    const msgs = errors
      .map((e: unknown) =>
        typeof e === 'object' && e !== null
          ? (e as { msg?: unknown }).msg
          : undefined,
      )
      .filter((m): m is string => typeof m === 'string' && m !== '');
    return msgs.length > 0 ? msgs.join('; ') : null;
  }
  if (typeof error === 'object' && error !== null) {
    const inner = (error as { message?: unknown }).message;
    return typeof inner === 'string' && inner !== '' ? inner : null;
  }
  return typeof message === 'string' && message !== '' ? message : null;
}

/** Parses a 2xx answer's body as JSON; throws `SourceError` ('not-json') with a short excerpt otherwise. */
export function parseJsonAnswer(answer: JaegerHttpAnswer): unknown {
  try {
    return JSON.parse(answer.body);
  } catch {
    const excerpt = answer.body.replace(/\s+/g, ' ').trim().slice(0, 60);
    const type = answer.contentType === '' ? '' : ` (${answer.contentType})`;
    throw createJaegerError(
      'not-json',
      answer.url,
      `Jaeger at ${answer.url} answered ${answer.status} with a body that is not JSON${type}: ${JSON.stringify(excerpt)}`,
      answer.status,
    );
  }
}

async function attemptGet(
  url: string,
  options: JaegerHttpOptions,
): Promise<JaegerHttpAnswer | SourceError> {
  const timeout = AbortSignal.timeout(options.timeoutMillis);
  const signal =
    options.signal === undefined
      ? timeout
      : AbortSignal.any([options.signal, timeout]);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.authorization !== undefined) {
    headers.authorization = options.authorization;
  }
  try {
    const response = await options.fetch(url, { headers, signal });
    const body = await response.text();
    return {
      url,
      status: response.status,
      statusText: response.statusText,
      contentType: response.headers.get('content-type') ?? '',
      body,
    };
  } catch (err) {
    if (options.signal?.aborted === true) {
      throw createJaegerError(
        'aborted',
        url,
        `request to Jaeger at ${url} was cancelled`,
      );
    }
    if (timeout.aborted) {
      return createJaegerError(
        'timeout',
        url,
        `Jaeger at ${url} did not answer within ${formatMillis(options.timeoutMillis)}`,
      );
    }
    return createJaegerError(
      'connect',
      url,
      `cannot connect to Jaeger at ${url}: ${describeNetworkError(err)}`,
    );
  }
}

function describeNetworkError(err: unknown): string {
  const cause = err instanceof Error ? err.cause : undefined;
  const code =
    typeof cause === 'object' && cause !== null
      ? (cause as { code?: unknown }).code
      : undefined;
  if (typeof code === 'string') {
    return `${NETWORK_CODES[code] ?? 'network error'} (${code})`;
  }
  const text =
    cause instanceof Error
      ? cause.message
      : err instanceof Error
        ? err.message
        : String(err);
  return text.split('\n', 1)[0] ?? 'network error';
}

function withAttempts(error: SourceError, attempts: number): SourceError {
  if (attempts <= 1) {
    return error;
  }
  return new SourceError(
    error.code,
    `${error.message} (after ${attempts} attempts)`,
    error.details,
  );
}

function formatMillis(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
