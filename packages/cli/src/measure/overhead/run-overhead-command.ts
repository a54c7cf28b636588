/**
 * `pathprof overhead`: one local multi-svc instance per instrumentation level
 * (each exporting to its own local OTLP sink), the interleaved measurement,
 * the analysis, the report, and optionally the docs/BENCHMARKS.md section.
 */
import os from 'node:os';
import { writeOut } from '../../shared/cli-io.js';
import type { CliIo } from '../../shared/cli-io.js';
import { createProgress } from '../../shared/progress.js';
import type { Progress } from '../../shared/progress.js';
import {
  resolveSystemRouteUrl,
  startShowcaseSystem,
} from '../load/showcase-system.js';
import type { RunningSystem, SystemStarter } from '../load/showcase-system.js';
import { analyzeRoute } from './analyze-overhead.js';
import { createProcCpuSampler } from './cpu-sampling.js';
import type { CpuSampler } from './cpu-sampling.js';
import { describeMachine } from './describe-machine.js';
import { twinRoute } from './multi-svc-routes.js';
import { CPU_WARMUP_ROUNDS } from './overhead-options.js';
import type { OverheadCliSettings } from './overhead-options.js';
import {
  SDK_MODE_ENV,
  selectArms,
  selectComparisons,
} from './overhead-arms.js';
import type { ArmId, SdkMode } from './overhead-arms.js';
import { evaluateTargets, formatOverheadCommand } from './overhead-report.js';
import type { OverheadReport, OverheadSettings } from './overhead-report.js';
import { startOtlpSink } from './otlp-sink.js';
import type { OtlpSink } from './otlp-sink.js';
import { renderOverheadReport } from './render-overhead-report.js';
import { runOverhead } from './run-overhead.js';
import type { ArmEndpoint, RouteMeasurement } from './run-overhead.js';
import { updateBenchmarksDoc } from './update-benchmarks-doc.js';

/** Environment given to every service: the level, and prompt span export (see METHOD_NOTES). */
export function overheadServiceEnv(mode: SdkMode): Record<string, string> {
  return {
    [SDK_MODE_ENV]: mode,
    OTEL_BSP_SCHEDULE_DELAY: String(EXPORT_DELAY_MILLIS),
  };
}

/** The batch span processor's delay in the services, and the wait after the CPU warm-up (twice it). */
export const EXPORT_DELAY_MILLIS = 50;
export const CPU_SETTLE_MILLIS = 2 * EXPORT_DELAY_MILLIS;

/** What tests replace: the showcase runner, and the CPU phase's warm-up and settle wait. */
export interface OverheadDeps {
  readonly startSystem?: SystemStarter;
  readonly cpuWarmupRounds?: number;
  readonly cpuSettleMillis?: number;
}

interface Instance {
  readonly mode: SdkMode;
  readonly sink: OtlpSink;
  readonly system: RunningSystem;
  readonly cpu: CpuSampler | null;
}

