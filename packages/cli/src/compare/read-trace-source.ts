/**
 * Reads every trace of one comparison source and hands it to `onTrace`:
 * trace files (any format `pathprof analyze` reads), a window of a live
 * Jaeger (v1 or api_v3), or a window of the store. Bounded memory: files and
 * Jaeger answers stream through the span buffer (both read by
 * @pathprof/sources), the store pages. Picking the source is composition:
 * the store is opened here, in the CLI.
 */
import { createReadStream } from 'node:fs';
import { ANALYSIS_PROJECTION } from '@pathprof/engine';
import type { SpanProjection } from '@pathprof/engine';
import type { Span, TraceId } from '@pathprof/model';
import {
  feedJaegerBatches,
  readJaegerTraces,
  readTraces,
} from '@pathprof/sources';
import type { SpanStore } from '@pathprof/store';
import type { CliIo } from '../shared/cli-io.js';
import { parseJaegerOptions } from '../jaeger/parse-jaeger-options.js';
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
  await feedJaegerBatches(
    readJaegerTraces(query, io.fetch === undefined ? {} : { fetch: io.fetch }),
    { trace: onTrace, warning: () => undefined },
    { maxBufferedSpans: MAX_BUFFERED_SPANS },
  );
}
