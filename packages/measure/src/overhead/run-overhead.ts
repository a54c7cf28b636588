/**
 * The measurement loop of `pathprof overhead`, per route:
 *
 * 1. warm-up: `warmup` interleaved rounds, discarded (JIT, connections, caches);
 * 2. latency: `samples` rounds; each round sends one request to every arm, in
 *    a seeded random order (ab-schedule.ts), strictly one at a time (closed
 *    loop is right here: it measures single requests on idle services), and
 *    records the wall time from send to end of body;
 * 3. CPU: `cpuWarmupRounds` unmeasured rounds (a fixed warm-up,
 *    whatever the sample size: CPU_WARMUP_ROUNDS in measure-overhead.ts), `cpuSettleMillis` of quiet for their spans to be
 *    exported, a first reading of every instance's CPU time, then rounds of
 *    one block of `cpuBlockCalls` sequential requests per arm (random order
 *    again). After each block the CPU time of the arm's instance is read and
 *    the time since that instance's previous reading is charged to the block:
 *    the blocks of an instance tile its time, so work done after an answer
 *    (span export, garbage collection) is charged to the instance's next
 *    block, of either arm. Adjacent blocks of the two arms of a round see the
 *    same machine: with blocks of one request, the pairing cancels most of
 *    the load other jobs put on a shared machine.
 *
 * A failed request (network error, timeout, non-2xx) leaves NaN in its round;
 * the analysis drops rounds with a NaN, keeping the pairing intact.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import { monotonicMicros } from '../monotonic-clock.js';
import type { MicrosClock } from '../monotonic-clock.js';
import { describeNetworkError, sendGet } from '../send-get.js';
import { buildInterleavedSchedule } from './ab-schedule.js';
import type { CpuReading, CpuSampler } from './cpu-sampling.js';
import type { OverheadRoute } from './multi-svc-routes.js';
import type { OverheadArm } from './overhead-arms.js';

export interface ArmEndpoint {
  readonly arm: OverheadArm;
  /** The URL of a route (already the twin's, for a twin arm) on the arm's system. */
  readonly urlOf: (route: string) => URL;
  readonly cpu: CpuSampler | null;
}

export interface OverheadPlan {
  readonly routes: readonly OverheadRoute[];
  readonly samples: number;
  readonly warmup: number;
  /** Per arm and route; 0 skips the CPU phase. */
  readonly cpuCalls: number;
  readonly cpuBlockCalls: number;
  /** Unmeasured rounds right before the CPU rounds. */
  readonly cpuWarmupRounds: number;
  /** Idle wait after the CPU warm-up, so that its spans are exported before the first reading. */
  readonly cpuSettleMillis: number;
  readonly timeoutMillis: number;
  readonly seed: number;
}

export interface CpuBlock {
  /** CPU time of the arm's processes charged to the block, every thread. */
  readonly nanos: number;
  /** The same, their main threads only. */
  readonly mainNanos: number;
  readonly calls: number;
}

export interface RouteMeasurement {
  readonly route: OverheadRoute;
  /** Per arm (in endpoint order), per round: µs, NaN when the request failed. */
  readonly latencies: readonly Float64Array[];
  /** Per arm: failure code → count (warm-up included). */
  readonly errors: readonly Map<string, number>[];
  /** Per CPU round, per arm; empty without CPU sampling. */
  readonly cpuRounds: readonly (readonly CpuBlock[])[];
}

export interface OverheadHooks {
  readonly clock?: MicrosClock;
  readonly dispatcher?: Dispatcher;
  /** After every request; `total` counts every request the run will send. */
  readonly onRequest?: (done: number, total: number, phase: string) => void;
}

