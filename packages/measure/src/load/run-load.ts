/**
 * Open-loop load: arrival i is fired at t0 + i/R by the clock (see
 * arrival-schedule.ts), never held back by answers still outstanding.
 *
 * - Latency is measured from the *scheduled* time to the end of the response
 *   body, so a stalled server shows up in the latency of every request that was
 *   due during the stall; service time is measured from the actual send.
 * - At most `concurrency` requests are in flight (one keep-alive connection
 *   each, HTTP/1.1 without pipelining). An arrival that finds all of them busy
 *   is not queued (which would hide the stall and send a burst later) but
 *   counted as `dropped`: the report shows how much of the offered load the
 *   generator could not deliver.
 * - Latencies are of answered requests (any status); network errors and
 *   timeouts are counted, with their code, but have no latency.
 */
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import {
  arrivalOffsetMicros,
  countArrivals,
  countDueArrivals,
} from './arrival-schedule.js';
import { LatencyRecorder } from './latency-recorder.js';
import { monotonicMicros, waitUntil } from '../monotonic-clock.js';
import type { MicrosClock } from '../monotonic-clock.js';
import { createRouteMix } from './route-mix.js';
import { describeNetworkError, sendGet } from '../send-get.js';

export interface LoadTarget {
  /** The name the report uses (`a1`, `/rolldice`). */
  readonly name: string;
  readonly url: URL;
  readonly weight: number;
}

export interface LoadPlan {
  readonly targets: readonly LoadTarget[];
  readonly rps: number;
  readonly durationMicros: number;
  readonly concurrency: number;
  /** Per request, from its actual send to the end of its body. */
  readonly timeoutMillis: number;
  /** Values kept exactly per route and measure (see latency-recorder.ts). */
  readonly recorderCapacity?: number;
}

export interface LoadProgress {
  readonly elapsedMicros: number;
  readonly due: number;
  readonly total: number;
  readonly sent: number;
  readonly ok: number;
  readonly errors: number;
  readonly dropped: number;
  readonly inFlight: number;
}

export interface LoadHooks {
  readonly clock?: MicrosClock;
  /** Defaults to a keep-alive undici Agent sized to the concurrency. */
  readonly dispatcher?: Dispatcher;
  readonly onProgress?: (progress: LoadProgress) => void;
  readonly progressIntervalMillis?: number;
  /** Called once every arrival has been fired or dropped, before draining. */
  readonly onScheduleEnd?: () => void;
}

export interface RouteCounters {
  readonly target: LoadTarget;
  scheduled: number;
  sent: number;
  dropped: number;
  ok: number;
  httpErrors: number;
  networkErrors: number;
  readonly statuses: Map<number, number>;
  readonly errorCodes: Map<string, number>;
  /** From the scheduled time, µs. */
  readonly latency: LatencyRecorder;
  /** From the actual send, µs. */
  readonly service: LatencyRecorder;
}

export interface LoadRun {
  readonly plan: LoadPlan;
  readonly routes: readonly RouteCounters[];
  /** Every route's answers together. */
  readonly all: {
    readonly latency: LatencyRecorder;
    readonly service: LatencyRecorder;
  };
  /** Actual send − scheduled time, µs: the generator's own lateness. */
  readonly sendLag: LatencyRecorder;
  /** t0 → the last arrival fired or dropped, µs. */
  readonly scheduleMicros: number;
  /** t0 → the last answer, µs. */
  readonly elapsedMicros: number;
}

