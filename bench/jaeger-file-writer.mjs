// Streams traces as one Jaeger query-API response, `{"data":[…],"total":0,…}`,
// without holding the document in memory: one trace per line, written in
// batches, waiting for 'drain' whenever the destination asks for it.

import { once } from 'node:events';

/** @typedef {import('./seed-shaped-traces.mjs').JaegerTrace} JaegerTrace */
/** @typedef {{ traces: number, spans: number, bytes: number }} WriteStats */

const HEAD = '{"data":[\n';
const TAIL = '\n],"total":0,"limit":0,"offset":0,"errors":null}\n';
const BATCH_CHARS = 256 * 1024;

/**
 * Writes `traces` to `out` (which is left open) and resolves with what was written.
 * Rejects if `out` emits 'error' while the writer waits for it to drain.
 * @param {NodeJS.WritableStream} out
 * @param {Iterable<JaegerTrace>} traces
 * @returns {Promise<WriteStats>}
 */
export async function writeJaegerResponse(out, traces) {
  const stats = { traces: 0, spans: 0, bytes: 0 };
  let batch = HEAD;
  const flush = async () => {
    const bytes = Buffer.from(batch, 'utf8');
    stats.bytes += bytes.length;
    const ok = out.write(bytes);
    batch = '';
    if (!ok) {
      await once(out, 'drain');
    }
  };
  for (const trace of traces) {
    batch += (stats.traces === 0 ? '' : ',\n') + JSON.stringify(trace);
    stats.traces += 1;
    stats.spans += trace.spans.length;
    if (batch.length >= BATCH_CHARS) {
      await flush();
    }
  }
  batch += TAIL;
  await flush();
  return stats;
}
