/** Validation of `pathprof analyze` flags; user-facing messages are exported constants. */
import { findPathKeyStrategy } from '@pathprof/engine';
import type {
  AnomalyOptions,
  GroupBy,
  PathKeyStrategy,
} from '@pathprof/engine';
import type { JaegerFlags } from '../jaeger/parse-jaeger-options.js';
import { UsageError } from '../shared/usage-error.js';
import type { OutputFormat } from '../render/render-report.js';

/** The flags as commander hands them over; the --jaeger ones are those of JaegerFlags. */
export interface AnalyzeFlags extends Partial<JaegerFlags> {
  groupBy: string;
  format: string;
  top?: string;
  anomalies?: boolean;
  anomalyRule?: string;
  anomalyThreshold?: string;
  criticalPath?: boolean;
  through?: string;
  verbose?: boolean;
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
  readonly anomalyOptions: Partial<AnomalyOptions>;
  readonly criticalPath: boolean;
  /** Only the paths through this service. */
  readonly through: string | undefined;
  readonly verbose: boolean;
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
  badAnomalyRule: (v: string) =>
    `--anomaly-rule: "${v}" is not one of robust, seed`,
  badAnomalyThreshold: (v: string) =>
    `--anomaly-threshold: "${v}" is not a number above 0`,
  anomalyFlagsWithoutAnomalies: (flag: string) => `${flag} needs --anomalies`,
  criticalPathByShape:
    '--critical-path: critical-path shares are per path position and per hop; use --group-by path or hop',
  badThreads: (v: string) =>
    `--threads: "${v}" is not an integer between 0 and ${MAX_THREADS}`,
  filesAndJaeger: 'give input files or --jaeger, not both',
  jaegerFlagsWithoutJaeger: (flag: string) => `${flag} needs --jaeger`,
  noInput:
    'no input: give one or more files, - for standard input, or --jaeger URL',
} as const;

const MAX_THREADS = 256;

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
  const pathKey = findPathKeyStrategy(flags.pathKey);
  if (pathKey === undefined) {
    throw new UsageError(
      '--path-key',
      ANALYZE_MESSAGES.badPathKey(flags.pathKey),
    );
  }
  if (flags.compat !== undefined && flags.compat !== 'seed') {
    throw new UsageError('--compat', ANALYZE_MESSAGES.badCompat(flags.compat));
  }
  if (flags.criticalPath === true && flags.groupBy === 'shape') {
    throw new UsageError(
      '--critical-path',
      ANALYZE_MESSAGES.criticalPathByShape,
    );
  }
  return {
    groupBy: flags.groupBy as GroupBy,
    format: flags.format as OutputFormat,
    top:
      flags.top === undefined
        ? undefined
        : positiveInt(flags.top, '--top', ANALYZE_MESSAGES.badTop),
    anomalies: flags.anomalies ?? false,
    anomalyOptions: parseAnomalyFlags(flags),
    criticalPath: flags.criticalPath ?? false,
    through:
      flags.through ?? (flags.jaeger === undefined ? undefined : flags.service),
    verbose: flags.verbose ?? false,
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

function parseAnomalyFlags(flags: AnalyzeFlags): Partial<AnomalyOptions> {
  for (const [value, flag] of [
    [flags.anomalyRule, '--anomaly-rule'],
    [flags.anomalyThreshold, '--anomaly-threshold'],
  ] as const) {
    if (value !== undefined && flags.anomalies !== true) {
      throw new UsageError(
        flag,
        ANALYZE_MESSAGES.anomalyFlagsWithoutAnomalies(flag),
      );
    }
  }
  const out: { rule?: AnomalyOptions['rule']; threshold?: number } = {};
  if (flags.anomalyRule !== undefined) {
    if (flags.anomalyRule !== 'robust' && flags.anomalyRule !== 'seed') {
      throw new UsageError(
        '--anomaly-rule',
        ANALYZE_MESSAGES.badAnomalyRule(flags.anomalyRule),
      );
    }
    out.rule = flags.anomalyRule === 'seed' ? 'mean+2sd' : 'robust';
  }
  if (flags.anomalyThreshold !== undefined) {
    const z = Number(flags.anomalyThreshold);
    if (flags.anomalyThreshold.trim() === '' || !Number.isFinite(z) || z <= 0) {
      throw new UsageError(
        '--anomaly-threshold',
        ANALYZE_MESSAGES.badAnomalyThreshold(flags.anomalyThreshold),
      );
    }
    out.threshold = z;
  }
  return out;
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
