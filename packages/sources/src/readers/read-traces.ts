/**
 * Reads one input (a file or stdin) of any supported format and hands each
 * assembled trace to the sink. JSON is streamed through the splitter, so a file
 * of any size is read with bounded memory: Jaeger traces arrive whole; OTLP and
 * Zipkin spans are grouped by trace id in a bounded buffer. OTLP protobuf is one
 * message, read whole up to MAX_PROTOBUF_BYTES.
 */
import type { Readable } from 'node:stream';
import {
  createJaegerBytesDecoder,
  decodeOtlpProtobuf,
  decodeOtlpTraces,
  FULL_SPANS,
  TraceBuffer,
} from '@pathprof/engine';
import type { DecodedSpans, SpanProjection } from '@pathprof/engine';
import type { Span, TraceId, TraceWarning } from '@pathprof/model';
import { classifyValue } from './classify-value.js';
import type { InputFormat } from './classify-value.js';
import type { ParallelProfiling } from '../pool/parallel-profiling.js';
import { createInputError } from '../source-error.js';
import {
  JsonSplitter,
  JsonSyntaxError,
  toSyntaxError,
} from './json-splitter.js';
import type { SplitValue } from './json-splitter.js';

export const MAX_PROTOBUF_BYTES = 512 * 1024 * 1024;
const PROTOBUF_NAME = /\.(pb|protobuf|bin)$/i;

export interface TraceSink {
  trace(traceId: TraceId, spans: readonly Span[]): void;
  warning(warning: TraceWarning): void;
  /** Told how many traces the span buffer cut (their spans were too far apart). */
  cut?(traces: number): void;
  /** Receives each Jaeger trace's JSON text as read (for `--compat seed`). */
  jaegerTraceText?(text: string, offset: number): void;
  /**
   * Awaited after each chunk read and at the end: a sink that writes
   * somewhere slower than the file reads holds the reading back here, so
   * memory stays bounded. Its errors pass through unchanged.
   */
  drain?(): Promise<void> | void;
}

/** Carries a sink's error past the reader's own error translation. */
class SinkFailure extends Error {
  constructor(readonly error: unknown) {
    super('trace sink failed');
  }
}

export interface ReadOptions {
  /** Spans held while grouping OTLP/Zipkin spans by trace (default 1 000 000). */
  readonly maxBufferedSpans?: number;
  readonly onProgress?: (bytesRead: number) => void;
  /** Skip decoding (the sink only wants Jaeger text). */
  readonly textOnly?: boolean;
  /**
   * What the sink reads of each span (default: everything). Jaeger JSON is
   * then decoded from its bytes, skipping what the projection leaves out.
   */
  readonly projection?: SpanProjection;
  /**
   * Reads the `data` arrays of Jaeger documents in slices, each byte once,
   * on this thread and on worker threads: the traces read on this thread go
   * to the sink, the workers profile theirs (the caller merges their
   * profiles). Other values and formats go to the sink as usual.
   */
  readonly parallel?: ParallelProfiling;
}

export interface ReadStats {
  format: InputFormat | 'empty';
  bytes: number;
  spans: number;
  rejectedSpans: number;
  cutTraces: number;
}

