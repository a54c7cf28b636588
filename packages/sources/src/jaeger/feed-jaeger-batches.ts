/**
 * Hands the traces of a live Jaeger's answers (`readJaegerTraces`) to a sink:
 * v1 answers hold whole traces, decoded one by one; api_v3 answers are OTLP
 * spans of many traces, grouped by a span buffer whose last traces come out
 * at the end (the sink is told how many it cut).
 */
import {
  decodeJaegerTrace,
  decodeOtlpTraces,
  TraceBuffer,
} from '@pathprof/engine';
import type { JaegerTrace } from '@pathprof/model';
import type { TraceSink } from '../readers/read-traces.js';
import type { JaegerBatch } from './read-jaeger-traces.js';

export interface FeedJaegerOptions {
  readonly maxBufferedSpans: number;
  /** Called with each batch's API before its traces (it may throw to refuse one). */
  readonly onBatch?: (api: JaegerBatch['api']) => void;
  /** Takes a v1 trace as Jaeger sent it (returns true) instead of decoding it. */
  readonly takeRawTrace?: (trace: JaegerTrace) => boolean;
}

export async function feedJaegerBatches(
  batches: AsyncIterable<JaegerBatch>,
  sink: TraceSink,
  options: FeedJaegerOptions,
): Promise<void> {
  const buffer = new TraceBuffer({ maxSpans: options.maxBufferedSpans });
  for await (const batch of batches) {
    options.onBatch?.(batch.api);
    if (batch.api === 'v1') {
      for (const trace of batch.traces) {
        if (options.takeRawTrace?.(trace) === true) {
          continue;
        }
        const decoded = decodeJaegerTrace(trace);
        decoded.warnings.forEach((w) => sink.warning(w));
        if (decoded.spans.length > 0) {
          sink.trace(decoded.spans[0]!.traceId, decoded.spans);
        }
      }
    } else {
      const decoded = decodeOtlpTraces(batch.request);
      decoded.warnings.forEach((w) => sink.warning(w));
      for (const t of buffer.add(decoded.spans)) {
        sink.trace(t.traceId, t.spans);
      }
    }
  }
  for (const t of buffer.flush()) {
    sink.trace(t.traceId, t.spans);
  }
  sink.cut?.(buffer.cutTraces);
}
