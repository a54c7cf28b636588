/**
 * The overhead experiment end to end: one local multi-svc instance per
 * instrumentation level (each exporting to its own local OTLP sink), the
 * interleaved measurement, the analysis and the report. The caller starts the
 * systems (`startSystem`) and renders the report.
 */
import os from 'node:os';
import { describeMachine } from '../describe-machine.js';
import { resolveSystemRouteUrl } from '../load/resolve-route-url.js';
import type { SystemAddresses } from '../load/resolve-route-url.js';
import { analyzeRoute } from './analyze-overhead.js';
import { createProcCpuSampler } from './cpu-sampling.js';
import type { CpuSampler } from './cpu-sampling.js';
import { twinRoute } from './multi-svc-routes.js';
import type { OverheadRoute } from './multi-svc-routes.js';
import {
  SDK_MODE_ENV,
  selectArms,
  selectComparisons,
} from './overhead-arms.js';
import type { ArmId, Baseline, SdkMode } from './overhead-arms.js';
import { evaluateTargets, formatOverheadCommand } from './overhead-report.js';
import type { OverheadReport, OverheadSettings } from './overhead-report.js';
import { startOtlpSink } from './otlp-sink.js';
import type { OtlpSink } from './otlp-sink.js';
import { runOverhead } from './run-overhead.js';
import type { ArmEndpoint, RouteMeasurement } from './run-overhead.js';

/** What the experiment measures: the settings of `pathprof overhead` but its output. */
export interface OverheadExperiment {
  readonly sys: 'multi-svc';
  readonly routes: readonly OverheadRoute[];
  readonly samples: number;
  readonly warmup: number;
  readonly cpuCalls: number;
  readonly cpuBlockCalls: number;
  readonly baselines: readonly Baseline[];
  readonly resamples: number;
  readonly seed: number;
  readonly timeoutMillis: number;
}

/** A started system under measurement: its addresses, its processes, and how to stop it. */
export interface MeasuredSystem extends SystemAddresses {
  readonly services: readonly {
    readonly name: string;
    readonly url: string;
    readonly pid?: number | undefined;
  }[];
  stop(): Promise<void>;
}

export interface OverheadSystemOptions {
  readonly sys: 'multi-svc';
  /** Extra environment for every service. */
  readonly env: Readonly<Record<string, string>>;
  /** Where the services export spans. */
  readonly otlpEndpoint: string;
}

export type OverheadSystemStarter = (
  options: OverheadSystemOptions,
) => Promise<MeasuredSystem>;

export interface OverheadEnvironment {
  readonly startSystem: OverheadSystemStarter;
  /** Wall clock, for the report's date. */
  readonly nowMicros: () => number;
  /** After every request; `total` counts every request the run will send. */
  readonly onRequest?: (done: number, total: number, phase: string) => void;
  /** When the requests are over, before the systems stop. */
  readonly onMeasured?: () => void;
  /** Tests shorten the CPU phase's warm-up and settle wait. */
  readonly cpuWarmupRounds?: number;
  readonly cpuSettleMillis?: number;
}

/** The CPU phase's own warm-up, in rounds: fixed, whatever the number of samples. */
export const CPU_WARMUP_ROUNDS = 50;

/** The batch span processor's delay in the services, and the wait after the CPU warm-up (twice it). */
export const EXPORT_DELAY_MILLIS = 50;
export const CPU_SETTLE_MILLIS = 2 * EXPORT_DELAY_MILLIS;

/** Environment given to every service: the level, and prompt span export. */
export function overheadServiceEnv(mode: SdkMode): Record<string, string> {
  return {
    [SDK_MODE_ENV]: mode,
    OTEL_BSP_SCHEDULE_DELAY: String(EXPORT_DELAY_MILLIS),
  };
}

interface Instance {
  readonly mode: SdkMode;
  readonly sink: OtlpSink;
  readonly system: MeasuredSystem;
  readonly cpu: CpuSampler | null;
}

export async function measureOverhead(
  experiment: OverheadExperiment,
  environment: OverheadEnvironment,
): Promise<OverheadReport> {
  const loadAtStart = os.loadavg()[0] ?? 0;
  const arms = selectArms(experiment.baselines);
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
      const system = await environment.startSystem({
        sys: experiment.sys,
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
    if (experiment.cpuCalls > 0 && instances.some((i) => i.cpu === null)) {
      warnings.push(
        'CPU not measured: the service processes’ CPU time cannot be read here (needs Linux /proc).',
      );
    }
    measured = await runOverhead(
      {
        routes: experiment.routes,
        samples: experiment.samples,
        warmup: experiment.warmup,
        cpuCalls: experiment.cpuCalls,
        cpuBlockCalls: experiment.cpuBlockCalls,
        cpuWarmupRounds: environment.cpuWarmupRounds ?? CPU_WARMUP_ROUNDS,
        cpuSettleMillis: environment.cpuSettleMillis ?? CPU_SETTLE_MILLIS,
        timeoutMillis: experiment.timeoutMillis,
        seed: experiment.seed,
      },
      endpoints,
      { onRequest: environment.onRequest },
    ).finally(() => environment.onMeasured?.());
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
    resamples: experiment.resamples,
    seed: experiment.seed,
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
    sys: experiment.sys,
    routes: experiment.routes.map((r) => r.route),
    samples: experiment.samples,
    warmup: experiment.warmup,
    cpuCalls: experiment.cpuCalls,
    cpuBlockCalls: experiment.cpuBlockCalls,
    resamples: experiment.resamples,
    confidence: bootstrap.confidence,
    seed: experiment.seed,
    arms: armIds,
  };
  return {
    kind: 'pathprof.overhead',
    date: new Date(environment.nowMicros() / 1000).toISOString(),
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