export async function runLoad(
  plan: LoadPlan,
  hooks: LoadHooks = {},
): Promise<LoadRun> {
  const clock = hooks.clock ?? monotonicMicros;
  const dispatcher = hooks.dispatcher ?? createLoadAgent(plan);
  const total = countArrivals(plan.rps, plan.durationMicros);
  const routeOf = createRouteMix(plan.targets.map((t) => t.weight));
  const capacity = plan.recorderCapacity;
  const routes: RouteCounters[] = plan.targets.map((target, i) => ({
    target,
    scheduled: 0,
    sent: 0,
    dropped: 0,
    ok: 0,
    httpErrors: 0,
    networkErrors: 0,
    statuses: new Map(),
    errorCodes: new Map(),
    latency: new LatencyRecorder(capacity, 2 * i + 1),
    service: new LatencyRecorder(capacity, 2 * i + 2),
  }));
  const all = {
    latency: new LatencyRecorder(capacity, 101),
    service: new LatencyRecorder(capacity, 102),
  };
  const sendLag = new LatencyRecorder(capacity, 103);
  const pending = new Set<Promise<void>>();
  let inFlight = 0;
  let fired = 0;

  const t0 = clock();
  const progress = (): LoadProgress => {
    const sum = (pick: (r: RouteCounters) => number): number =>
      routes.reduce((s, r) => s + pick(r), 0);
    return {
      elapsedMicros: clock() - t0,
      due: fired,
      total,
      sent: sum((r) => r.sent),
      ok: sum((r) => r.ok),
      errors: sum((r) => r.httpErrors + r.networkErrors),
      dropped: sum((r) => r.dropped),
      inFlight,
    };
  };
  const ticker =
    hooks.onProgress === undefined
      ? undefined
      : setInterval(
          () => hooks.onProgress!(progress()),
          hooks.progressIntervalMillis ?? 250,
        );
  ticker?.unref();

  const fire = (index: number): void => {
    const counters = routes[routeOf(index)]!;
    const scheduledAt = t0 + arrivalOffsetMicros(index, plan.rps);
    counters.scheduled++;
    if (inFlight >= plan.concurrency) {
      counters.dropped++;
      return;
    }
    inFlight++;
    counters.sent++;
    const sentAt = clock();
    sendLag.record(Math.max(0, sentAt - scheduledAt));
    const request = sendOne(dispatcher, counters, all, plan.timeoutMillis, {
      clock,
      scheduledAt,
      sentAt,
    }).finally(() => {
      inFlight--;
      pending.delete(request);
    });
    pending.add(request);
  };

  let scheduleEnd = t0;
  try {
    while (fired < total) {
      const due = countDueArrivals(clock() - t0, plan.rps, total);
      while (fired < due) {
        fire(fired++);
      }
      if (fired < total) {
        await waitUntil(t0 + arrivalOffsetMicros(fired, plan.rps), clock);
      }
    }
    scheduleEnd = clock();
    hooks.onScheduleEnd?.();
    while (pending.size > 0) {
      await Promise.all(pending);
    }
  } finally {
    if (ticker !== undefined) {
      clearInterval(ticker);
    }
    if (hooks.dispatcher === undefined) {
      await dispatcher.close();
    }
  }
  hooks.onProgress?.(progress());
  return {
    plan,
    routes,
    all,
    sendLag,
    scheduleMicros: scheduleEnd - t0,
    elapsedMicros: clock() - t0,
  };
}

export function createLoadAgent(plan: LoadPlan): Agent {
  return new Agent({
    connections: plan.concurrency,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 60_000,
    connect: { timeout: plan.timeoutMillis },
  });
}

async function sendOne(
  dispatcher: Dispatcher,
  counters: RouteCounters,
  all: LoadRun['all'],
  timeoutMillis: number,
  times: { clock: MicrosClock; scheduledAt: number; sentAt: number },
): Promise<void> {
  const url = counters.target.url;
  try {
    const status = await sendGet(dispatcher, url, timeoutMillis);
    const end = times.clock();
    counters.latency.record(end - times.scheduledAt);
    counters.service.record(end - times.sentAt);
    all.latency.record(end - times.scheduledAt);
    all.service.record(end - times.sentAt);
    counters.statuses.set(status, (counters.statuses.get(status) ?? 0) + 1);
    if (status >= 200 && status < 300) {
      counters.ok++;
    } else {
      counters.httpErrors++;
    }
  } catch (err) {
    counters.networkErrors++;
    const code = describeNetworkError(err);
    counters.errorCodes.set(code, (counters.errorCodes.get(code) ?? 0) + 1);
  }
}
