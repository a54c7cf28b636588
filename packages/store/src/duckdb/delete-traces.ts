import type { DuckDBConnection } from '@duckdb/node-api';
import type { Micros } from '@pathprof/model';
import type { DeleteResult } from '../span-store.js';
import { LAST_SEEN_SLACK_MICROS } from './resource-cache.js';

/**
 * Which traces a deletion removes, whole: those that ended before a cutoff
 * (by their spans' own times), or those whose every span was received before
 * one (retention).
 */
export type DeletedTraces =
  { readonly endedBefore: Micros } | { readonly receivedBefore: Micros };

/**
 * Deletes, in one transaction, the chosen traces with all their spans and
 * path index rows, then the operations and resources no span uses any more.
 *
 * Only an operation or resource whose `last_seen_us` (the latest start of
 * its spans, lagging by at most the slack) is at most the latest start of
 * the deleted spans can have lost its last span; all of such a row's spans
 * start before that + slack, so the check reads only that old part.
 */
export async function deleteTraces(
  writer: DuckDBConnection,
  which: DeletedTraces,
): Promise<DeleteResult> {
  const [column, micros] =
    'endedBefore' in which
      ? ['end_us', which.endedBefore]
      : ['received_us', which.receivedBefore];
  const cutoff = BigInt(Math.ceil(micros));
  const doomed = `trace_id IN (SELECT trace_id FROM traces WHERE ${column} < $1)`;
  // a span of a doomed trace started before its end, and was received before its last receipt
  const spanBound = column === 'end_us' ? 'start_us' : 'received_us';
  await writer.run('BEGIN TRANSACTION');
  try {
    const latest = await writer.runAndReadAll(
      `SELECT max(start_us) FROM spans WHERE ${spanBound} < $1 AND ${doomed}`,
      [cutoff],
    );
    const latestStart = latest.getRows()[0]?.[0];
    const spans = await writer.run(
      `DELETE FROM spans WHERE ${spanBound} < $1 AND ${doomed}`,
      [cutoff],
    );
    // an ended trace started before the cutoff: its index rows are in that part
    const startBound = column === 'end_us' ? 'trace_start_us < $1 AND' : '';
    for (const table of ['path_records', 'path_traces']) {
      await writer.run(`DELETE FROM ${table} WHERE ${startBound} ${doomed}`, [
        cutoff,
      ]);
    }
    // a run's rollups go with the last of its trace rows
    await writer.run(
      'DELETE FROM path_rollups WHERE run_id NOT IN (SELECT DISTINCT run_id FROM path_traces)',
    );
    const traces = await writer.run(`DELETE FROM traces WHERE ${column} < $1`, [
      cutoff,
    ]);
    if (traces.rowsChanged > 0 && typeof latestStart === 'bigint') {
      const seen = latestStart + 1n;
      const horizon = seen + BigInt(LAST_SEEN_SLACK_MICROS);
      await writer.run(
        `DELETE FROM operations o WHERE o.last_seen_us < $1 AND NOT EXISTS (
           SELECT 1 FROM spans s WHERE s.start_us < $2 AND s.service = o.service
             AND s.operation = o.operation AND s.kind = o.kind)`,
        [seen, horizon],
      );
      await writer.run(
        `DELETE FROM resources r WHERE r.last_seen_us < $1 AND NOT EXISTS (
           SELECT 1 FROM spans s WHERE s.start_us < $2 AND s.resource_id = r.resource_id)`,
        [seen, horizon],
      );
    }
    await writer.run('COMMIT');
    return { traces: traces.rowsChanged, spans: spans.rowsChanged };
  } catch (err) {
    await writer.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
