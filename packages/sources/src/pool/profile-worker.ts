/**
 * A profiling worker: decodes the Jaeger traces of each slice it is sent
 * (from their bytes, falling back to JSON.parse for what the byte decoder
 * leaves), profiles them into its own `PathProfiler`, and at the end sends
 * that profiler's state for the main thread to merge.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  ANALYSIS_PROJECTION,
  createJaegerBytesDecoder,
  decodeJaegerTrace,
  exportEngineState,
  KEY_BY_SERVICE,
  KEY_BY_SERVICE_AND_OPERATION,
  KEY_BY_SERVICE_COLLAPSED,
  PathProfiler,
} from '@pathprof/engine';
import type { DecodedSpans } from '@pathprof/engine';
import type { JaegerTrace } from '@pathprof/model';
import { toSyntaxError } from '../readers/json-splitter.js';
import type {
  FromWorker,
  ProfileWorkerData,
  SliceDone,
  SliceMessage,
  ToWorker,
} from './pool-messages.js';

const STRATEGIES = [
  KEY_BY_SERVICE_AND_OPERATION,
  KEY_BY_SERVICE,
  KEY_BY_SERVICE_COLLAPSED,
];

const port = parentPort!;
const data = workerData as ProfileWorkerData;
const profiler = new PathProfiler({
  pathKey: STRATEGIES.find((s) => s.name === data.pathKey)!,
  keepProxies: data.keepProxies,
});
const decoder = createJaegerBytesDecoder(ANALYSIS_PROJECTION);
const textDecoder = new TextDecoder();

port.on('message', (message: ToWorker) => {
  const reply: FromWorker =
    message.type === 'slice'
      ? profileSlice(message)
      : { type: 'state', state: exportEngineState(profiler) };
  port.postMessage(reply);
});

function profileSlice(slice: SliceMessage): SliceDone {
  let spans = 0;
  let rejected = 0;
  let start = 0;
  for (let i = 0; i < slice.ends.length; i++) {
    const end = slice.ends[i]!;
    const offset = slice.offsets[i]!;
    const decoded =
      decoder.decode(slice.bytes, start, end) ??
      decodePlainly(slice.bytes.subarray(start, end), offset);
    start = end;
    if ('detail' in decoded) {
      return { type: 'done', seq: slice.seq, spans, rejected, error: decoded };
    }
    spans += decoded.spans.length;
    rejected += decoded.rejected;
    for (const w of decoded.warnings) {
      profiler.addWarning(w);
    }
    if (decoded.spans.length > 0) {
      profiler.addTrace(decoded.spans[0]!.traceId, decoded.spans);
    }
  }
  return { type: 'done', seq: slice.seq, spans, rejected };
}

/** What the single-threaded reader makes of a `data` element the byte decoder left. */
function decodePlainly(
  bytes: Uint8Array,
  offset: number,
): DecodedSpans | { detail: string; offset: number } {
  let value: unknown;
  try {
    value = JSON.parse(textDecoder.decode(bytes));
  } catch (err) {
    const e = toSyntaxError(err, offset);
    return { detail: `malformed JSON (${e.message})`, offset: e.offset };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      detail: 'unknown format: found a data element that is not an object',
      offset,
    };
  }
  return decodeJaegerTrace(value as JaegerTrace);
}
