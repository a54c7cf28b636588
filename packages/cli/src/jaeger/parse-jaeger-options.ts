import type { Micros } from '@pathprof/model';
import { parseDuration, parseInstant } from '@pathprof/model';
import type { JaegerQuery } from '@pathprof/sources';
import { UsageError } from '../shared/usage-error.js';

/** The `--jaeger` flags as commander hands them over: raw strings, absent when not given. */
export interface JaegerFlags {
  jaeger: string;
  service?: string;
  operation?: string;
  tags?: string;
  start?: string;
  end?: string;
  lookback?: string;
  limit?: string;
  minDuration?: string;
  maxDuration?: string;
  /** Bearer token (a pathprof collector started with `--token`, or a proxy in front of Jaeger). */
  token?: string;
}

export const DEFAULT_JAEGER_LOOKBACK = '1h';
export const DEFAULT_JAEGER_LIMIT = 1000;
export const MAX_JAEGER_LIMIT = 1_000_000;

/** User-facing messages, exported so tests and docs quote them exactly. */
export const JAEGER_OPTION_MESSAGES = {
  badUrl: (v: string) =>
    `--jaeger: "${v}" is not an http(s) URL (e.g. http://jaeger:16686 or http://host/jaeger)`,
  urlWithQuery: (v: string) =>
    `--jaeger: "${v}" has a query or fragment; give the base URL only`,
  noService: '--service is required with --jaeger',
  emptyOperation: '--operation must not be empty',
  badTags: (why: string) =>
    `--tags: ${why}; expected a JSON object of strings, e.g. '{"http.status_code":"500"}'`,
  badTime: (flag: string, v: string) =>
    `${flag}: "${v}" is neither an RFC 3339 timestamp (2024-05-01T10:00:00Z) nor an integer epoch time (s, ms, µs or ns)`,
  badLookback: (v: string) =>
    `--lookback: "${v}" is not a positive duration (e.g. 30m, 1h, 2d)`,
  startAndLookback:
    '--lookback cannot be combined with --start; give --start (and --end) or --lookback',
  emptyRange: (start: string, end: string) =>
    `--start (${start}) must be before --end (${end})`,
  badLimit: (v: string) =>
    `--limit: "${v}" is not an integer between 1 and ${MAX_JAEGER_LIMIT}`,
  badDuration: (flag: string, v: string) =>
    `${flag}: "${v}" is not a duration (e.g. 1.2s, 100ms, 500us)`,
  minAboveMax: '--max-duration must be greater than --min-duration',
  tokenAndCredentials:
    'give --token or credentials in the --jaeger URL, not both',
} as const;

/**
 * Validates the `--jaeger` flags into a query. `nowMicros` is the default end
 * (and the reference for `--lookback`), passed in so tests are deterministic.
 * Throws `UsageError` naming the flag for any bad value.
 */
export function parseJaegerOptions(
  flags: JaegerFlags,
  nowMicros: Micros,
): JaegerQuery {
  const parsed = parseBaseUrl(flags.jaeger);
  const { baseUrl } = parsed;
  let { authorization } = parsed;
  if (flags.token !== undefined && flags.token !== '') {
    if (authorization !== undefined) {
      throw new UsageError(
        '--token',
        JAEGER_OPTION_MESSAGES.tokenAndCredentials,
      );
    }
    authorization = `Bearer ${flags.token}`;
  }
  const service = flags.service?.trim() ?? '';
  if (service === '') {
    throw new UsageError('--service', JAEGER_OPTION_MESSAGES.noService);
  }
  if (flags.operation?.trim() === '') {
    throw new UsageError('--operation', JAEGER_OPTION_MESSAGES.emptyOperation);
  }
  const { startMicros, endMicros } = parseTimeRange(flags, nowMicros);
  const minDurationMicros = parseDurationFlag(
    '--min-duration',
    flags.minDuration,
  );
  const maxDurationMicros = parseDurationFlag(
    '--max-duration',
    flags.maxDuration,
  );
  if (
    minDurationMicros !== undefined &&
    maxDurationMicros !== undefined &&
    maxDurationMicros <= minDurationMicros
  ) {
    throw new UsageError('--max-duration', JAEGER_OPTION_MESSAGES.minAboveMax);
  }
  const tags = flags.tags === undefined ? undefined : parseTagsFlag(flags.tags);
  return {
    baseUrl,
    ...(authorization === undefined ? {} : { authorization }),
    service,
    ...(flags.operation === undefined ? {} : { operation: flags.operation }),
    ...(tags === undefined || Object.keys(tags).length === 0 ? {} : { tags }),
    startMicros,
    endMicros,
    limit: parseLimit(flags.limit),
    ...(minDurationMicros === undefined ? {} : { minDurationMicros }),
    ...(maxDurationMicros === undefined ? {} : { maxDurationMicros }),
  };
}

