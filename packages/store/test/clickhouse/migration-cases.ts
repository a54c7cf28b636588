/**
 * Migration cases run on 18.16 and on chDB's current ClickHouse:
 * - a database written by schema version 2 (before receive times and path
 *   index v3), and what opening it with this version must give: its spans
 *   stay and count as received at the migration, so the retention keeps them
 *   for its whole length from then; its path index is made anew (the old run
 *   is gone, so the indexer runs its window again);
 * - a migration racing another collector's, which added a column first.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { expect } from 'vitest';
import { prepareBatch } from '../../src/internal/prepare-batch.js';
import { ensureSchema, SCHEMA_VERSION } from '../../src/clickhouse/schema.js';
import { toSpanRow } from '../../src/clickhouse/span-row.js';
import type { SpanRow } from '../../src/clickhouse/span-row.js';
import { SINGLE_SERVER_LAYOUT } from '../../src/clickhouse/table-layout.js';
import type { TableLayout } from '../../src/clickhouse/table-layout.js';
import { span, T0 } from '../helpers.js';
import { HOUR } from '../migrated-store.js';

/** Version 2's tables on every server (`clients`, the entry first), holding one trace and a finished index run. */
export async function writeVersion2(
  clients: readonly ClickHouseClient[],
  database: string,
  layout: TableLayout,
): Promise<void> {
  for (const client of clients) {
    await ensureSchema(client, database, layout, () => T0, 2);
  }
  const entry: ClickHouseClient = clients[0]!;
  const prepared = prepareBatch(
    [
      span({ id: 'a', start: T0, dur: 10 }),
      span({ id: 'b', parent: 'a', start: T0 + 1, dur: 2 }),
    ],
    T0,
  );
  await entry.insert({
    table: `${database}.spans`,
    // version 2's spans have no receive time
    values: prepared.spans.map((s, i) => {
      const row: Partial<SpanRow> = toSpanRow(s, i + 1);
      delete row.received_us;
      return row;
    }),
    format: 'JSONEachRow',
    clickhouse_settings: { insert_distributed_sync: 1 },
  });
  await entry.insert({
    table: `${database}.path_index_runs`,
    values: [
      {
        window_start_us: T0,
        window_end_us: T0 + HOUR,
        run_id: '0123456789abcdef',
        span_count: 2,
        traces: 1,
        records: 1,
        finished_us: T0 + HOUR,
      },
    ],
    format: 'JSONEachRow',
    clickhouse_settings: { insert_distributed_sync: 1 },
  });
}

/**
 * Migrates `database` from version 2 on one server after another collector
 * has run migration 3's `ADD COLUMN` (and stopped there): the column counts
 * as added, whatever code the server reports for it.
 */
export async function expectRacedColumnTakenAsAdded(
  client: ClickHouseClient,
  database: string,
): Promise<void> {
  await ensureSchema(client, database, SINGLE_SERVER_LAYOUT, () => T0, 2);
  await client.command({
    query: `ALTER TABLE ${database}.spans ADD COLUMN received_us UInt64 DEFAULT ${T0}`,
  });
  await ensureSchema(client, database, SINGLE_SERVER_LAYOUT, () => T0);
  const versions = await client.query({
    query: `SELECT max(version) AS version FROM ${database}.pathprof_schema`,
    format: 'JSONEachRow',
  });
  expect(
    (await versions.json<{ version: number | string }>()).map((r) =>
      Number(r.version),
    ),
  ).toEqual([SCHEMA_VERSION]);
}
