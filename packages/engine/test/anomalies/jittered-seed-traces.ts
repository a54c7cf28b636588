/**
 * A ground-truth generator for anomaly detection: seed-shaped requests
 * (/a1…/a4 through the seed mesh) whose every handler does a little work
 * before and after its calls, each part log-normal around its median
 * (σ = 0.5 in log space — the right-skewed jitter of real handlers), and
 * e1 sleeps 200 ms as the seed's does. About 2% of requests get one hop
 * slowed by 15–40 ms; the truth records which hop, by how much, and by how
 * much the request as a whole got slower (a slowed hop on a branch that
 * runs beside a longer one delays nothing).
 */
import { createUniform } from '@pathprof/engine';
import type { Span, TraceId } from '@pathprof/model';
import type { SeedCall } from '../seed-fixtures.js';
import { seedTrace } from '../seed-fixtures.js';

interface Handler {
  readonly service: string;
  readonly fn: string | null;
  readonly calls: readonly Handler[];
  /** Calls run side by side (a3's fan-out) instead of one after another. */
  readonly concurrent?: boolean;
  /** A fixed wait between the first call and the rest (e1's sleep). */
  readonly sleepMicros?: number;
}

const leaf = (service: string, fn: string | null): Handler => ({
  service,
  fn,
  calls: [],
});

export const ROUTES: Readonly<Record<string, Handler>> = {
  a1: {
    ...leaf('svc-a', 'a1'),
    calls: [{ ...leaf('svc-b', 'b1'), calls: [leaf('svc-c', 'c1')] }],
  },
  a2: {
    ...leaf('svc-a', 'a2'),
    calls: [{ ...leaf('svc-b', 'b2'), calls: [leaf('svc-d', 'd1')] }],
  },
  a3: {
    ...leaf('svc-a', 'a3'),
    concurrent: true,
    calls: [
      {
        ...leaf('svc-e', 'e1'),
        sleepMicros: 200_000,
        calls: [leaf('svc-f', 'f1'), leaf('svc-d', 'd2')],
      },
      leaf('svc-g', 'g1'),
    ],
  },
  a4: {
    ...leaf('svc-a', 'a4'),
    calls: [{ ...leaf('svc-c', null), calls: [leaf('svc-e', 'e2')] }],
  },
};

export interface Slowdown {
  readonly traceId: TraceId;
  /** The slowed hop's label, `service:fn`. */
  readonly hop: string;
  readonly extraMicros: number;
  /** How much later the request ended than it would have without it. */
  readonly requestDelayMicros: number;
}

export interface JitteredTraces {
  readonly traces: { readonly traceId: TraceId; readonly spans: Span[] }[];
  readonly slowdowns: Slowdown[];
}

const MEDIAN_WORK_MICROS = 1000;
const SIGMA = 0.5;

export function generateJitteredSeedTraces(
  count: number,
  seed: number,
  slowedShare = 0.02,
): JitteredTraces {
  const uniform = createUniform(seed);
  const logNormal = (median: number): number => {
    let u = uniform();
    while (u === 0) {
      u = uniform();
    }
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
    return Math.round(median * Math.exp(SIGMA * z));
  };
  const routes = Object.values(ROUTES);
  const traces: JitteredTraces['traces'] = [];
  const slowdowns: Slowdown[] = [];
  for (let n = 0; n < count; n++) {
    const route = routes[Math.floor(uniform() * routes.length)]!;
    const labels = decoratedLabels(route);
    const slowed =
      uniform() < slowedShare
        ? labels[Math.floor(uniform() * labels.length)]!
        : null;
    const extra = slowed === null ? 0 : Math.round(15_000 + uniform() * 25_000);
    // the same jitter drawn once, laid out with and without the slowdown
    const work = new Map<Handler, [number, number]>();
    const draw = (h: Handler): void => {
      work.set(h, [
        logNormal(MEDIAN_WORK_MICROS),
        logNormal(MEDIAN_WORK_MICROS),
      ]);
      h.calls.forEach(draw);
    };
    draw(route);
    const start = 1_000_000_000 + n * 50_000;
    const slowedCall = layout(route, start, work, slowed, extra);
    if (slowed !== null) {
      const plain = layout(route, start, work, null, 0);
      slowdowns.push({
        traceId: seedTrace(n, plain).traceId,
        hop: slowed,
        extraMicros: extra,
        requestDelayMicros: slowedCall.dur - plain.dur,
      });
    }
    traces.push(seedTrace(n, slowedCall));
  }
  return { traces, slowdowns };
}

function decoratedLabels(h: Handler): string[] {
  const own = h.fn === null ? [] : [`${h.service}:${h.fn}`];
  return [...own, ...h.calls.flatMap(decoratedLabels)];
}

/** Lays a handler out from `start`: work, calls (one after another, or side by side), sleep, work. */
function layout(
  h: Handler,
  start: number,
  work: ReadonlyMap<Handler, [number, number]>,
  slowed: string | null,
  extra: number,
): SeedCall {
  const [before, after] = work.get(h)!;
  const slow = h.fn !== null && `${h.service}:${h.fn}` === slowed ? extra : 0;
  let cursor = start + before + slow;
  const calls: SeedCall[] = [];
  let end = cursor;
  h.calls.forEach((c, k) => {
    const call = layout(c, cursor, work, slowed, extra);
    calls.push(call);
    end = Math.max(end, call.start + call.dur);
    if (!h.concurrent) {
      cursor = call.start + call.dur;
      if (k === 0 && h.sleepMicros !== undefined) {
        cursor += h.sleepMicros;
      }
      end = cursor;
    }
  });
  const dur = end + after - start;
  return { service: h.service, fn: h.fn, start, dur, calls };
}