export async function readTraces(
  name: string,
  stream: Readable,
  sink: TraceSink,
  options: ReadOptions = {},
): Promise<ReadStats> {
  const stats: ReadStats = {
    format: 'empty',
    bytes: 0,
    spans: 0,
    rejectedSpans: 0,
    cutTraces: 0,
  };
  const buffer = new TraceBuffer({
    maxSpans: options.maxBufferedSpans ?? 1_000_000,
  });
  const slicer =
    options.parallel === undefined || options.textOnly === true
      ? undefined
      : options.parallel.slicer((decoded) => take(decoded, true));
  const splitter = new JsonSplitter(
    undefined,
    slicer === undefined
      ? undefined
      : (path) => path[0] === 'data' && !slicer.sequential,
  );
  const jaegerBytes = createJaegerBytesDecoder(
    options.projection ?? FULL_SPANS,
  );
  let mode: 'unknown' | 'json' | 'protobuf' = 'unknown';
  const protobufChunks: Buffer[] = [];
  const release = (traces: { traceId: TraceId; spans: Span[] }[]): void => {
    for (const t of traces) {
      sink.trace(t.traceId, t.spans);
    }
  };
  const take = (decoded: DecodedSpans, complete: boolean): void => {
    stats.spans += decoded.spans.length;
    stats.rejectedSpans += decoded.rejected;
    for (const w of decoded.warnings) {
      sink.warning(w);
    }
    if (decoded.spans.length === 0) {
      return;
    }
    if (complete) {
      sink.trace(decoded.spans[0]!.traceId, decoded.spans);
    } else {
      release(buffer.add(decoded.spans));
    }
  };
  let zipkinBatch: unknown[] = [];
  const flushZipkin = (): void => {
    if (zipkinBatch.length > 0) {
      const v = classifyValue([], zipkinBatch);
      zipkinBatch = [];
      if (v.format === 'zipkin') {
        take(v.decoded, false);
      }
    }
  };
  const handle = (value: SplitValue): void => {
    if (options.textOnly === true) {
      if (
        value.path[0] === 'data' ||
        value.path[0] === '[]' ||
        value.path.length === 0
      ) {
        stats.format = 'jaeger';
        sink.jaegerTraceText?.(value.text, value.offset);
      }
      return;
    }
    const top = value.path[0];
    if (top === 'data' || top === '[]') {
      // a Jaeger trace, decoded from its bytes (null: not one, or odd; read it the plain way)
      const bytes = value.bytes;
      const decoded = jaegerBytes.decode(bytes, 0, bytes.length, top === '[]');
      if (decoded !== null) {
        stats.format = 'jaeger';
        take(decoded, true);
        return;
      }
    }
    let parsed: unknown = value.parsed;
    if (parsed === undefined) {
      try {
        parsed = JSON.parse(value.text);
      } catch (err) {
        const e = toSyntaxError(err, value.offset);
        throw createInputError(
          'PATHPROF_ERR_INPUT_MALFORMED',
          name,
          `malformed JSON (${e.message})`,
          e.offset,
        );
      }
    }
    // Zipkin spans arrive one array element at a time: decode them in batches
    if (value.path[0] === '[]' && isZipkinSpan(parsed)) {
      zipkinBatch.push(parsed);
      stats.format = 'zipkin';
      if (zipkinBatch.length >= 1000) {
        flushZipkin();
      }
      return;
    }
    const v = classifyValue(value.path, parsed);
    switch (v.format) {
      case 'jaeger':
        stats.format = 'jaeger';
        sink.jaegerTraceText?.(value.text, value.offset);
        take(v.decoded, true);
        return;
      case 'otlp-json':
      case 'zipkin':
        stats.format = v.format;
        take(v.decoded, false);
        return;
      case 'jaeger-error':
        throw createInputError(
          'PATHPROF_ERR_INPUT_FORMAT',
          name,
          `the input is an error answer: ${v.message}`,
        );
      case 'empty':
        return;
      case 'unknown':
        throw createInputError(
          'PATHPROF_ERR_INPUT_FORMAT',
          name,
          `unknown format: found ${v.hint}`,
          value.offset,
        );
    }
  };

  /** Feeds bytes at stream offset `at` to the splitter, or to the slicer while it has the stream. */
  const feed = (bytes: Uint8Array, at: number): void => {
    let rest = bytes;
    let offset = at;
    while (rest.length > 0) {
      if (slicer?.active === true) {
        slicer.push(rest);
        return;
      }
      for (const value of splitter.push(rest)) {
        handle(value);
      }
      const paused = splitter.paused;
      if (paused < 0) {
        return;
      }
      stats.format = 'jaeger';
      slicer!.begin(paused);
      rest = rest.subarray(paused - offset);
      offset = paused;
    }
  };
  /** Gives the splitter what the slicer handed back (the bytes after an array, or after a slice it could not read). */
  const takeBack = (): void => {
    for (let back = slicer?.takeBack(); back; back = slicer?.takeBack()) {
      splitter.resume(back.offset);
      let at = back.offset;
      for (const chunk of back.chunks) {
        feed(chunk, at);
        at += chunk.length;
      }
    }
  };

  try {
    for await (const chunk of stream) {
      const bytes = chunk as Buffer;
      if (mode === 'unknown') {
        mode = detectMode(name, bytes);
      }
      stats.bytes += bytes.length;
      if (mode === 'protobuf') {
        protobufChunks.push(bytes);
        if (stats.bytes > MAX_PROTOBUF_BYTES) {
          throw createInputError(
            'PATHPROF_ERR_INPUT_TOO_LARGE',
            name,
            `OTLP protobuf input larger than ${MAX_PROTOBUF_BYTES} bytes`,
          );
        }
      } else {
        feed(bytes, stats.bytes - bytes.length);
        takeBack();
      }
      options.onProgress?.(stats.bytes);
      await options.parallel?.drain();
      takeBack();
      await drainSink(sink);
    }
    if (mode !== 'protobuf') {
      while (slicer?.active === true) {
        await slicer.finish();
        takeBack();
      }
      splitter.end();
    }
  } catch (err) {
    if (err instanceof SinkFailure) {
      throw err.error;
    }
    if (err instanceof JsonSyntaxError) {
      throw createInputError(
        err.wellFormed
          ? 'PATHPROF_ERR_INPUT_FORMAT'
          : 'PATHPROF_ERR_INPUT_MALFORMED',
        name,
        err.wellFormed ? err.message : `malformed JSON (${err.message})`,
        err.offset,
      );
    }
    if (isNodeError(err)) {
      throw createInputError(
        'PATHPROF_ERR_INPUT_READ',
        name,
        `cannot read (${err.code ?? err.message})`,
      );
    }
    throw err;
  }
  flushZipkin();
  if (mode === 'protobuf') {
    const result = decodeOtlpProtobuf(Buffer.concat(protobufChunks));
    if (!result.ok) {
      throw createInputError(
        'PATHPROF_ERR_INPUT_MALFORMED',
        name,
        `malformed OTLP protobuf (${result.error.message})`,
        result.error.offset,
      );
    }
    stats.format = 'otlp-protobuf';
    take(decodeOtlpTraces(result.value), false);
  }
  release(buffer.flush());
  stats.cutTraces = buffer.cutTraces;
  if (slicer !== undefined) {
    stats.spans += slicer.workerSpans;
    stats.rejectedSpans += slicer.workerRejected;
  }
  await sink.drain?.();
  return stats;
}

