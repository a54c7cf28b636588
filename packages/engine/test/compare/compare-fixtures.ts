/**
 * Synthetic traces for comparison tests: a chain of three profiled hops,
 *
 *   svc-a:a  |--selfA--[ svc-b:b |--selfB--[ svc-c:c |--c--| ]---| ]----|
 *
 * so a's self time is selfA, b's is selfB and c's is c. Times get
 * multiplicative noise from a seeded generator (log-normal, σ = 0.1).
 */
import { parseTraceId } from '@pathprof/model';
import type { Attributes, Span, TraceId } from '@pathprof/model';
import { PathSampleSet } from '@pathprof/engine';
import { hop } from '../helpers.js';
import { createUniform } from '../../src/compare/seeded-random.js';

export const PATH_ABC = 'svc-a:a > svc-b:b > svc-c:c';

export interface ChainTimes {
  readonly selfA: number;
  readonly selfB: number;
  readonly c: number;
  /** CPU of c in ms, when reported. */
  readonly cCpuMs?: number;
}

export interface SyntheticTrace {
  readonly traceId: TraceId;
  readonly spans: readonly Span[];
}

/** The engine's seeded uniform numbers in [0, 1). */
export const seededUniform = createUniform;

/** A factor exp(σ·Z), Z standard normal by Box–Muller. */
function noiseFactor(random: () => number, sigma: number): number {
  const z =
    Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.exp(sigma * z);
}

export function chainTrace(
  n: number,
  times: ChainTimes,
  options: { root?: string; attrs?: Attributes; error?: boolean } = {},
): SyntheticTrace {
  const trace = parseTraceId(n.toString(16).padStart(32, '0'))!;
  const { selfA, selfB, c } = times;
  const start = n * 1_000_000;
  const root = options.root ?? 'a';
  const spans = [
    hop({
      id: 'a',
      trace,
      service: 'svc-a',
      op: root,
      start,
      dur: selfA + selfB + c,
      ...(options.attrs === undefined ? {} : { attrs: options.attrs }),
      ...(options.error === true ? { error: true } : {}),
    }),
    hop({
      id: 'b',
      parent: 'a',
      trace,
      service: 'svc-b',
      op: 'b',
      start: start + selfA / 2,
      dur: selfB + c,
    }),
    hop({
      id: 'c',
      parent: 'b',
      trace,
      service: 'svc-c',
      op: 'c',
      start: start + selfA / 2 + selfB / 2,
      dur: c,
      ...(times.cCpuMs === undefined ? {} : { cpuMs: times.cCpuMs }),
    }),
  ];
  return { traceId: trace, spans };
}

/** `count` chain traces with noisy times around `times`, ids from `firstId`. */
export function noisyChainTraces(
  count: number,
  times: ChainTimes,
  seed: number,
  firstId = 1,
): SyntheticTrace[] {
  const random = seededUniform(seed);
  const noisy = (v: number): number => Math.round(v * noiseFactor(random, 0.1));
  return Array.from({ length: count }, (_, i) =>
    chainTrace(firstId + i, {
      selfA: noisy(times.selfA),
      selfB: noisy(times.selfB),
      c: noisy(times.c),
    }),
  );
}

export function sampleSetOf(traces: readonly SyntheticTrace[]): PathSampleSet {
  const set = new PathSampleSet();
  for (const t of traces) {
    set.addTrace(t.traceId, t.spans);
  }
  return set;
}

export const BASE_TIMES: ChainTimes = { selfA: 2000, selfB: 3000, c: 10_000 };
/** c 20 % slower. */
export const SLOWER_C: ChainTimes = { ...BASE_TIMES, c: 12_000 };