export async function runOverheadCommand(
  settings: OverheadCliSettings,
  io: CliIo,
  deps: OverheadDeps = {},
): Promise<void> {
  const startSystem = deps.startSystem ?? startShowcaseSystem;
  const loadAtStart = os.loadavg()[0] ?? 0;
  const arms = selectArms(settings.baselines);
  const comparisons = selectComparisons(arms);
  const modes = [...new Set(arms.map((a) => a.mode))];
  const instances: Instance[] = [];
  const sinks: OtlpSink[] = [];
  const warnings: string[] = [];
  let measured: RouteMeasurement[];
  try {
    for (const mode of modes) {
      const sink = await startOtlpSink();
      sinks.push(sink);
      const system = await startSystem({
        sys: settings.sys,
        env: overheadServiceEnv(mode),
        otlpEndpoint: sink.endpoint,
      });
      const pids = system.services.flatMap((s) =>
        s.pid === undefined ? [] : [s.pid],
      );
      const cpu =
        pids.length === system.services.length
          ? createProcCpuSampler(pids)
          : null;
      instances.push({ mode, sink, system, cpu });
    }
    const endpoints: ArmEndpoint[] = arms.map((arm) => {
      const instance = instances.find((i) => i.mode === arm.mode)!;
      return {
        arm,
        urlOf: (route) =>
          resolveSystemRouteUrl(
            instance.system,
            arm.twin ? twinRoute(route) : route,
          ),
        cpu: instance.cpu,
      };
    });
    if (settings.cpuCalls > 0 && instances.some((i) => i.cpu === null)) {
      warnings.push(
        'CPU not measured: the service processes’ CPU time cannot be read here (needs Linux /proc).',
      );
    }
    let progress: Progress | undefined;
    measured = await runOverhead(
      {
        routes: settings.routes,
        samples: settings.samples,
        warmup: settings.warmup,
        cpuCalls: settings.cpuCalls,
        cpuBlockCalls: settings.cpuBlockCalls,
        cpuWarmupRounds: deps.cpuWarmupRounds ?? CPU_WARMUP_ROUNDS,
        cpuSettleMillis: deps.cpuSettleMillis ?? CPU_SETTLE_MILLIS,
        timeoutMillis: settings.timeoutMillis,
        seed: settings.seed,
      },
      endpoints,
      {
        onRequest: (done, total, phase) => {
          progress ??= createProgress(io, settings.progress, total, 'requests');
          if (done % 10 === 0 || done === total) {
            progress.update(done, phase);
          }
        },
      },
    ).finally(() => progress?.stop());
  } finally {
    await Promise.allSettled(instances.map((i) => i.system.stop()));
    await Promise.allSettled(sinks.map((s) => s.close()));
  }

  const exports: OverheadReport['exports'] = Object.fromEntries(
    instances.map((i) => [i.mode, i.sink.stats()]),
  );
  warnings.push(...checkExports(exports));
  const armIds: ArmId[] = arms.map((a) => a.id);
  const bootstrap = {
    resamples: settings.resamples,
    seed: settings.seed,
    confidence: 0.95,
  };
  const routes = measured.map((m) =>
    analyzeRoute(m, armIds, comparisons, bootstrap),
  );
  for (const r of routes) {
    const failed = r.arms.reduce(
      (sum, a) => sum + Object.values(a.failures).reduce((x, y) => x + y, 0),
      0,
    );
    if (failed > 0) {
      warnings.push(
        `${r.route}: ${failed} requests failed (${r.arms
          .filter((a) => Object.keys(a.failures).length > 0)
          .map(
            (a) =>
              `${a.arm}: ${Object.entries(a.failures)
                .map(([k, v]) => `${k} ×${v}`)
                .join(', ')}`,
          )
          .join('; ')}); their rounds are left out.`,
      );
    }
  }
  const reportSettings: OverheadSettings = {
    sys: settings.sys,
    routes: settings.routes.map((r) => r.route),
    samples: settings.samples,
    warmup: settings.warmup,
    cpuCalls: settings.cpuCalls,
    cpuBlockCalls: settings.cpuBlockCalls,
    resamples: settings.resamples,
    confidence: bootstrap.confidence,
    seed: settings.seed,
    arms: armIds,
  };
  const report: OverheadReport = {
    kind: 'pathprof.overhead',
    date: new Date(io.nowMicros() / 1000).toISOString(),
    machine: describeMachine(),
    command: formatOverheadCommand(reportSettings),
    loadAverage: { start: loadAtStart, end: os.loadavg()[0] ?? 0 },
    settings: reportSettings,
    sdkSwitch: {
      env: SDK_MODE_ENV,
      values: Object.fromEntries(arms.map((a) => [a.id, a.mode])) as Record<
        ArmId,
        string
      >,
    },
    cpuMethod: instances[0]?.cpu?.method ?? null,
    exports,
    comparisons,
    routes,
    targets: evaluateTargets(routes),
    warnings,
  };
  if (settings.doc !== undefined) {
    updateBenchmarksDoc(settings.doc, renderOverheadReport(report, 'markdown'));
  }
  await writeOut(io.stdout, renderOverheadReport(report, settings.format));
}

/** Whether the services honoured the switch, as far as their exports show. */
function checkExports(exports: OverheadReport['exports']): string[] {
  const warnings: string[] = [];
  const off = exports.off;
  if (off !== undefined && off.bytes > 0) {
    warnings.push(
      `the ${SDK_MODE_ENV}=off services exported ${off.bytes} bytes of spans: they do not honour the switch, so the sdk-off arm is not a baseline.`,
    );
  }
  const full = exports.full;
  if (full !== undefined && full.requests === 0) {
    warnings.push(
      'the instrumented services exported no spans to the local OTLP sink: export cost is not included.',
    );
  }
  const otel = exports['otel-only'];
  if (otel !== undefined && otel.requests === 0) {
    warnings.push(
      `the ${SDK_MODE_ENV}=otel-only services exported no spans: that level recorded none (no HTTP server spans), so the otel-only arms measure the tracing setup and header propagation, not OpenTelemetry span recording.`,
    );
  }
  return warnings;
}
