/**
 * `deleteOlderThan` and `applyRetention` on ClickHouse 18.16, which has no
 * TTL (19.6) and no synchronous mutations (`mutations_sync`, 19.x): the ids of
 * the traces that ended before the cutoff (`trace_times`), or whose spans
 * were all received before it (`trace_received`), go into a scratch Memory
 * table, then `ALTER TABLE … DELETE WHERE trace_id IN (that table)` runs on
 * `trace_times`, `trace_received`, `spans` and the path index's
 * `path_records` and `path_traces` (then `path_rollups` of the runs left
 * without trace rows), and the call waits until
 * `system.mutations` reports them done. A mutation only touches parts that
 * existed when it was issued, and a span deleted started (or was received)
 * before the cutoff, so appends queued after the deletion are never removed
 * by it.
 *
 * On a cluster this runs on every shard over its local tables: a trace and
 * its `trace_times` row share a shard, so each shard decides alone.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { randomBytes } from 'node:crypto';
import type { DeleteResult } from '../span-store.js';
import { quoteString } from './clickhouse-sql.js';
import { runCommand, selectRows } from './run-query.js';
import type { TableLayout } from './table-layout.js';

/** How long a deletion may take before the call gives up waiting. */
const MUTATION_TIMEOUT_MILLIS = 120_000;
const MUTATION_POLL_MILLIS = 50;

/**
 * Which traces a deletion removes, whole: those that ended before a cutoff
 * (by their spans' own times), or those whose every span was received before
 * one (retention).
 */
export type DeletedTraces =
  { readonly endedBefore: number } | { readonly receivedBefore: number };

export async function deleteTraces(
  client: ClickHouseClient,
  database: string,
  tables: TableLayout['local'],
  which: DeletedTraces,
): Promise<DeleteResult> {
  const {
    spans,
    traceTimes,
    traceReceived,
    pathRecords,
    pathTraces,
    pathRollups,
  } = tables;
  const ended = 'endedBefore' in which;
  const cutoff = Math.ceil(ended ? which.endedBefore : which.receivedBefore);
  if (cutoff <= 0) {
    return { traces: 0, spans: 0 };
  }
  const scratch = `pathprof_delete_${randomBytes(6).toString('hex')}`;
  await runCommand(
    client,
    `CREATE TABLE ${scratch} (trace_id FixedString(32)) ENGINE = Memory`,
  );
  await runCommand(
    client,
    `CREATE TABLE ${scratch}_runs (run_id FixedString(16)) ENGINE = Memory`,
  );
  try {
    await runCommand(
      client,
      ended
        ? `INSERT INTO ${scratch} SELECT trace_id FROM ${traceTimes}
           GROUP BY trace_id HAVING maxMerge(last_end_us) < ${cutoff}`
        : `INSERT INTO ${scratch} SELECT trace_id FROM ${traceReceived}
           GROUP BY trace_id HAVING maxMerge(last_received_us) < ${cutoff}`,
    );
    const ids = `trace_id IN (SELECT trace_id FROM ${scratch})`;
    const spanIds = `${ended ? 'start_us' : 'received_us'} < ${cutoff} AND ${ids}`;
    // an ended trace started before the cutoff: its index rows are in that part
    const recordIds = ended ? `trace_start_us < ${cutoff} AND ${ids}` : ids;
    const [counted] = await selectRows<{ traces: string; spans: string }>(
      client,
      `SELECT (SELECT count() FROM ${scratch}) AS traces,
        (SELECT count() FROM ${spans} WHERE ${spanIds}) AS spans`,
    );
    const result = {
      traces: Number(counted?.traces ?? 0),
      spans: Number(counted?.spans ?? 0),
    };
    if (result.traces > 0) {
      for (const table of [traceTimes, traceReceived]) {
        await runCommand(client, `ALTER TABLE ${table} DELETE WHERE ${ids}`);
      }
      await runCommand(client, `ALTER TABLE ${spans} DELETE WHERE ${spanIds}`);
      // The path index's rows of those traces go with them.
      for (const table of [pathRecords, pathTraces]) {
        await runCommand(
          client,
          `ALTER TABLE ${table} DELETE WHERE ${recordIds}`,
        );
      }
      await waitForMutations(client, database);
      // A run's rollups go with the last of its trace rows (on a cluster,
      // those of every shard: a shard deleting first leaves them to the next).
      await runCommand(
        client,
        `INSERT INTO ${scratch}_runs SELECT DISTINCT run_id FROM ${pathRollups}
         WHERE run_id NOT IN (SELECT run_id FROM path_traces)`,
      );
      await runCommand(
        client,
        `ALTER TABLE ${pathRollups} DELETE WHERE run_id IN (SELECT run_id FROM ${scratch}_runs)`,
      );
      await waitForMutations(client, database);
    }
    return result;
  } finally {
    await runCommand(client, `DROP TABLE IF EXISTS ${scratch}`);
    await runCommand(client, `DROP TABLE IF EXISTS ${scratch}_runs`);
  }
}

async function waitForMutations(
  client: ClickHouseClient,
  database: string,
): Promise<void> {
  const deadline = Date.now() + MUTATION_TIMEOUT_MILLIS;
  for (;;) {
    const [row] = await selectRows<{ n: string }>(
      client,
      `SELECT count() AS n FROM system.mutations
       WHERE database = ${quoteString(database)} AND is_done = 0`,
    );
    if (Number(row?.n ?? 0) === 0) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(
        'ClickHouse has not finished deleting; it goes on in the background',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, MUTATION_POLL_MILLIS));
  }
}
