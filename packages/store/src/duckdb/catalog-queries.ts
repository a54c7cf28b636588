import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { SpanKind } from '@pathprof/model';
import { compare } from '../internal/dependencies.js';
import type { OperationInfo } from '../span-store.js';
import type { OperationCache } from './load-batches.js';
import { opKey } from './load-batches.js';

/** Services and operations come from the small `operations` table, never a scan of spans. */
export async function readServices(conn: DuckDBConnection): Promise<string[]> {
  const reader = await conn.runAndReadAll(
    'SELECT DISTINCT service FROM operations',
  );
  return (reader.getRows() as [string][]).map((r) => r[0]).sort(compare);
}

export async function readOperations(
  conn: DuckDBConnection,
  service: string,
  spanKind: SpanKind | undefined,
): Promise<OperationInfo[]> {
  const params: DuckDBValue[] = [service];
  if (spanKind !== undefined) {
    params.push(spanKind);
  }
  const reader = await conn.runAndReadAll(
    `SELECT operation, kind FROM operations WHERE service = $1${spanKind === undefined ? '' : ' AND kind = $2'}`,
    params,
  );
  return (reader.getRows() as [string, SpanKind][])
    .map(([name, kind]) => ({ name, spanKind: kind }))
    .sort((a, b) => compare(a.name, b.name) || compare(a.spanKind, b.spanKind));
}

/** Fills the writer's operation cache from `operations`. */
export async function loadOperationCache(
  conn: DuckDBConnection,
  cache: OperationCache,
): Promise<void> {
  cache.clear();
  const reader = await conn.runAndReadAll(
    'SELECT service, operation, kind, last_seen_us::DOUBLE FROM operations',
  );
  for (const [service, operation, kind, seen] of reader.getRows() as [
    string,
    string,
    string,
    number,
  ][]) {
    cache.set(opKey(service, operation, kind), seen);
  }
}
