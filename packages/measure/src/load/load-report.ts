/** Turns a finished load run into its report (plain data, JSON-ready). */
import type { LatencySummary } from './latency-recorder.js';
import type { LoadRun, RouteCounters } from './run-load.js';

export interface RouteLoadReport {
  readonly route: string;
  readonly url: string;
  /** Arrivals due for this route. */
  readonly scheduled: number;
  readonly sent: number;
  /** Arrivals not sent because `concurrency` requests were already in flight. */
  readonly dropped: number;
  readonly ok: number;
  /** Answers outside 2xx. */
  readonly httpErrors: number;
  /** No answer: connection errors and timeouts. */
  readonly networkErrors: number;
  /** Sent per second of the schedule window. */
  readonly achievedRps: number;
  /** 2xx answers per second from t0 to the last answer. */
  readonly okPerSecond: number;
  readonly statuses: Readonly<Record<string, number>>;
  readonly errorCodes: Readonly<Record<string, number>>;
  /** Scheduled time → end of body. */
  readonly latencyMicros: LatencySummary;
  /** Actual send → end of body. */
  readonly serviceMicros: LatencySummary;
}

export interface LoadReport {
  readonly kind: 'pathprof.load';
  readonly target: string;
  readonly rps: number;
  readonly durationMicros: number;
  readonly concurrency: number;
  readonly timeoutMillis: number;
  readonly scheduleMicros: number;
  readonly elapsedMicros: number;
  readonly routes: readonly RouteLoadReport[];
  /** All routes together (its quantiles are over every answered request). */
  readonly total: RouteLoadReport;
  readonly sendLagMicros: LatencySummary;
}

export function buildLoadReport(run: LoadRun, target: string): LoadReport {
  const { plan } = run;
  // The window the arrivals were spread over: the planned duration, or longer
  // when the generator itself fell behind.
  const windowMicros = Math.max(plan.durationMicros, run.scheduleMicros);
  const routes = run.routes.map((r) =>
    summarizeRoute(r, windowMicros, run.elapsedMicros),
  );
  return {
    kind: 'pathprof.load',
    target,
    rps: plan.rps,
    durationMicros: plan.durationMicros,
    concurrency: plan.concurrency,
    timeoutMillis: plan.timeoutMillis,
    scheduleMicros: run.scheduleMicros,
    elapsedMicros: run.elapsedMicros,
    routes,
    total: summarizeTotal(run, routes, windowMicros),
    sendLagMicros: run.sendLag.summarize(),
  };
}

function summarizeRoute(
  r: RouteCounters,
  windowMicros: number,
  elapsedMicros: number,
): RouteLoadReport {
  return {
    route: r.target.name,
    url: r.target.url.href,
    scheduled: r.scheduled,
    sent: r.sent,
    dropped: r.dropped,
    ok: r.ok,
    httpErrors: r.httpErrors,
    networkErrors: r.networkErrors,
    achievedRps: perSecond(r.sent, windowMicros),
    okPerSecond: perSecond(r.ok, elapsedMicros),
    statuses: toRecord(r.statuses),
    errorCodes: toRecord(r.errorCodes),
    latencyMicros: r.latency.summarize(),
    serviceMicros: r.service.summarize(),
  };
}

function summarizeTotal(
  run: LoadRun,
  routes: readonly RouteLoadReport[],
  windowMicros: number,
): RouteLoadReport {
  const sum = (pick: (r: RouteLoadReport) => number): number =>
    routes.reduce((s, r) => s + pick(r), 0);
  const merge = (
    pick: (r: RouteLoadReport) => Readonly<Record<string, number>>,
  ) => {
    const out: Record<string, number> = {};
    for (const r of routes) {
      for (const [k, v] of Object.entries(pick(r))) {
        out[k] = (out[k] ?? 0) + v;
      }
    }
    return out;
  };
  return {
    route: 'all',
    url: '',
    scheduled: sum((r) => r.scheduled),
    sent: sum((r) => r.sent),
    dropped: sum((r) => r.dropped),
    ok: sum((r) => r.ok),
    httpErrors: sum((r) => r.httpErrors),
    networkErrors: sum((r) => r.networkErrors),
    achievedRps: perSecond(
      sum((r) => r.sent),
      windowMicros,
    ),
    okPerSecond: perSecond(
      sum((r) => r.ok),
      run.elapsedMicros,
    ),
    statuses: merge((r) => r.statuses),
    errorCodes: merge((r) => r.errorCodes),
    latencyMicros: run.all.latency.summarize(),
    serviceMicros: run.all.service.summarize(),
  };
}

function perSecond(count: number, micros: number): number {
  return micros <= 0 ? 0 : (count * 1_000_000) / micros;
}

function toRecord<K extends string | number>(
  map: ReadonlyMap<K, number>,
): Record<string, number> {
  return Object.fromEntries(
    [...map.entries()]
      .sort(([a], [b]) => (String(a) < String(b) ? -1 : 1))
      .map(([k, v]) => [String(k), v]),
  );
}
