/**
 * `listAttributeValues` in DuckDB: a span's own attribute (its JSON column)
 * else its resource's (the small `resources` table), counted per value over
 * the spans starting in the window. Spans whose attributes do not mention
 * the key are skipped before any JSON is parsed.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { rankAttributeValues } from '../internal/attribute-values.js';
import type {
  AttributeValuesOptions,
  AttributeValuesResult,
  TimeWindow,
} from '../span-store.js';

export async function readAttributeValues(
  conn: DuckDBConnection,
  key: string,
  window: TimeWindow,
  options: AttributeValuesOptions,
): Promise<AttributeValuesResult> {
  const pointer = `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
  const params: DuckDBValue[] = [
    pointer,
    JSON.stringify(key),
    Math.floor(window.startMicros),
    Math.ceil(window.endMicros),
  ];
  if (options.service !== undefined) {
    params.push(options.service);
  }
  const reader = await conn.runAndReadAll(
    `WITH r AS (
       SELECT resource_id, json_extract_string(resource, $1) AS rv FROM resources
     ), s AS (
       SELECT CASE WHEN contains(attributes, $2)
                THEN json_extract_string(attributes, $1) END AS own,
              resource_id
       FROM spans
       WHERE start_us >= $3 AND start_us < $4
         ${options.service === undefined ? '' : 'AND service = $5'}
     )
     SELECT coalesce(s.own, r.rv) AS v, count(*)::DOUBLE AS n
     FROM s LEFT JOIN r USING (resource_id)
     WHERE coalesce(s.own, r.rv) IS NOT NULL
     GROUP BY v ORDER BY n DESC, v LIMIT ${options.limit + 1}`,
    params,
  );
  return rankAttributeValues(
    (reader.getRows() as [string, number][]).map(([value, spans]) => ({
      value,
      spans,
    })),
    options.limit,
  );
}
