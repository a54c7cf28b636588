/** Validation of `pathprof overhead` flags; user-facing messages are exported constants. */
import { UsageError } from '../shared/usage-error.js';
import { parseDurationFlag } from '../shared/parse-duration-flag.js';
import {
  DEFAULT_OVERHEAD_ROUTES,
  findOverheadRoute,
  listOverheadRoutes,
} from '@pathprof/measure';
import type {
  Baseline,
  OverheadExperiment,
  OverheadRoute,
} from '@pathprof/measure';
import type { OverheadFormat } from './render-overhead-report.js';

export interface OverheadFlags {
  sys?: string;
  routes?: string;
  samples?: string;
  warmup?: string;
  cpuCalls?: string;
  cpuBlock?: string;
  baselines?: string;
  resamples?: string;
  seed?: string;
  timeout?: string;
  format: string;
  doc?: string;
  progress?: boolean;
}

export interface OverheadCliSettings extends OverheadExperiment {
  readonly format: OverheadFormat;
  readonly doc: string | undefined;
  readonly progress: boolean;
}

/** Defaults; the CPU phase has twice as many rounds as --samples (see defaultCpuCalls). */
export const OVERHEAD_DEFAULTS = {
  samples: 2000,
  warmup: 200,
  baselines: 'otel-only,off',
  resamples: 1000,
  seed: 1,
  timeout: '10s',
} as const;

const MAX_COUNT = 10_000_000;

export const OVERHEAD_MESSAGES = {
  noSys: '--sys is required (only multi-svc has the undecorated twins)',
  badSys: (v: string) =>
    `--sys: "${v}" is not supported (only multi-svc has the undecorated twins)`,
  badRoutes: (v: string) =>
    `--routes: "${v}" is not a comma list of multi-svc routes (${listOverheadRoutes().join(', ')}) without repeats`,
  badCount: (flag: string, v: string, min: number) =>
    `${flag}: "${v}" is not an integer from ${min} to ${MAX_COUNT}`,
  badBaselines: (v: string) =>
    `--baselines: "${v}" is not a comma list of otel-only, off, or none`,
  badTimeout: (v: string) =>
    `--timeout: "${v}" is not a positive duration such as 10s or 500ms`,
  badFormat: (v: string) =>
    `--format: "${v}" is not one of table, json, markdown`,
} as const;

export function parseOverheadFlags(flags: OverheadFlags): OverheadCliSettings {
  if (!['table', 'json', 'markdown'].includes(flags.format)) {
    throw new UsageError('--format', OVERHEAD_MESSAGES.badFormat(flags.format));
  }
  if (flags.sys === undefined) {
    throw new UsageError('--sys', OVERHEAD_MESSAGES.noSys);
  }
  if (flags.sys !== 'multi-svc') {
    throw new UsageError('--sys', OVERHEAD_MESSAGES.badSys(flags.sys));
  }
  const routesText = flags.routes ?? DEFAULT_OVERHEAD_ROUTES;
  const names = routesText.split(',').map((r) => r.trim());
  const routes = names.map(findOverheadRoute);
  if (
    routes.some((r) => r === undefined) ||
    new Set(names).size !== names.length
  ) {
    throw new UsageError('--routes', OVERHEAD_MESSAGES.badRoutes(routesText));
  }
  const timeoutText = flags.timeout ?? OVERHEAD_DEFAULTS.timeout;
  const timeoutMicros = parseDurationFlag(timeoutText);
  if (timeoutMicros === null || timeoutMicros < 1000) {
    throw new UsageError(
      '--timeout',
      OVERHEAD_MESSAGES.badTimeout(timeoutText),
    );
  }
  const samples = parseCount(
    '--samples',
    flags.samples,
    OVERHEAD_DEFAULTS.samples,
    2,
  );
  const cpuCalls = parseCount(
    '--cpu-calls',
    flags.cpuCalls,
    defaultCpuCalls(samples),
    0,
  );
  return {
    sys: 'multi-svc',
    routes: routes as OverheadRoute[],
    samples,
    warmup: parseCount('--warmup', flags.warmup, OVERHEAD_DEFAULTS.warmup, 0),
    cpuCalls,
    cpuBlockCalls: parseCount(
      '--cpu-block',
      flags.cpuBlock,
      DEFAULT_CPU_BLOCK_CALLS,
      1,
    ),
    baselines: parseBaselines(flags.baselines ?? OVERHEAD_DEFAULTS.baselines),
    resamples: parseCount(
      '--resamples',
      flags.resamples,
      OVERHEAD_DEFAULTS.resamples,
      100,
    ),
    seed: parseCount('--seed', flags.seed, OVERHEAD_DEFAULTS.seed, 0),
    timeoutMillis: Math.round(timeoutMicros / 1000),
    format: flags.format as OverheadFormat,
    doc: flags.doc,
    progress: flags.progress !== false,
  };
}

/** Twice as many CPU rounds as latency samples: a CPU round is one request per arm, without a wait. */
export function defaultCpuCalls(samples: number): number {
  return 2 * samples;
}

/**
 * One request per arm in a CPU round: each round pairs single requests of the
 * arms, which cancels the most of a shared machine's changing load.
 */
export const DEFAULT_CPU_BLOCK_CALLS = 1;

function parseCount(
  flag: string,
  text: string | undefined,
  fallback: number,
  min: number,
): number {
  if (text === undefined) {
    return fallback;
  }
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > MAX_COUNT) {
    throw new UsageError(flag, OVERHEAD_MESSAGES.badCount(flag, text, min));
  }
  return n;
}

function parseBaselines(text: string): Baseline[] {
  if (text.trim() === 'none') {
    return [];
  }
  const items = text.split(',').map((b) => b.trim());
  if (
    !items.every((b): b is Baseline => b === 'otel-only' || b === 'off') ||
    new Set(items).size !== items.length
  ) {
    throw new UsageError('--baselines', OVERHEAD_MESSAGES.badBaselines(text));
  }
  return items;
}
