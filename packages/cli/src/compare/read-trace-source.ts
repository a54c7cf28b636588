/**
 * Reads every trace of one comparison source and hands it to `onTrace`:
 * trace files (any format `pathprof analyze` reads), a window of a live
 * Jaeger (v1 or api_v3), or a window of the store. Bounded memory: files and
 * Jaeger answers stream through the span buffer, the store pages.
 */
import { createReadStream } from 'node:fs';
import {
  ANALYSIS_PROJECTION,
  decodeJaegerTrace,
  decodeOtlpTraces,
  TraceBuffer,
} from '@pathprof/engine';
import type { SpanProjection } from '@pathprof/engine';
import type { Span, TraceId } from '@pathprof/model';
import type { SpanStore } from '@pathprof/store';
import type { CliIo } from '../shared/cli-io.js';
import { parseJaegerOptions } from '../jaeger/parse-jaeger-options.js';
import { readJaegerTraces } from '@pathprof/sources';
import { readTraces } from '@pathprof/sources';
import type { TraceSource } from './compare-settings.js';

export type TraceHandler = (traceId: TraceId, spans: readonly Span[]) => void;

const MAX_BUFFERED_SPANS = 1_000_000;

export interface SourceContext {
  readonly io: CliIo;
  /** The opened store, for `store` sources. */
  readonly store?: SpanStore;
  /** What the handler reads of each span (default: what the analysis reads). */
  readonly projection?: SpanProjection;
}

export async function readTraceSource(
  source: TraceSource,
  onTrace: TraceHandler,
  context: SourceContext,
): Promise<void> {
  switch (source.kind) {
    case 'files':
      for (const file of source.files) {
        const stream =
          file === '-'
            ? context.io.stdin
            : createReadStream(file, { highWaterMark: 1024 * 1024 });
        await readTraces(
          file === '-' ? 'stdin' : file,
          stream,
          { trace: onTrace, warning: () => undefined },
          {
            maxBufferedSpans: MAX_BUFFERED_SPANS,
            projection: context.projection ?? ANALYSIS_PROJECTION,
          },
        );
      }
      return;
    case 'jaeger':
      return readJaegerWindow(source, onTrace, context.io);
    case 'store':
      for await (const trace of context.store!.streamTraces(
        source.window,
        source.service === undefined ? {} : { service: source.service },
      )) {
        onTrace(trace.traceId, trace.spans);
      }
      return;
  }
}

async function readJaegerWindow(
  source: Extract<TraceSource, { kind: 'jaeger' }>,
  onTrace: TraceHandler,
  io: CliIo,
): Promise<void> {
  const query = parseJaegerOptions(
    {
      jaeger: source.url,
      service: source.service,
      start: String(source.window.startMicros),
      end: String(source.window.endMicros),
      ...(source.limit === undefined ? {} : { limit: source.limit }),
    },
    io.nowMicros(),
  );
  const buffer = new TraceBuffer({ maxSpans: MAX_BUFFERED_SPANS });
  for await (const batch of readJaegerTraces(
    query,
    io.fetch === undefined ? {} : { fetch: io.fetch },
  )) {
    if (batch.api === 'v1') {
      for (const trace of batch.traces) {
        const decoded = decodeJaegerTrace(trace);
        if (decoded.spans.length > 0) {
          onTrace(decoded.spans[0]!.traceId, decoded.spans);
        }
      }
    } else {
      for (const t of buffer.add(decodeOtlpTraces(batch.request).spans)) {
        onTrace(t.traceId, t.spans);
      }
    }
  }
  for (const t of buffer.flush()) {
    onTrace(t.traceId, t.spans);
  }
}
