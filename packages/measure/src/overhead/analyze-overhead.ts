/**
 * Statistics of a measured overhead run, per route: each arm's latency
 * p50/p90/p99/mean, the ratios between arms (p50 and mean), CPU per request
 * per arm and the CPU cost of one decorated call, every figure with a paired
 * bootstrap interval (the engine's `bootstrapPaired`) over the rounds that produced it.
 *
 * CPU per decorated call = (CPU per request of the decorated route − CPU per
 * request of its twin, on the same services) / decorated hops per request,
 * from every thread of the services and from their main threads alone.
 */
import { ARM_STATISTICS, computeArmStatistics } from './arm-statistics.js';
import type { ArmStatistics } from './arm-statistics.js';
import { bootstrapPaired } from '@pathprof/engine';
import type {
  BootstrapInterval,
  PairedBootstrapOptions,
} from '@pathprof/engine';
import type { ArmId, Comparison } from './overhead-arms.js';
import type { RouteMeasurement } from './run-overhead.js';

export interface ArmResult {
  readonly arm: ArmId;
  readonly latencyMicros: Readonly<
    Record<keyof ArmStatistics, BootstrapInterval>
  >;
  readonly cpuMicrosPerRequest: BootstrapInterval | null;
  readonly failures: Readonly<Record<string, number>>;
}

export interface ComparisonResult {
  readonly id: string;
  readonly p50Ratio: BootstrapInterval;
  readonly meanRatio: BootstrapInterval;
}

export interface RouteResult {
  readonly route: string;
  readonly decoratedHops: number;
  /** Rounds without a failed request: the latency sample size per arm. */
  readonly rounds: number;
  readonly cpuRounds: number;
  readonly arms: readonly ArmResult[];
  readonly comparisons: readonly ComparisonResult[];
  /** µs of service CPU per decorated call (per hop), every thread; null without CPU data. */
  readonly cpuMicrosPerDecoratedCall: BootstrapInterval | null;
  /** The same, the services' main (JavaScript) threads only. */
  readonly mainThreadCpuMicrosPerDecoratedCall: BootstrapInterval | null;
}

export function analyzeRoute(
  m: RouteMeasurement,
  arms: readonly ArmId[],
  comparisons: readonly Comparison[],
  options: PairedBootstrapOptions,
): RouteResult {
  const valid = m.latencies[0]!.map((_, round) => round).filter((round) =>
    m.latencies.every((l) => !Number.isNaN(l[round]!)),
  );
  const latencies = m.latencies.map((l) =>
    Float64Array.from(valid, (r) => l[r]!),
  );
  const scratch = new Float64Array(valid.length);
  const armIndex = (id: ArmId): number => arms.indexOf(id);

  const latency = bootstrapPaired(
    valid.length,
    (rounds) => {
      const out: Record<string, number> = {};
      const stats = latencies.map((l) =>
        computeArmStatistics(l, rounds, scratch),
      );
      arms.forEach((id, i) => {
        for (const s of ARM_STATISTICS) {
          out[`${id}.${s}`] = stats[i]![s];
        }
      });
      for (const c of comparisons) {
        const num = stats[armIndex(c.numerator)]!;
        const den = stats[armIndex(c.denominator)]!;
        out[`${c.id}.p50`] = num.p50 / den.p50;
        out[`${c.id}.mean`] = num.mean / den.mean;
      }
      return out;
    },
    options,
  );

  const cpu = analyzeCpu(m, arms, options);
  return {
    route: m.route.route,
    decoratedHops: m.route.decoratedHops,
    rounds: valid.length,
    cpuRounds: m.cpuRounds.length,
    arms: arms.map((id, i) => ({
      arm: id,
      latencyMicros: {
        p50: latency[`${id}.p50`]!,
        p90: latency[`${id}.p90`]!,
        p99: latency[`${id}.p99`]!,
        mean: latency[`${id}.mean`]!,
      },
      cpuMicrosPerRequest: cpu?.[`${id}`] ?? null,
      failures: Object.fromEntries(m.errors[i]!),
    })),
    comparisons: comparisons.map((c) => ({
      id: c.id,
      p50Ratio: latency[`${c.id}.p50`]!,
      meanRatio: latency[`${c.id}.mean`]!,
    })),
    cpuMicrosPerDecoratedCall: cpu?.perDecoratedCall ?? null,
    mainThreadCpuMicrosPerDecoratedCall: cpu?.mainPerDecoratedCall ?? null,
  };
}

function analyzeCpu(
  m: RouteMeasurement,
  arms: readonly ArmId[],
  options: PairedBootstrapOptions,
): Record<string, BootstrapInterval> | null {
  if (m.cpuRounds.length === 0) {
    return null;
  }
  const decorated = arms.indexOf('decorated');
  const twin = arms.indexOf('twin');
  return bootstrapPaired(
    m.cpuRounds.length,
    (rounds) => {
      const nanos = arms.map(() => 0);
      const mainNanos = arms.map(() => 0);
      const calls = arms.map(() => 0);
      for (const r of rounds) {
        m.cpuRounds[r]!.forEach((block, arm) => {
          nanos[arm]! += block.nanos;
          mainNanos[arm]! += block.mainNanos;
          calls[arm]! += block.calls;
        });
      }
      const perRequest = nanos.map((n, arm) => n / 1000 / calls[arm]!);
      const mainPerRequest = mainNanos.map((n, arm) => n / 1000 / calls[arm]!);
      const out: Record<string, number> = {};
      arms.forEach((id, arm) => {
        out[id] = perRequest[arm]!;
      });
      out.perDecoratedCall =
        (perRequest[decorated]! - perRequest[twin]!) / m.route.decoratedHops;
      out.mainPerDecoratedCall =
        (mainPerRequest[decorated]! - mainPerRequest[twin]!) /
        m.route.decoratedHops;
      return out;
    },
    options,
  );
}
