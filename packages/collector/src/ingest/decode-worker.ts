/**
 * A decode worker's thread (see `decode-pool.ts`): an OTLP/protobuf body in,
 * the store's encoded batch out, so neither decoding nor encoding runs on
 * the collector's event loop. The body arrives transferred, the batch's
 * bytes leave transferred. Loads no database client.
 */
import { parentPort } from 'node:worker_threads';
import { decodeOtlpProtobufSpans } from '@pathprof/engine';
import { encodeSpanBatch } from '@pathprof/store/encode';
import { hopsOf } from '../metrics/path-metrics.js';
import type { DecodeJob, DecodeReply } from './decode-pool.js';

function handle(job: DecodeJob): DecodeReply {
  const result = decodeOtlpProtobufSpans(job.bytes);
  if (!result.ok) {
    return {
      id: job.id,
      ok: false,
      message: `the body is not an OTLP protobuf ExportTraceServiceRequest: ${result.error.message} at byte ${result.error.offset}`,
    };
  }
  const { spans, rejected, warnings } = result.value;
  try {
    const batch = encodeSpanBatch(job.format, spans, job.receivedMicros);
    return {
      id: job.id,
      ok: true,
      received: spans.length + rejected,
      rejected,
      warning: warnings.find((w) => w.code === 'invalid-span')?.message ?? '',
      batch,
      hops: hopsOf(spans),
    };
  } catch (err) {
    return {
      id: job.id,
      ok: false,
      failed: true,
      message: err instanceof Error ? err.message : String(err),
    };
  }
}

parentPort?.on('message', (job: DecodeJob) => {
  const reply = handle(job);
  parentPort!.postMessage(
    reply,
    reply.ok ? [reply.batch.bytes.buffer as ArrayBuffer] : [],
  );
});
