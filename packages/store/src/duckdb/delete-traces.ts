import type { DuckDBConnection } from '@duckdb/node-api';
import type { Micros } from '@pathprof/model';
import type { DeleteResult } from '../span-store.js';
import { LAST_SEEN_SLACK_MICROS } from './resource-cache.js';

/**
 * Deletes, in one transaction, the traces that ended before the cutoff with
 * all their spans, then the operations and resources no span uses any more.
 *
 * Only a row whose `last_seen_us` is before the cutoff can have lost its last
 * span, and since `last_seen_us` lags by at most the slack, all of such a
 * row's spans start before cutoff + slack: the check reads only that old part.
 */
export async function deleteTracesBefore(
  writer: DuckDBConnection,
  cutoffMicros: Micros,
): Promise<DeleteResult> {
  const cutoff = BigInt(Math.ceil(cutoffMicros));
  const horizon = cutoff + BigInt(LAST_SEEN_SLACK_MICROS);
  await writer.run('BEGIN TRANSACTION');
  try {
    const spans = await writer.run(
      `DELETE FROM spans WHERE start_us < $1
         AND trace_id IN (SELECT trace_id FROM traces WHERE end_us < $1)`,
      [cutoff],
    );
    // the path index's rows of those traces go with them
    for (const table of ['path_records', 'path_traces']) {
      await writer.run(
        `DELETE FROM ${table} WHERE trace_start_us < $1
           AND trace_id IN (SELECT trace_id FROM traces WHERE end_us < $1)`,
        [cutoff],
      );
    }
    const traces = await writer.run('DELETE FROM traces WHERE end_us < $1', [
      cutoff,
    ]);
    if (traces.rowsChanged > 0) {
      await writer.run(
        `DELETE FROM operations o WHERE o.last_seen_us < $1 AND NOT EXISTS (
           SELECT 1 FROM spans s WHERE s.start_us < $2 AND s.service = o.service
             AND s.operation = o.operation AND s.kind = o.kind)`,
        [cutoff, horizon],
      );
      await writer.run(
        `DELETE FROM resources r WHERE r.last_seen_us < $1 AND NOT EXISTS (
           SELECT 1 FROM spans s WHERE s.start_us < $2 AND s.resource_id = r.resource_id)`,
        [cutoff, horizon],
      );
    }
    await writer.run('COMMIT');
    return { traces: traces.rowsChanged, spans: spans.rowsChanged };
  } catch (err) {
    await writer.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
