/**
 * `listAttributeValues` in ClickHouse: the span's own value (its attribute
 * arrays) else its resource's, over the spans starting in the window that
 * carry the key in either.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { rankAttributeValues } from '../internal/attribute-values.js';
import type {
  AttributeValuesOptions,
  AttributeValuesResult,
  TimeWindow,
} from '../span-store.js';
import { quoteString } from './clickhouse-sql.js';
import { selectRows } from './run-query.js';

export async function readAttributeValues(
  client: ClickHouseClient,
  key: string,
  window: TimeWindow,
  options: AttributeValuesOptions,
): Promise<AttributeValuesResult> {
  const k = quoteString(key);
  const start = Math.max(0, Math.floor(window.startMicros));
  const end = Math.max(0, Math.ceil(window.endMicros));
  const service =
    options.service === undefined
      ? ''
      : `AND service = ${quoteString(options.service)}`;
  const found = await selectRows<{ v: string; n: string | number }>(
    client,
    `SELECT v, count() AS n FROM (
       SELECT if(has(attr_keys, ${k}), attr_values[indexOf(attr_keys, ${k})],
                 resource_values[indexOf(resource_keys, ${k})]) AS v
       FROM spans
       WHERE start_us >= ${start} AND start_us < ${end} ${service}
         AND (has(attr_keys, ${k}) OR has(resource_keys, ${k})))
     GROUP BY v ORDER BY n DESC, v LIMIT ${options.limit + 1}`,
  );
  return rankAttributeValues(
    found.map((r) => ({ value: r.v, spans: Number(r.n) })),
    options.limit,
  );
}