/** Parses `--tags`: a JSON object whose values are strings (numbers and booleans are stringified). */
export function parseTagsFlag(text: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(
      '--tags',
      JAEGER_OPTION_MESSAGES.badTags('not valid JSON'),
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(
      '--tags',
      JAEGER_OPTION_MESSAGES.badTags('not a JSON object'),
    );
  }
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string') {
      tags[key] = value;
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      tags[key] = String(value);
    } else {
      throw new UsageError(
        '--tags',
        JAEGER_OPTION_MESSAGES.badTags(`the value of "${key}" is not a string`),
      );
    }
  }
  return tags;
}

function parseBaseUrl(text: string): {
  baseUrl: string;
  authorization?: string;
} {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(
      /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`,
    );
  } catch {
    throw new UsageError('--jaeger', JAEGER_OPTION_MESSAGES.badUrl(text));
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.hostname === ''
  ) {
    throw new UsageError('--jaeger', JAEGER_OPTION_MESSAGES.badUrl(text));
  }
  if (url.search !== '' || url.hash !== '') {
    throw new UsageError('--jaeger', JAEGER_OPTION_MESSAGES.urlWithQuery(text));
  }
  let authorization: string | undefined;
  if (url.username !== '' || url.password !== '') {
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  const baseUrl = url.href.replace(/\/+$/, '');
  return authorization === undefined ? { baseUrl } : { baseUrl, authorization };
}

function parseTimeRange(
  flags: JaegerFlags,
  nowMicros: Micros,
): { startMicros: Micros; endMicros: Micros } {
  if (flags.start !== undefined && flags.lookback !== undefined) {
    throw new UsageError('--lookback', JAEGER_OPTION_MESSAGES.startAndLookback);
  }
  const endMicros =
    flags.end === undefined
      ? nowMicros
      : mustParseTime('--end', flags.end, nowMicros);
  let startMicros: Micros;
  if (flags.start !== undefined) {
    startMicros = mustParseTime('--start', flags.start, nowMicros);
  } else {
    const lookbackText = flags.lookback ?? DEFAULT_JAEGER_LOOKBACK;
    const lookback = parseDuration(lookbackText);
    if (lookback === null || lookback <= 0) {
      throw new UsageError(
        '--lookback',
        JAEGER_OPTION_MESSAGES.badLookback(lookbackText),
      );
    }
    startMicros = endMicros - lookback;
  }
  if (startMicros >= endMicros) {
    throw new UsageError(
      '--start',
      JAEGER_OPTION_MESSAGES.emptyRange(
        flags.start ?? 'end - lookback',
        flags.end ?? 'now',
      ),
    );
  }
  return { startMicros, endMicros };
}

function mustParseTime(flag: string, text: string, nowMicros: Micros): Micros {
  const micros = parseInstant(text, nowMicros);
  if (micros === null || micros < 0 || !Number.isSafeInteger(micros)) {
    throw new UsageError(flag, JAEGER_OPTION_MESSAGES.badTime(flag, text));
  }
  return micros;
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) {
    return DEFAULT_JAEGER_LIMIT;
  }
  const limit = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_JAEGER_LIMIT) {
    throw new UsageError('--limit', JAEGER_OPTION_MESSAGES.badLimit(text));
  }
  return limit;
}

function parseDurationFlag(
  flag: string,
  text: string | undefined,
): Micros | undefined {
  if (text === undefined) {
    return undefined;
  }
  const micros = parseDuration(text);
  if (micros === null) {
    throw new UsageError(flag, JAEGER_OPTION_MESSAGES.badDuration(flag, text));
  }
  return micros === 0 ? undefined : micros;
}
