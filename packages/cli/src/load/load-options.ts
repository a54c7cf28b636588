/** Validation of `pathprof load` flags; user-facing messages are exported constants. */
import { parseWeightedRoutes } from '@pathprof/measure';
import type { WeightedRoute } from '@pathprof/measure';
import { isShowcaseSystemName } from '@pathprof/showcase';
import type { ShowcaseSystemName } from '@pathprof/showcase';
import { parseDurationFlag } from '../shared/parse-duration-flag.js';
import { formatCount } from '../render/format-units.js';
import { UsageError } from '../shared/usage-error.js';

export interface LoadFlags {
  target?: string;
  sys?: string;
  routes?: string;
  rps?: string;
  duration?: string;
  concurrency?: string;
  timeout?: string;
  format: string;
  progress?: boolean;
}

export interface LoadSettings {
  readonly source:
    | { readonly kind: 'target'; readonly url: URL }
    | { readonly kind: 'sys'; readonly sys: ShowcaseSystemName };
  /** As given, or the source's default routes. */
  readonly routes: readonly WeightedRoute[];
  readonly rps: number;
  readonly durationMicros: number;
  readonly concurrency: number;
  readonly timeoutMillis: number;
  readonly format: 'table' | 'json';
  readonly progress: boolean;
}

export const DEFAULT_SYSTEM_ROUTES: Record<ShowcaseSystemName, string> = {
  'multi-svc': 'a1,a2,a3,a4',
  toy: 'rolldice',
};
export const DEFAULT_TIMEOUT = '10s';
export const MIN_DEFAULT_CONCURRENCY = 64;
export const MAX_CONCURRENCY = 10_000;
/** Upper bound on rps × duration: the run's memory grows with it. */
export const MAX_ARRIVALS = 50_000_000;

export const LOAD_MESSAGES = {
  targetAndSys: 'give --target URL or --sys NAME, not both',
  noSource: 'give --target URL or --sys multi-svc|toy',
  badTarget: (v: string) => `--target: "${v}" is not an http(s) URL`,
  badSys: (v: string) => `--sys: "${v}" is not one of multi-svc, toy`,
  badRoutes: (v: string) =>
    `--routes: "${v}" is not a comma list of routes, each optionally with :weight (1-1000), without repeats`,
  noRps: '--rps is required (requests per second, e.g. 50)',
  badRps: (v: string) => `--rps: "${v}" is not a positive number`,
  noDuration: '--duration is required (e.g. 30s, 2m)',
  badDuration: (v: string) =>
    `--duration: "${v}" is not a positive duration such as 30s, 1m30s or 500ms`,
  badConcurrency: (v: string) =>
    `--concurrency: "${v}" is not an integer from 1 to ${MAX_CONCURRENCY}`,
  badTimeout: (v: string) =>
    `--timeout: "${v}" is not a positive duration such as 10s or 500ms`,
  badFormat: (v: string) => `--format: "${v}" is not one of table, json`,
  noArrivals: '--rps × --duration is less than one request',
  tooManyArrivals: `--rps × --duration exceeds ${formatCount(MAX_ARRIVALS)} requests`,
} as const;

export function parseLoadFlags(flags: LoadFlags): LoadSettings {
  if (flags.format !== 'table' && flags.format !== 'json') {
    throw new UsageError('--format', LOAD_MESSAGES.badFormat(flags.format));
  }
  const source = parseSource(flags);
  const routesText =
    flags.routes ??
    (source.kind === 'sys' ? DEFAULT_SYSTEM_ROUTES[source.sys] : '');
  const routes =
    routesText === '' && source.kind === 'target'
      ? [{ route: '', weight: 1 }]
      : parseWeightedRoutes(routesText);
  if (routes === null) {
    throw new UsageError('--routes', LOAD_MESSAGES.badRoutes(routesText));
  }
  if (flags.rps === undefined) {
    throw new UsageError('--rps', LOAD_MESSAGES.noRps);
  }
  const rps = Number(flags.rps);
  if (flags.rps.trim() === '' || !Number.isFinite(rps) || rps <= 0) {
    throw new UsageError('--rps', LOAD_MESSAGES.badRps(flags.rps));
  }
  if (flags.duration === undefined) {
    throw new UsageError('--duration', LOAD_MESSAGES.noDuration);
  }
  const durationMicros = parseDurationFlag(flags.duration);
  if (durationMicros === null) {
    throw new UsageError(
      '--duration',
      LOAD_MESSAGES.badDuration(flags.duration),
    );
  }
  const arrivals = (rps * durationMicros) / 1_000_000;
  if (arrivals < 1 - 1e-9) {
    throw new UsageError('--rps', LOAD_MESSAGES.noArrivals);
  }
  if (arrivals > MAX_ARRIVALS) {
    throw new UsageError('--rps', LOAD_MESSAGES.tooManyArrivals);
  }
  const timeoutText = flags.timeout ?? DEFAULT_TIMEOUT;
  const timeoutMicros = parseDurationFlag(timeoutText);
  if (timeoutMicros === null || timeoutMicros < 1000) {
    throw new UsageError('--timeout', LOAD_MESSAGES.badTimeout(timeoutText));
  }
  return {
    source,
    routes,
    rps,
    durationMicros,
    concurrency: parseConcurrency(flags.concurrency, rps),
    timeoutMillis: Math.round(timeoutMicros / 1000),
    format: flags.format,
    progress: flags.progress !== false,
  };
}

/**
 * Default: room for answers taking up to a second at the offered rate,
 * max(64, ⌈rps⌉), at most MAX_CONCURRENCY.
 */
function parseConcurrency(text: string | undefined, rps: number): number {
  if (text === undefined) {
    return Math.min(
      MAX_CONCURRENCY,
      Math.max(MIN_DEFAULT_CONCURRENCY, Math.ceil(rps)),
    );
  }
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > MAX_CONCURRENCY) {
    throw new UsageError('--concurrency', LOAD_MESSAGES.badConcurrency(text));
  }
  return n;
}

function parseSource(flags: LoadFlags): LoadSettings['source'] {
  if (flags.target !== undefined && flags.sys !== undefined) {
    throw new UsageError('--target', LOAD_MESSAGES.targetAndSys);
  }
  if (flags.sys !== undefined) {
    if (!isShowcaseSystemName(flags.sys)) {
      throw new UsageError('--sys', LOAD_MESSAGES.badSys(flags.sys));
    }
    return { kind: 'sys', sys: flags.sys };
  }
  if (flags.target === undefined) {
    throw new UsageError('--target', LOAD_MESSAGES.noSource);
  }
  const url = URL.canParse(flags.target) ? new URL(flags.target) : null;
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError('--target', LOAD_MESSAGES.badTarget(flags.target));
  }
  return { kind: 'target', url };
}
