/**
 * Validation of `pathprof compare` flags into a plan: two sides (files, or
 * two windows of a live Jaeger or of the store), or one source split by an
 * attribute (`--by service.version=v1,v2`). Messages are exported constants.
 */
import {
  DEFAULT_COMPARE_ALPHA,
  DEFAULT_MIN_EFFECT,
  DEFAULT_MIN_SAMPLES,
  findPathKeyStrategy,
} from '@pathprof/engine';
import type { AttributeSplit } from '@pathprof/engine';
import type { Micros } from '@pathprof/model';
import { UsageError } from '../shared/usage-error.js';
import type {
  CompareFlags,
  CompareSettings,
  TraceSource,
} from './compare-settings.js';
import { COMPARE_MESSAGES } from './compare-settings.js';
import { parseWindowRange } from './parse-window-range.js';

const DEFAULT_SPLIT_WINDOW = '-1h..now';

export function parseCompareFlags(
  files: readonly string[],
  givenFlags: CompareFlags,
  nowMicros: Micros,
  fileExists: (path: string) => boolean = () => false,
): CompareSettings {
  const flags = readSelectorSides(givenFlags, fileExists);
  if (!['table', 'json', 'markdown'].includes(flags.format)) {
    throw new UsageError('--format', COMPARE_MESSAGES.badFormat(flags.format));
  }
  const pathKey = findPathKeyStrategy(flags.pathKey);
  if (pathKey === undefined) {
    throw new UsageError(
      '--path-key',
      COMPARE_MESSAGES.badPathKey(flags.pathKey),
    );
  }
  if (flags.jaeger !== undefined && flags.data !== undefined) {
    throw new UsageError('--data', COMPARE_MESSAGES.jaegerAndData);
  }
  if (flags.limit !== undefined && flags.jaeger === undefined) {
    throw new UsageError('--limit', COMPARE_MESSAGES.needsJaeger('--limit'));
  }
  return {
    plan:
      flags.by === undefined
        ? planSides(files, flags, nowMicros)
        : planSplit(files, flags, nowMicros),
    format: flags.format as CompareSettings['format'],
    alpha: parseNumber(
      '--alpha',
      flags.alpha,
      DEFAULT_COMPARE_ALPHA,
      (v) => v > 0 && v < 1,
      'a number between 0 and 1 (both excluded)',
    ),
    minEffect: parseNumber(
      '--min-effect',
      flags.minEffect,
      DEFAULT_MIN_EFFECT,
      (v) => v >= 0,
      'a number of 0 or more',
    ),
    minSamples: parseNumber(
      '--min-samples',
      flags.minSamples,
      DEFAULT_MIN_SAMPLES,
      (v) => Number.isInteger(v) && v >= 2,
      'a whole number of requests per side, 2 or more',
    ),
    pathKey,
    keepProxies: flags.keepProxies ?? false,
    all: flags.all ?? false,
  };
}

function planSides(
  files: readonly string[],
  flags: CompareFlags,
  nowMicros: Micros,
): CompareSettings['plan'] {
  if (files.length > 0) {
    throw new UsageError('FILE', COMPARE_MESSAGES.filesNeedBy);
  }
  if (flags.window !== undefined) {
    throw new UsageError('--window', COMPARE_MESSAGES.windowNeedsBy);
  }
  const hasFiles =
    flags.baseline !== undefined || flags.candidate !== undefined;
  const hasWindows =
    flags.baselineWindow !== undefined || flags.candidateWindow !== undefined;
  if (hasFiles && hasWindows) {
    throw new UsageError('--baseline-window', COMPARE_MESSAGES.filesAndWindows);
  }
  if (hasFiles) {
    if (flags.baseline === undefined || flags.candidate === undefined) {
      throw new UsageError(
        '--candidate',
        COMPARE_MESSAGES.bothSides('--baseline', '--candidate'),
      );
    }
    if (flags.jaeger !== undefined || flags.data !== undefined) {
      throw new UsageError('--jaeger', COMPARE_MESSAGES.filesAndServer);
    }
    return {
      kind: 'sides',
      baseline: { kind: 'files', files: flags.baseline },
      candidate: { kind: 'files', files: flags.candidate },
    };
  }
  if (!hasWindows) {
    throw new UsageError('--baseline', COMPARE_MESSAGES.noInput);
  }
  if (
    flags.baselineWindow === undefined ||
    flags.candidateWindow === undefined
  ) {
    throw new UsageError(
      '--candidate-window',
      COMPARE_MESSAGES.bothSides('--baseline-window', '--candidate-window'),
    );
  }
  const baseline = parseWindowRange(
    '--baseline-window',
    flags.baselineWindow,
    nowMicros,
  );
  const candidate = parseWindowRange(
    '--candidate-window',
    flags.candidateWindow,
    nowMicros,
  );
  return {
    kind: 'sides',
    baseline: serverSource(flags, baseline, '--baseline-window'),
    candidate: serverSource(flags, candidate, '--candidate-window'),
  };
}

