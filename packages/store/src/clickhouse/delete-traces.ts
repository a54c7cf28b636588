/**
 * `deleteOlderThan` on ClickHouse 18.16, which has no TTL (19.6) and no
 * synchronous mutations (`mutations_sync`, 19.x): the ids of traces that ended
 * before the cutoff go into a scratch Memory table, then `ALTER TABLE … DELETE
 * WHERE trace_id IN (that table)` runs on `trace_times`, `spans` and the path
 * index's `path_records` and `path_traces`, and the
 * call waits until `system.mutations` reports both done. A mutation only
 * touches parts that existed when it was issued, so appends queued after the
 * deletion are never removed by it.
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

export async function deleteTracesBefore(
  client: ClickHouseClient,
  database: string,
  tables: TableLayout['local'],
  cutoffMicros: number,
): Promise<DeleteResult> {
  const { spans, traceTimes, pathRecords, pathTraces } = tables;
  const cutoff = Math.ceil(cutoffMicros);
  if (cutoff <= 0) {
    return { traces: 0, spans: 0 };
  }
  const scratch = `pathprof_delete_${randomBytes(6).toString('hex')}`;
  await runCommand(
    client,
    `CREATE TABLE ${scratch} (trace_id FixedString(32)) ENGINE = Memory`,
  );
  try {
    await runCommand(
      client,
      `INSERT INTO ${scratch} SELECT trace_id FROM ${traceTimes}
       GROUP BY trace_id HAVING maxMerge(last_end_us) < ${cutoff}`,
    );
    const ids = `trace_id IN (SELECT trace_id FROM ${scratch})`;
    const [counted] = await selectRows<{ traces: string; spans: string }>(
      client,
      `SELECT (SELECT count() FROM ${scratch}) AS traces,
        (SELECT count() FROM ${spans} WHERE start_us < ${cutoff} AND ${ids}) AS spans`,
    );
    const result = {
      traces: Number(counted?.traces ?? 0),
      spans: Number(counted?.spans ?? 0),
    };
    if (result.traces > 0) {
      await runCommand(client, `ALTER TABLE ${traceTimes} DELETE WHERE ${ids}`);
      await runCommand(
        client,
        `ALTER TABLE ${spans} DELETE WHERE start_us < ${cutoff} AND ${ids}`,
      );
      // The path index's rows of those traces go with them.
      for (const table of [pathRecords, pathTraces]) {
        await runCommand(
          client,
          `ALTER TABLE ${table} DELETE WHERE trace_start_us < ${cutoff} AND ${ids}`,
        );
      }
      await waitForMutations(client, database);
    }
    return result;
  } finally {
    await runCommand(client, `DROP TABLE IF EXISTS ${scratch}`);
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
