/**
 * A profiling worker: reads the slices of Jaeger `data` arrays it is sent
 * (read-slice.ts), holds their traces until the main thread has checked that
 * the slice was cut between elements, profiles them into its own
 * `PathProfiler` when told to, and at the end sends that profiler's state
 * for the main thread to merge.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  ANALYSIS_PROJECTION,
  createJaegerBytesDecoder,
  exportEngineState,
  KEY_BY_SERVICE,
  KEY_BY_SERVICE_AND_OPERATION,
  KEY_BY_SERVICE_COLLAPSED,
  PathProfiler,
} from '@pathprof/engine';
import type { DecodedSpans } from '@pathprof/engine';
import { readSlice } from '../slices/read-slice.js';
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
  ...(data.groupings === undefined ? {} : { groupings: data.groupings }),
});
const decoder = createJaegerBytesDecoder(ANALYSIS_PROJECTION);
/** Slices read and not yet committed or dropped, oldest first. */
const held: { readonly seq: number; readonly traces: DecodedSpans[] }[] = [];

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'slice': {
      const done = readOne(message);
      port.postMessage(done, [done.bytes.buffer]);
      return;
    }
    case 'commit': {
      const slice = held.shift();
      if (slice?.seq !== message.seq) {
        throw new Error(`commit of slice ${message.seq} out of order`);
      }
      for (const decoded of slice.traces) {
        profile(decoded);
      }
      return;
    }
    case 'drop': {
      while (held.length > 0 && held[held.length - 1]!.seq >= message.seq) {
        held.pop();
      }
      return;
    }
    case 'finish': {
      const reply: FromWorker = {
        type: 'state',
        state: exportEngineState(profiler),
      };
      port.postMessage(reply);
    }
  }
});

function profile(decoded: DecodedSpans): void {
  for (const w of decoded.warnings) {
    profiler.addWarning(w);
  }
  if (decoded.spans.length > 0) {
    profiler.addTrace(decoded.spans[0]!.traceId, decoded.spans);
  }
}

function readOne(slice: SliceMessage): SliceDone {
  const { bytes } = slice;
  const read = readSlice(
    decoder,
    bytes,
    0,
    bytes.length,
    slice.proven ? profile : undefined,
  );
  if (!slice.proven) {
    held.push({ seq: slice.seq, traces: read.traces });
  }
  return {
    type: 'done',
    seq: slice.seq,
    end: read.end,
    at: read.at,
    spans: read.spans,
    rejected: read.rejected,
    bytes,
  };
}
