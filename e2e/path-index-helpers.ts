/**
 * Helpers of the path index tests: seed-shaped traces decoded into spans,
 * their index rows, and a comparison of two reports that allows float
 * rounding (moments summed in another order) and, where a quantile came from
 * the sketch, the sketch's own bound.
 */
import {
  analyzeTrace,
  decodeJaegerTrace,
  PathProfiler,
  SKETCH_RELATIVE_ACCURACY,
  toIndexedRows,
} from '@pathprof/engine';
import type {
  AnalysisReport,
  IndexedPathRecord,
  IndexedTrace,
  Span,
  TraceId,
} from '@pathprof/model';
import { expect } from 'vitest';
import { generateSeedTraces } from '../bench/seed-shaped-traces.mjs';

export interface DecodedTrace {
  readonly traceId: TraceId;
  readonly spans: readonly Span[];
  readonly startMicros: number;
}

/** Seed-shaped traces about 20 ms apart, or further apart by `extraGapMicros` each. */
export function seedTraces(
  traces: number,
  startMicros: number,
  seed = 7,
  extraGapMicros = 0,
): DecodedTrace[] {
  const out: DecodedTrace[] = [];
  for (const trace of generateSeedTraces({
    traces,
    seed,
    startMicros,
    errorRate: 0.05,
    outlierRate: 0.02,
  })) {
    const shift = out.length * extraGapMicros;
    const spans = decodeJaegerTrace(trace).spans.map((s) => ({
      ...s,
      startMicros: s.startMicros + shift,
    }));
    out.push({
      traceId: spans[0]!.traceId,
      spans,
      startMicros: Math.min(...spans.map((s) => s.startMicros)),
    });
  }
  return out;
}

export function indexRows(traces: readonly DecodedTrace[]): {
  traces: IndexedTrace[];
  records: IndexedPathRecord[];
} {
  const out = {
    traces: [] as IndexedTrace[],
    records: [] as IndexedPathRecord[],
  };
  for (const t of traces) {
    const rows = toIndexedRows(
      analyzeTrace(t.traceId, t.spans),
      t.spans,
      t.startMicros,
    );
    out.traces.push(rows.trace);
    out.records.push(...rows.records);
  }
  return out;
}

/** The report the engine gives when it sees every trace itself (the paths through `service`, if given). */
export function directReport(
  traces: readonly DecodedTrace[],
  service?: string,
): AnalysisReport {
  const profiler = new PathProfiler();
  for (const t of traces) {
    profiler.addTrace(t.traceId, t.spans);
  }
  return profiler.report({
    anomalies: true,
    ...(service === undefined ? {} : { service }),
  });
}

const QUANTILES = new Set(['p50', 'p90', 'p95', 'p99']);

/**
 * Equal reports: numbers within 1e-9 relative (or 1e-6 absolute), except
 * the quantiles of a measure that is not exact, which may lie one sketch bin
 * apart when the database's logarithm rounds a boundary value the other way.
 */
export function expectSameReport(
  actual: AnalysisReport,
  expected: AnalysisReport,
): void {
  const problems: string[] = [];
  walk(actual, expected, '$', false, problems);
  expect(problems.slice(0, 20)).toEqual([]);
}

function walk(
  a: unknown,
  e: unknown,
  at: string,
  sketched: boolean,
  problems: string[],
): void {
  if (typeof e === 'number' && typeof a === 'number') {
    const key = at.slice(at.lastIndexOf('.') + 1);
    const tolerance =
      sketched && QUANTILES.has(key)
        ? 2 * SKETCH_RELATIVE_ACCURACY * Math.abs(e) + 1e-9
        : Math.max(1e-6, 1e-9 * Math.abs(e));
    if (
      !(Math.abs(a - e) <= tolerance) &&
      !(Number.isNaN(a) && Number.isNaN(e))
    ) {
      problems.push(`${at}: ${a} ≠ ${e}`);
    }
    return;
  }
  if (Array.isArray(e) && Array.isArray(a)) {
    if (a.length !== e.length) {
      problems.push(`${at}: length ${a.length} ≠ ${e.length}`);
      return;
    }
    e.forEach((item, i) => walk(a[i], item, `${at}[${i}]`, sketched, problems));
    return;
  }
  if (
    e !== null &&
    typeof e === 'object' &&
    a !== null &&
    typeof a === 'object'
  ) {
    const ea = e as Record<string, unknown>;
    const aa = a as Record<string, unknown>;
    const keys = new Set([...Object.keys(ea), ...Object.keys(aa)]);
    const inSketch = sketched || ea['exact'] === false;
    for (const k of keys) {
      walk(aa[k], ea[k], `${at}.${k}`, inSketch, problems);
    }
    return;
  }
  if (a !== e) {
    problems.push(`${at}: ${JSON.stringify(a)} ≠ ${JSON.stringify(e)}`);
  }
}
