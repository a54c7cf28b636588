/** The report of `pathprof overhead`: settings, where it ran, results, targets. */
import type { RouteResult } from './analyze-overhead.js';
import type { CpuMethod } from './cpu-sampling.js';
import type { MachineDescription } from '../describe-machine.js';
import type { ArmId, Comparison, SdkMode } from './overhead-arms.js';

/** Issue #3, section 4. */
export const P50_RATIO_TARGET = 1.05;
export const CPU_PER_CALL_TARGET_MICROS = 30;

export interface OverheadSettings {
  readonly sys: 'multi-svc';
  readonly routes: readonly string[];
  readonly samples: number;
  readonly warmup: number;
  readonly cpuCalls: number;
  readonly cpuBlockCalls: number;
  readonly resamples: number;
  readonly confidence: number;
  readonly seed: number;
  readonly arms: readonly ArmId[];
}

export interface TargetResult {
  readonly name: string;
  readonly limit: number;
  /** The worst route's estimate; null when not measured. */
  readonly worst: number | null;
  readonly worstRoute: string | null;
  readonly met: boolean | null;
}

export interface OverheadReport {
  readonly kind: 'pathprof.overhead';
  readonly date: string;
  readonly machine: MachineDescription;
  readonly command: string;
  /** 1-minute load average when the measurement started and ended: others' work skews it. */
  readonly loadAverage: { readonly start: number; readonly end: number };
  readonly settings: OverheadSettings;
  /** How the services were told their instrumentation level. */
  readonly sdkSwitch: {
    readonly env: string;
    readonly values: Readonly<Record<ArmId, string>>;
  };
  readonly cpuMethod: CpuMethod | null;
  /** What each instrumentation level's services exported to the local OTLP sink. */
  readonly exports: Readonly<
    Partial<
      Record<SdkMode, { readonly requests: number; readonly bytes: number }>
    >
  >;
  readonly comparisons: readonly Comparison[];
  readonly routes: readonly RouteResult[];
  readonly targets: readonly TargetResult[];
  readonly warnings: readonly string[];
}

export function evaluateTargets(
  routes: readonly RouteResult[],
): TargetResult[] {
  const worst = (
    pick: (r: RouteResult) => number | null | undefined,
  ): { value: number | null; route: string | null } => {
    let best: { value: number | null; route: string | null } = {
      value: null,
      route: null,
    };
    for (const r of routes) {
      const v = pick(r);
      if (
        v !== null &&
        v !== undefined &&
        Number.isFinite(v) &&
        (best.value === null || v > best.value)
      ) {
        best = { value: v, route: r.route };
      }
    }
    return best;
  };
  const ratio = worst(
    (r) =>
      r.comparisons.find((c) => c.id === 'decorated/twin')?.p50Ratio.estimate,
  );
  const cpu = worst((r) => r.cpuMicrosPerDecoratedCall?.estimate);
  const mainCpu = worst((r) => r.mainThreadCpuMicrosPerDecoratedCall?.estimate);
  return [
    {
      name: 'decorated/undecorated p50 ratio',
      limit: P50_RATIO_TARGET,
      worst: ratio.value,
      worstRoute: ratio.route,
      met: ratio.value === null ? null : ratio.value <= P50_RATIO_TARGET,
    },
    {
      name: 'CPU per decorated call (µs)',
      limit: CPU_PER_CALL_TARGET_MICROS,
      worst: cpu.value,
      worstRoute: cpu.route,
      met: cpu.value === null ? null : cpu.value <= CPU_PER_CALL_TARGET_MICROS,
    },
    {
      name: 'CPU per decorated call, main threads (µs)',
      limit: CPU_PER_CALL_TARGET_MICROS,
      worst: mainCpu.value,
      worstRoute: mainCpu.route,
      met:
        mainCpu.value === null
          ? null
          : mainCpu.value <= CPU_PER_CALL_TARGET_MICROS,
    },
  ];
}

/** The canonical command line that reproduces a run. */
export function formatOverheadCommand(s: OverheadSettings): string {
  const baselines = s.arms.filter((a) => a === 'otel-only' || a === 'sdk-off');
  return [
    'pathprof overhead',
    `--sys ${s.sys}`,
    `--routes ${s.routes.join(',')}`,
    `--samples ${s.samples}`,
    `--warmup ${s.warmup}`,
    `--cpu-calls ${s.cpuCalls}`,
    `--cpu-block ${s.cpuBlockCalls}`,
    `--baselines ${baselines.length === 0 ? 'none' : baselines.map((b) => (b === 'sdk-off' ? 'off' : b)).join(',')}`,
    `--resamples ${s.resamples}`,
    `--seed ${s.seed}`,
  ].join(' ');
}
