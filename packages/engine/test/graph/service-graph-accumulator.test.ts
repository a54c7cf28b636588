/**
 * The service graph's state merges and travels: graphs of parts, exported,
 * cloned and imported, then merged, build exactly the graph of the whole,
 * and a graph fed the path profiler's analyses equals one fed the spans.
 */
import { expect, it } from 'vitest';
import {
  analyzeTrace,
  createServiceGraphBuilder,
  decodeJaegerTrace,
  exportEngineState,
  importEngineState,
  ServiceGraphAccumulator,
} from '@pathprof/engine';
import type { JaegerTrace, Span, TraceId } from '@pathprof/model';
import { generateSeedTraces } from '../../../../bench/seed-shaped-traces.mjs';

const TRACES: { traceId: TraceId; spans: Span[] }[] = [
  ...generateSeedTraces({ traces: 1500, seed: 11, outlierRate: 0.02 }),
].map((t) => {
  const { spans } = decodeJaegerTrace(t as unknown as JaegerTrace);
  return { traceId: spans[0]!.traceId, spans };
});

it('merges exported parts into the graph of the whole', () => {
  const whole = createServiceGraphBuilder();
  for (const t of TRACES) {
    whole.addTrace(t.traceId, t.spans);
  }
  const merged = new ServiceGraphAccumulator();
  for (const [from, to] of [
    [0, 400],
    [400, 1100],
    [1100, TRACES.length],
  ] as const) {
    const part = new ServiceGraphAccumulator();
    for (const t of TRACES.slice(from, to)) {
      part.addTrace(t.traceId, t.spans);
    }
    merged.merge(
      importEngineState(
        structuredClone(exportEngineState(part)),
        new ServiceGraphAccumulator(),
      ),
    );
  }
  expect(merged.build()).toEqual(whole.build());
  expect(whole.build().traces).toBe(TRACES.length);
});

it('builds the same graph from the path profiler’s analyses', () => {
  const fromSpans = createServiceGraphBuilder();
  const fromAnalyses = new ServiceGraphAccumulator();
  for (const t of TRACES) {
    fromSpans.addTrace(t.traceId, t.spans);
    fromAnalyses.addAnalysis(analyzeTrace(t.traceId, t.spans));
  }
  expect(fromAnalyses.build()).toEqual(fromSpans.build());
});
