/** Validation of `pathprof analyze` flags; user-facing messages are exported constants. */
import {
  KEY_BY_SERVICE,
  KEY_BY_SERVICE_AND_OPERATION,
  KEY_BY_SERVICE_COLLAPSED,
} from '@pathprof/engine';
import type { GroupBy, PathKeyStrategy } from '@pathprof/engine';
import type { JaegerFlags } from '../jaeger/parse-jaeger-options.js';
import { UsageError } from '../usage-error.js';
import type { OutputFormat } from '../render/render-report.js';

/** The flags as commander hands them over; the --jaeger ones are those of JaegerFlags. */
export interface AnalyzeFlags extends Partial<JaegerFlags> {
  groupBy: string;
  format: string;
  top?: string;
  anomalies?: boolean;
  criticalPath?: boolean;
  keepProxies?: boolean;
  compat?: string;
  pathKey: string;
  maxBufferedSpans?: string;
  progress?: boolean;
  threads?: string;
}

export interface AnalyzeSettings {
  readonly groupBy: GroupBy;
  readonly format: OutputFormat;
  readonly top: number | undefined;
  readonly anomalies: boolean;
  readonly criticalPath: boolean;
  readonly keepProxies: boolean;
  readonly compatSeed: boolean;
  readonly pathKey: PathKeyStrategy;
  readonly maxBufferedSpans: number;
  /** Worker threads for large Jaeger inputs; undefined: one per core. */
  readonly threads: number | undefined;
}

export const ANALYZE_MESSAGES = {
  badGroupBy: (v: string) =>
    `--group-by: "${v}" is not one of path, shape, hop`,
  badFormat: (v: string) =>
    `--format: "${v}" is not one of table, json, csv, markdown`,
  badTop: (v: string) => `--top: "${v}" is not a positive integer`,
  badCompat: (v: string) => `--compat: "${v}" is not supported (only "seed")`,
  badPathKey: (v: string) =>
    `--path-key: "${v}" is not one of service+operation, service, service-collapsed`,
  badBuffer: (v: string) =>
    `--max-buffered-spans: "${v}" is not a positive integer`,
  badThreads: (v: string) =>
    `--threads: "${v}" is not an integer between 0 and ${MAX_THREADS}`,
  filesAndJaeger: 'give input files or --jaeger, not both',
  jaegerFlagsWithoutJaeger: (flag: string) => `${flag} needs --jaeger`,
  noInput:
    'no input: give one or more files, - for standard input, or --jaeger URL',
} as const;

const MAX_THREADS = 256;

const PATH_KEYS: Record<string, PathKeyStrategy> = {
  'service+operation': KEY_BY_SERVICE_AND_OPERATION,
  service: KEY_BY_SERVICE,
  'service-collapsed': KEY_BY_SERVICE_COLLAPSED,
};

export function parseAnalyzeFlags(flags: AnalyzeFlags): AnalyzeSettings {
  if (!['path', 'shape', 'hop'].includes(flags.groupBy)) {
    throw new UsageError(
      '--group-by',
      ANALYZE_MESSAGES.badGroupBy(flags.groupBy),
    );
  }
  if (!['table', 'json', 'csv', 'markdown'].includes(flags.format)) {
    throw new UsageError('--format', ANALYZE_MESSAGES.badFormat(flags.format));
  }
  const pathKey = PATH_KEYS[flags.pathKey];
  if (pathKey === undefined) {
    throw new UsageError(
      '--path-key',
      ANALYZE_MESSAGES.badPathKey(flags.pathKey),
    );
  }
  if (flags.compat !== undefined && flags.compat !== 'seed') {
    throw new UsageError('--compat', ANALYZE_MESSAGES.badCompat(flags.compat));
  }
  return {
    groupBy: flags.groupBy as GroupBy,
    format: flags.format as OutputFormat,
    top:
      flags.top === undefined
        ? undefined
        : positiveInt(flags.top, '--top', ANALYZE_MESSAGES.badTop),
    anomalies: flags.anomalies ?? false,
    criticalPath: flags.criticalPath ?? false,
    keepProxies: flags.keepProxies ?? false,
    compatSeed: flags.compat === 'seed',
    pathKey,
    maxBufferedSpans:
      flags.maxBufferedSpans === undefined
        ? 1_000_000
        : positiveInt(
            flags.maxBufferedSpans,
            '--max-buffered-spans',
            ANALYZE_MESSAGES.badBuffer,
          ),
    threads:
      flags.threads === undefined ? undefined : parseThreads(flags.threads),
  };
}

function parseThreads(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n > MAX_THREADS) {
    throw new UsageError('--threads', ANALYZE_MESSAGES.badThreads(text));
  }
  return n;
}

function positiveInt(
  text: string,
  flag: string,
  message: (v: string) => string,
): number {
  if (
    !/^\d+$/.test(text.trim()) ||
    Number(text) < 1 ||
    !Number.isSafeInteger(Number(text))
  ) {
    throw new UsageError(flag, message(text));
  }
  return Number(text);
}