async function drainSink(sink: TraceSink): Promise<void> {
  try {
    await sink.drain?.();
  } catch (err) {
    throw new SinkFailure(err);
  }
}

/** JSON when the first significant byte opens an object or array; OTLP protobuf by name or its first tag byte. */
function detectMode(
  name: string,
  chunk: Buffer,
): 'unknown' | 'json' | 'protobuf' {
  if (PROTOBUF_NAME.test(name)) {
    return 'protobuf';
  }
  for (const b of chunk) {
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) {
      continue;
    }
    if (b === 0x7b || b === 0x5b) {
      return 'json';
    }
    // ExportTraceServiceRequest starts with field 1 (resource_spans), tag byte 0x0a
    return chunk[0] === 0x0a ? 'protobuf' : 'json';
  }
  return 'unknown';
}

function isZipkinSpan(v: unknown): boolean {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Record<string, unknown>)['traceId'] === 'string' &&
    typeof (v as Record<string, unknown>)['id'] === 'string'
  );
}

/**
 * A system error (it has an `errno`) or one of Node's own (`ERR_…`), not an
 * error of the sink's that happens to carry a `code` (an `EngineError`, a
 * `StoreError`): those pass through unchanged.
 */
function isNodeError(err: unknown): err is NodeJS.ErrnoException {
  return (
    err instanceof Error &&
    'code' in err &&
    typeof err.code === 'string' &&
    ('errno' in err || err.code.startsWith('ERR_'))
  );
}
