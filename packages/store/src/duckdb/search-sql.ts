/**
 * A search in SQL. The span conditions (Jaeger's one-span rule) select trace
 * ids; the `traces` summaries order and page them:
 *
 *   matched = DISTINCT trace_id FROM spans WHERE <all conditions on one span>
 *   page    = traces ⋉ matched, ORDER BY start or end − start, LIMIT/OFFSET
 *
 * A matching span starts within [startMin, startMax], so its trace starts no
 * later than startMax and ends no earlier than startMin: that bound lets DuckDB
 * skip summary row groups too. Values travel as parameters, never as text.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import type { DERIVED_TAGS } from '../internal/match-tag.js';
import type { NormalisedQuery } from '../internal/normalise-query.js';

export interface Sql {
  readonly text: string;
  readonly params: DuckDBValue[];
}

/**
 * `page` lists one page of matching traces (id, start, end, total matched);
 * `count` counts them, for a page past the end, where the window count sees no row.
 */
export function buildSearchSql(q: NormalisedQuery): { page: Sql; count: Sql } {
  const params: DuckDBValue[] = [];
  const p = (value: DuckDBValue): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (q.startMin !== undefined) {
    where.push(`start_us >= ${p(BigInt(Math.ceil(q.startMin)))}`);
  }
  if (q.startMax !== undefined) {
    where.push(`start_us <= ${p(BigInt(Math.floor(q.startMax)))}`);
  }
  if (q.service !== undefined) {
    where.push(`service = ${p(q.service)}`);
  }
  if (q.operation !== undefined) {
    where.push(`operation = ${p(q.operation)}`);
  }
  if (q.durationMin !== undefined) {
    where.push(`duration_us >= ${p(BigInt(Math.ceil(q.durationMin)))}`);
  }
  if (q.durationMax !== undefined) {
    where.push(`duration_us <= ${p(BigInt(Math.floor(q.durationMax)))}`);
  }
  for (const [key, value] of q.tags) {
    where.push(tagCondition(key, value, p));
  }
  const bounds: string[] = [];
  if (q.startMax !== undefined) {
    bounds.push(`t.start_us <= ${p(BigInt(Math.floor(q.startMax)))}`);
  }
  if (q.startMin !== undefined) {
    bounds.push(`t.end_us >= ${p(BigInt(Math.ceil(q.startMin)))}`);
  }
  const orderKey =
    q.orderBy === 'duration' ? 't.end_us - t.start_us' : 't.start_us';
  const cte = `WITH matched AS (
      SELECT DISTINCT trace_id FROM spans ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
    )`;
  const from = `FROM traces t SEMI JOIN matched m ON t.trace_id = m.trace_id
    ${bounds.length > 0 ? `WHERE ${bounds.join(' AND ')}` : ''}`;
  return {
    page: {
      text: `${cte}
        SELECT t.trace_id, t.start_us::DOUBLE, t.end_us::DOUBLE, count(*) OVER ()::DOUBLE AS total
        ${from}
        ORDER BY ${orderKey} ${q.direction === 'asc' ? 'ASC' : 'DESC'}, t.trace_id ASC
        LIMIT ${q.limit} OFFSET ${q.offset}`,
      params,
    },
    count: { text: `${cte} SELECT count(*)::DOUBLE ${from}`, params },
  };
}

/**
 * One tag pair on one span: the span attribute, a resource attribute, an event
 * attribute or a derived tag (see `match-tag.ts`), compared as text through a
 * JSON pointer so keys with dots or slashes are taken literally.
 */
function tagCondition(
  key: string,
  value: string,
  p: (v: DuckDBValue) => string,
): string {
  const pointer = p(`/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
  const eventPointer = p(
    `/attributes/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`,
  );
  const v = p(value);
  const options = [
    `json_extract_string(attributes, ${pointer}) = ${v}`,
    `resource_id IN (SELECT resource_id FROM resources WHERE json_extract_string(resource, ${pointer}) = ${v})`,
    `(events IS NOT NULL AND list_contains([json_extract_string(e, ${eventPointer}) FOR e IN json_extract(events, '$[*]')], ${v}))`,
  ];
  const derived = derivedTagCondition(key, value, v);
  if (derived !== null) {
    options.push(derived);
  }
  return `(${options.join(' OR ')})`;
}

function derivedTagCondition(
  key: string,
  value: string,
  v: string,
): string | null {
  switch (key as (typeof DERIVED_TAGS)[number]) {
    case 'span.kind':
      return value === 'unspecified' ? null : `kind = ${v}`;
    case 'error':
      return value === 'true' ? `status = 'error'` : null;
    case 'otel.status_code':
      return value === 'OK'
        ? `status = 'ok'`
        : value === 'ERROR'
          ? `status = 'error'`
          : null;
    case 'otel.status_description':
      return `status_message = ${v}`;
    case 'event':
      return `(events IS NOT NULL AND list_contains(json_extract_string(events, '$[*].name'), ${v}))`;
    default:
      return null;
  }
}
