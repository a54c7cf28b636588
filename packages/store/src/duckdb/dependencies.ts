import type { DuckDBConnection } from '@duckdb/node-api';
import type { Micros } from '@pathprof/model';
import { toDependencyLinks } from '../internal/dependencies.js';
import type { DependencyLink } from '../span-store.js';

/**
 * Service dependencies in SQL, the same rule as `internal/resolve-parent.ts`
 * (the in-memory adapter's): over the traces with a span starting in
 * [$1, $2], each span (span id, kind, shared; the copy stored first) gets one parent — a
 * shared span the non-shared span with its id, else the span named by
 * parent_span_id, its shared copy first — and counts one call when the
 * parent's service differs. $3..$4 bound those traces' spans in time.
 */
const DEPENDENCIES_SQL = `
WITH in_window AS (
  SELECT DISTINCT trace_id FROM spans WHERE start_us BETWEEN $1 AND $2
),
s AS (
  SELECT trace_id, span_id, kind, coalesce(shared, false) AS sh,
         arg_min_null(parent_span_id, rowid) AS parent_span_id,
         arg_min(service, rowid) AS service, min(rowid) AS seq
  FROM spans
  WHERE start_us BETWEEN $3 AND $4 AND trace_id IN (SELECT trace_id FROM in_window)
  GROUP BY trace_id, span_id, kind, sh
),
candidates AS (
  SELECT c.trace_id, c.span_id, c.kind, c.sh, c.service AS child, p.service AS parent,
         0 AS rank, p.seq
  FROM s c JOIN s p ON p.trace_id = c.trace_id AND p.span_id = c.span_id
  WHERE c.sh AND NOT p.sh
  UNION ALL
  SELECT c.trace_id, c.span_id, c.kind, c.sh, c.service, p.service,
         CASE WHEN p.sh THEN 1 ELSE 2 END, p.seq
  FROM s c JOIN s p ON p.trace_id = c.trace_id AND p.span_id = c.parent_span_id
  WHERE NOT (p.span_id = c.span_id AND p.kind = c.kind AND p.sh = c.sh)
),
edges AS (
  SELECT parent, child FROM candidates
  QUALIFY row_number() OVER (PARTITION BY trace_id, span_id, kind, sh ORDER BY rank, seq) = 1
)
SELECT parent, child, count(*)::DOUBLE FROM edges WHERE parent <> child GROUP BY parent, child`;

/** Dependencies over the traces with a span starting in [fromMicros, toMicros]. */
export async function readDependencies(
  conn: DuckDBConnection,
  fromMicros: Micros,
  toMicros: Micros,
): Promise<DependencyLink[]> {
  const from = BigInt(Math.ceil(fromMicros));
  const to = BigInt(Math.floor(toMicros));
  // Every such trace overlaps the window; their spans lie within [lo, hi].
  const bounds = await conn.runAndReadAll(
    'SELECT min(start_us), max(end_us) FROM traces WHERE start_us <= $2 AND end_us >= $1',
    [from, to],
  );
  const [lo, hi] = bounds.getRows()[0] as [bigint | null, bigint | null];
  if (lo === null || hi === null) {
    return [];
  }
  const reader = await conn.runAndReadAll(DEPENDENCIES_SQL, [from, to, lo, hi]);
  const counts = new Map<string, number>();
  for (const [parent, child, n] of reader.getRows() as [
    string,
    string,
    number,
  ][]) {
    counts.set(`${parent}\u0000${child}`, n);
  }
  return toDependencyLinks(counts);
}
