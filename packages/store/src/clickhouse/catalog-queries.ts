/**
 * Services and operations, read from `spans` itself: `service` leads the
 * sort key, so these are cheap scans of one compressed column, and a deletion
 * leaves nothing stale behind.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { SpanKind } from '@pathprof/model';
import type { OperationInfo } from '../span-store.js';
import { quoteString } from './clickhouse-sql.js';
import { selectRows } from './run-query.js';

export async function readServices(
  client: ClickHouseClient,
): Promise<string[]> {
  const rows = await selectRows<{ service: string }>(
    client,
    'SELECT service FROM spans GROUP BY service ORDER BY service',
  );
  return rows.map((r) => r.service);
}

export async function readOperations(
  client: ClickHouseClient,
  service: string,
  spanKind: SpanKind | undefined,
): Promise<OperationInfo[]> {
  const kind =
    spanKind === undefined
      ? ''
      : `AND toString(kind) = ${quoteString(spanKind)}`;
  const rows = await selectRows<{ operation: string; kind_name: SpanKind }>(
    client,
    `SELECT operation, toString(kind) AS kind_name FROM spans
     WHERE service = ${quoteString(service)} ${kind}
     GROUP BY operation, kind_name ORDER BY operation, kind_name`,
  );
  return rows.map((r) => ({ name: r.operation, spanKind: r.kind_name }));
}