export async function runOverhead(
  plan: OverheadPlan,
  endpoints: readonly ArmEndpoint[],
  hooks: OverheadHooks = {},
): Promise<RouteMeasurement[]> {
  const clock = hooks.clock ?? monotonicMicros;
  const dispatcher =
    hooks.dispatcher ??
    new Agent({ connections: 1, pipelining: 1, keepAliveTimeout: 60_000 });
  const measureCpu =
    plan.cpuCalls > 0 && endpoints.every((e) => e.cpu !== null);
  const cpuRoundCount = measureCpu
    ? Math.ceil(plan.cpuCalls / plan.cpuBlockCalls)
    : 0;
  const arms = endpoints.length;
  const cpuWarmupRounds = measureCpu ? plan.cpuWarmupRounds : 0;
  const total =
    plan.routes.length *
    arms *
    (plan.warmup +
      plan.samples +
      cpuWarmupRounds +
      cpuRoundCount * plan.cpuBlockCalls);
  let done = 0;
  const results: RouteMeasurement[] = [];
  try {
    for (const [routeIndex, route] of plan.routes.entries()) {
      const urls = endpoints.map((e) => e.urlOf(route.route));
      const errors = endpoints.map(() => new Map<string, number>());
      const send = async (arm: number, phase: string): Promise<number> => {
        const outcome = await timeRequest(
          dispatcher,
          urls[arm]!,
          plan.timeoutMillis,
          clock,
        );
        hooks.onRequest?.(++done, total, `${route.route} ${phase}`);
        if (typeof outcome === 'string') {
          errors[arm]!.set(outcome, (errors[arm]!.get(outcome) ?? 0) + 1);
          return Number.NaN;
        }
        return outcome;
      };
      const seed = plan.seed * 1000 + routeIndex;

      for (const order of buildInterleavedSchedule(arms, plan.warmup, seed)) {
        for (const arm of order) {
          await send(arm, 'warm-up');
        }
      }

      const latencies = endpoints.map(() => new Float64Array(plan.samples));
      const schedule = buildInterleavedSchedule(arms, plan.samples, seed + 500);
      for (const [round, order] of schedule.entries()) {
        for (const arm of order) {
          latencies[arm]![round] = await send(arm, 'latency');
        }
      }

      const cpuRounds: CpuBlock[][] = [];
      if (measureCpu) {
        for (const order of buildInterleavedSchedule(
          arms,
          cpuWarmupRounds,
          seed + 600,
        )) {
          for (const arm of order) {
            await send(arm, 'cpu warm-up');
          }
        }
        await sleep(plan.cpuSettleMillis);
      }
      // The last reading of each instance (arms of one instance share its sampler).
      const lastReading = new Map<CpuSampler, CpuReading>();
      if (measureCpu) {
        for (const cpu of new Set(endpoints.map((e) => e.cpu!))) {
          lastReading.set(cpu, cpu.read());
        }
      }
      const cpuSchedule = buildInterleavedSchedule(
        arms,
        cpuRoundCount,
        seed + 700,
      );
      for (const order of cpuSchedule) {
        const blocks: CpuBlock[] = endpoints.map(() => ({
          nanos: 0,
          mainNanos: 0,
          calls: 0,
        }));
        for (const arm of order) {
          const cpu = endpoints[arm]!.cpu!;
          let calls = 0;
          for (let i = 0; i < plan.cpuBlockCalls; i++) {
            calls += Number.isNaN(await send(arm, 'cpu')) ? 0 : 1;
          }
          const now = cpu.read();
          const last = lastReading.get(cpu)!;
          blocks[arm] = {
            nanos: now.nanos - last.nanos,
            mainNanos: now.mainNanos - last.mainNanos,
            calls,
          };
          lastReading.set(cpu, now);
        }
        cpuRounds.push(blocks);
      }
      results.push({ route, latencies, errors, cpuRounds });
    }
  } finally {
    if (hooks.dispatcher === undefined) {
      await dispatcher.close();
    }
  }
  return results;
}

/** Wall µs from send to the end of a 2xx body, or why it failed. */
export async function timeRequest(
  dispatcher: Dispatcher,
  url: URL,
  timeoutMillis: number,
  clock: MicrosClock,
): Promise<number | string> {
  const start = clock();
  try {
    const status = await sendGet(dispatcher, url, timeoutMillis);
    const micros = clock() - start;
    return status >= 200 && status < 300 ? micros : `HTTP ${status}`;
  } catch (err) {
    return describeNetworkError(err);
  }
}
