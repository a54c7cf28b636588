/**
 * `pathprof analyze`: path profiles of traces from files, stdin or a live
 * Jaeger. Exit codes: 0 done (also for empty input), 1 input or server
 * problem, 2 bad usage.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  ANALYSIS_PROJECTION,
  createSeedAggregator,
  PathProfiler,
} from '@pathprof/engine';
import type { SeedAggregator } from '@pathprof/engine';
import type { Span, TraceId, TraceWarning } from '@pathprof/model';
import {
  defaultThreads,
  feedJaegerBatches,
  PARALLEL_MIN_BYTES,
  ParallelProfiling,
  readJaegerTraces,
  readTraces,
} from '@pathprof/sources';
import type { ReadStats, TraceSink } from '@pathprof/sources';
import { parseJaegerOptions } from '../jaeger/parse-jaeger-options.js';
import { UsageError } from '../shared/usage-error.js';
import { renderReport } from '../render/render-report.js';
import type { AnalyzeFlags, AnalyzeSettings } from './analyze-options.js';
import { ANALYZE_MESSAGES, parseAnalyzeFlags } from './analyze-options.js';
import type { CliIo } from '../shared/cli-io.js';
import { writeOut } from '../shared/cli-io.js';
import { createProgress } from '../shared/progress.js';

const JAEGER_ONLY_FLAGS = [
  'service',
  'operation',
  'tags',
  'start',
  'end',
  'lookback',
  'limit',
  'minDuration',
  'maxDuration',
  'token',
] as const;

export async function runAnalyze(
  files: readonly string[],
  flags: AnalyzeFlags,
  io: CliIo,
): Promise<void> {
  const settings = parseAnalyzeFlags(flags);
  if (flags.jaeger !== undefined && files.length > 0) {
    throw new UsageError('--jaeger', ANALYZE_MESSAGES.filesAndJaeger);
  }
  if (flags.jaeger === undefined) {
    for (const key of JAEGER_ONLY_FLAGS) {
      if (flags[key] !== undefined) {
        const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
        throw new UsageError(
          flag,
          ANALYZE_MESSAGES.jaegerFlagsWithoutJaeger(flag),
        );
      }
    }
  }
  const profiler = new PathProfiler({
    pathKey: settings.pathKey,
    keepProxies: settings.keepProxies,
    groupings: [settings.groupBy],
  });
  const seed = settings.compatSeed ? createSeedAggregator() : undefined;
  const sink: TraceSink = {
    trace: (traceId: TraceId, spans: readonly Span[]) => {
      profiler.addTrace(traceId, spans);
    },
    warning: (w: TraceWarning) => profiler.addWarning(w),
    cut: (traces: number) => {
      profiler.cutTraces += traces;
    },
    ...(seed === undefined
      ? {}
      : { jaegerTraceText: (text: string) => seed.addTraceJson(text) }),
  };
  let source: string;
  if (flags.jaeger !== undefined) {
    source = await analyzeJaeger(flags, settings, sink, seed, io);
  } else {
    const inputs =
      files.length > 0 ? files : io.stdin.isTTY === true ? [] : ['-'];
    if (inputs.length === 0) {
      throw new UsageError('FILE', ANALYZE_MESSAGES.noInput);
    }
    source = await analyzeFiles(
      inputs,
      settings,
      sink,
      seed,
      io,
      flags.progress !== false,
      profiler,
    );
  }
  if (seed !== undefined) {
    await writeOut(io.stdout, seed.render());
    return;
  }
  const report = profiler.report({
    groupBy: settings.groupBy,
    ...(settings.top === undefined ? {} : { top: settings.top }),
    anomalies: settings.anomalies,
    anomalyOptions: settings.anomalyOptions,
    ...(settings.through === undefined ? {} : { service: settings.through }),
  });
  await writeOut(
    io.stdout,
    renderReport(report, {
      format: settings.format,
      criticalPath: settings.criticalPath,
      verbose: settings.verbose,
      source,
    }),
  );
}

async function analyzeFiles(
  inputs: readonly string[],
  settings: AnalyzeSettings,
  sink: TraceSink,
  seed: SeedAggregator | undefined,
  io: CliIo,
  showProgress: boolean,
  profiler: PathProfiler,
): Promise<string> {
  const sizes = await Promise.all(
    inputs.map((f) =>
      f === '-'
        ? Promise.resolve(0)
        : stat(f).then(
            (s) => s.size,
            () => 0,
          ),
    ),
  );
  const total = sizes.reduce((a, b) => a + b, 0);
  const progress = createProgress(
    io,
    showProgress && !inputs.includes('-'),
    total,
    'bytes',
  );
  const formats = new Set<string>();
  let done = 0;
  let cut = 0;
  // --compat seed reads trace text in order on this thread
  const parallel = new ParallelProfiling({
    threads: seed === undefined ? (settings.threads ?? defaultThreads()) : 0,
    startAfterBytes:
      total >= PARALLEL_MIN_BYTES
        ? 0
        : inputs.includes('-')
          ? PARALLEL_MIN_BYTES
          : Infinity,
    profiler: {
      pathKey: settings.pathKey,
      keepProxies: settings.keepProxies,
      groupings: [settings.groupBy],
    },
  });
  try {
    for (const input of inputs) {
      const name = input === '-' ? 'stdin' : input;
      const stream =
        input === '-'
          ? io.stdin
          : createReadStream(input, { highWaterMark: 1024 * 1024 });
      const before = done;
      const fileSink: TraceSink =
        seed === undefined
          ? sink
          : {
              ...sink,
              jaegerTraceText: (text, offset) =>
                seed.addTraceJson(text, { file: name, offset }),
            };
      const stats: ReadStats = await readTraces(name, stream, fileSink, {
        maxBufferedSpans: settings.maxBufferedSpans,
        textOnly: seed !== undefined,
        projection: ANALYSIS_PROJECTION,
        parallel,
        onProgress: (bytes) => progress.update(before + bytes, name),
      });
      done += stats.bytes;
      cut += stats.cutTraces;
      if (stats.format !== 'empty') {
        formats.add(stats.format);
      }
      if (
        seed !== undefined &&
        stats.format !== 'jaeger' &&
        stats.format !== 'empty'
      ) {
        throw new UsageError(
          '--compat',
          `--compat seed reads Jaeger query-API JSON only; ${name} is ${stats.format}`,
        );
      }
    }
    const fromWorkers = await parallel.finish();
    if (fromWorkers !== undefined) {
      profiler.merge(fromWorkers);
    }
  } finally {
    progress.stop();
    await parallel.close();
  }
  sink.cut?.(cut);
  const what = [...formats].join('+') || 'empty';
  return `${what}, ${inputs.length === 1 ? (inputs[0] === '-' ? 'stdin' : '1 file') : `${inputs.length} files`}`;
}

async function analyzeJaeger(
  flags: AnalyzeFlags,
  settings: AnalyzeSettings,
  sink: TraceSink,
  seed: SeedAggregator | undefined,
  io: CliIo,
): Promise<string> {
  const query = parseJaegerOptions(
    { ...flags, jaeger: flags.jaeger! },
    io.nowMicros(),
  );
  let progress = createProgress(io, false, 0, '');
  let api = 'v1';
  const batches = readJaegerTraces(query, {
    ...(io.fetch === undefined ? {} : { fetch: io.fetch }),
    onProgress: (p) => {
      if (p.windowsDone === 0) {
        progress.stop();
        progress = createProgress(
          io,
          flags.progress !== false,
          p.windowsTotal,
          'windows',
        );
      }
      api = p.api;
      progress.update(p.windowsDone, `${p.traces} traces`);
    },
  });
  try {
    await feedJaegerBatches(batches, sink, {
      maxBufferedSpans: settings.maxBufferedSpans,
      ...(seed === undefined
        ? {}
        : {
            onBatch: (batchApi) => {
              if (batchApi !== 'v1') {
                throw new UsageError(
                  '--compat',
                  '--compat seed needs a Jaeger with the v1 query API',
                );
              }
            },
            takeRawTrace: (trace) => {
              seed.addTraceJson(JSON.stringify(trace));
              return true;
            },
          }),
    });
  } finally {
    progress.stop();
  }
  return `jaeger ${api} ${query.baseUrl}, service ${query.service}`;
}