function planSplit(
  files: readonly string[],
  flags: CompareFlags,
  nowMicros: Micros,
): CompareSettings['plan'] {
  if (
    [
      flags.baseline,
      flags.candidate,
      flags.baselineWindow,
      flags.candidateWindow,
    ].some((v) => v !== undefined)
  ) {
    throw new UsageError('--by', COMPARE_MESSAGES.byWithSides);
  }
  const split = parseByFlag(flags.by!, flags.service);
  if (files.length > 0) {
    if (flags.jaeger !== undefined || flags.data !== undefined) {
      throw new UsageError('--jaeger', COMPARE_MESSAGES.filesAndServer);
    }
    if (flags.window !== undefined) {
      throw new UsageError('--window', COMPARE_MESSAGES.windowWithFiles);
    }
    return { kind: 'split', split, source: { kind: 'files', files } };
  }
  const window = parseWindowRange(
    '--window',
    flags.window ?? DEFAULT_SPLIT_WINDOW,
    nowMicros,
  );
  return { kind: 'split', split, source: serverSource(flags, window, '--by') };
}

function serverSource(
  flags: CompareFlags,
  window: { startMicros: Micros; endMicros: Micros },
  flag: string,
): TraceSource {
  if (flags.jaeger !== undefined) {
    return {
      kind: 'jaeger',
      url: flags.jaeger,
      service: flags.service ?? '',
      ...(flags.limit === undefined ? {} : { limit: flags.limit }),
      window,
    };
  }
  if (flags.data !== undefined) {
    return {
      kind: 'store',
      data: flags.data,
      ...(flags.service === undefined ? {} : { service: flags.service }),
      window,
    };
  }
  throw new UsageError(flag, COMPARE_MESSAGES.windowsNeedSource);
}

/**
 * `--baseline version=v1 --candidate version=v2` is `--by
 * service.version=v1,v2`: a side given as one `KEY=VALUE` that is not a file
 * selects traces by attribute (`version` is short for `service.version`).
 */
function readSelectorSides(
  flags: CompareFlags,
  fileExists: (path: string) => boolean,
): CompareFlags {
  const selector = (side: readonly string[] | undefined) =>
    side?.length === 1 && !fileExists(side[0]!)
      ? /^([A-Za-z_][\w.-]*)=([^,]+)$/.exec(side[0]!)
      : null;
  const base = selector(flags.baseline);
  const cand = selector(flags.candidate);
  if (
    base === null ||
    cand === null ||
    base[1] !== cand[1] ||
    flags.by !== undefined
  ) {
    return flags;
  }
  const key = base[1] === 'version' ? 'service.version' : base[1]!;
  return {
    ...flags,
    baseline: undefined,
    candidate: undefined,
    by: `${key}=${base[2]!},${cand[2]!}`,
  };
}

/** `KEY=BASELINE,CANDIDATE`, e.g. `service.version=v1,v2`. */
export function parseByFlag(
  text: string,
  service: string | undefined,
): AttributeSplit {
  const m = /^([^=\s]+)=([^,]+),([^,]+)$/.exec(text.trim());
  if (m === null || m[2]!.trim() === m[3]!.trim()) {
    throw new UsageError('--by', COMPARE_MESSAGES.badBy(text));
  }
  return {
    key: m[1]!,
    baseline: m[2]!.trim(),
    candidate: m[3]!.trim(),
    ...(service === undefined ? {} : { service }),
  };
}

function parseNumber(
  flag: string,
  text: string | undefined,
  fallback: number,
  valid: (v: number) => boolean,
  range: string,
): number {
  if (text === undefined) {
    return fallback;
  }
  const value = /^\s*[0-9.eE+-]+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value) || !valid(value)) {
    throw new UsageError(flag, COMPARE_MESSAGES.badNumber(flag, text, range));
  }
  return value;
}
