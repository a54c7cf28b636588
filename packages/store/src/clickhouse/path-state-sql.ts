/**
 * The SQL of the ClickHouse path index's aggregate (see read-path-states.ts):
 * the measures unpivoted into (path, position, measure, value) rows with one
 * ARRAY JOIN, their moments and values, their sketch bins, and the counts of
 * each position's categorical values.
 *
 *   record  d=100 cpu=40 | pos 0: d=100 self=60 cpu=40 | pos 1: d=40 …
 *   rows    (p, −1, duration, 100) (p, −1, cpu, 40) (p, 0, duration, 100) …
 */
import type { PathStateOptions } from '@pathprof/model';
import {
  INDEX_CATEGORIES,
  INDEX_MEASURES,
  UNNAMED_ERROR_SOURCE,
} from '../internal/assemble-path-states.js';
import type {
  IndexCategory,
  IndexMeasure,
} from '../internal/assemble-path-states.js';
import { quoteString } from './clickhouse-sql.js';

/** One row per (path, position, measure, value) of the filtered records. */
function unpivoted(filter: string): string {
  const code = (m: IndexMeasure): number => INDEX_MEASURES.indexOf(m);
  // Lambdas take the arrays as arguments (18.16 cannot capture columns):
  // `at(measure, 'd, c', 'pos_duration, pos_cpu', value of d and c)`.
  const at = (
    measure: IndexMeasure,
    args: string,
    arrays: string,
    value: string,
  ): string =>
    `arrayMap((${args}, i) -> (toInt32(i - 1), toUInt8(${code(measure)}), ${value}), ${arrays}, arrayEnumerate(pos_labels))`;
  return `SELECT path_key, m.1 AS pos, m.2 AS measure, m.3 AS v
    FROM path_records
    ARRAY JOIN arrayConcat(
      [(toInt32(-1), toUInt8(${code('duration')}), toNullable(duration_us)),
       (toInt32(-1), toUInt8(${code('branch')}), toNullable(branch_us)),
       (toInt32(-1), toUInt8(${code('cpu')}), cpu_us),
       (toInt32(-1), toUInt8(${code('memory')}), memory_bytes)],
      ${at('duration', 'd', 'pos_duration', 'toNullable(d)')},
      ${at('cpu', 'c', 'pos_cpu', 'c')},
      ${at('memory', 'mem', 'pos_memory', 'mem')},
      ${at('self', 's', 'pos_self', 'toNullable(s)')},
      ${at(
        'waiting',
        'd, c',
        'pos_duration, pos_cpu',
        'if(isNull(c), NULL, toNullable(greatest(0., d - assumeNotNull(c))))',
      )},
      ${at('critical', 'k', 'pos_critical', 'toNullable(k)')},
      ${at('calls', 'n', 'pos_calls', 'toNullable(toFloat64(n))')},
      ${at('criticalCalls', 'n', 'pos_critical_calls', 'toNullable(toFloat64(n))')},
      ${at('overlap', 'o', 'pos_overlap', 'toNullable(o)')},
      ${at('inNext', 'x', 'pos_in_next', 'toNullable(x)')},
      ${at('inOther', 'x', 'pos_in_other', 'toNullable(x)')}
    ) AS m
    WHERE ${filter}`;
}

/**
 * Per position, how many records had each other branch, and each error
 * source among the errored ones (an error without a named span counts as
 * UNNAMED_ERROR_SOURCE): one ARRAY JOIN of (position, category, value).
 */
export function categoriesQuery(filter: string): string {
  const code = (c: IndexCategory): number => INDEX_CATEGORIES.indexOf(c);
  return `SELECT path_key, pos, category, value, count() AS n FROM (
      SELECT path_key, c.1 AS pos, c.2 AS category, assumeNotNull(c.3) AS value
      FROM path_records
      ARRAY JOIN arrayConcat(
        arrayMap((b, i) -> (toInt32(i - 1), toUInt8(${code('otherBranch')}), b),
          pos_other_branch, arrayEnumerate(pos_labels)),
        arrayMap((e, s, i) -> (toInt32(i - 1), toUInt8(${code('errorSource')}),
            if(e = 1, toNullable(ifNull(s, ${quoteString(UNNAMED_ERROR_SOURCE)})), NULL)),
          pos_error, pos_error_source, arrayEnumerate(pos_labels))
      ) AS c
      WHERE ${filter} AND isNotNull(c.3))
    GROUP BY path_key, pos, category, value`;
}

export function momentsQuery(
  filter: string,
  options: PathStateOptions,
): string {
  return `SELECT path_key, pos, measure, count() AS n, avg(x) AS mean,
      varSamp(x) AS variance, min(x) AS lo, max(x) AS hi,
      groupArray(${options.exactLimit + 1})(x) AS vals
    FROM (SELECT path_key, pos, measure, assumeNotNull(v) AS x
      FROM (${unpivoted(filter)}) WHERE isNotNull(v))
    GROUP BY path_key, pos, measure`;
}

/**
 * The sketch's bins: `side` 1 or −1 with the key of |x|, or 0 near zero.
 * The zero test is scaled by 1e300 because the bound itself is subnormal,
 * which ClickHouse cannot read as a literal.
 */
export function binsQuery(filter: string, options: PathStateOptions): string {
  const zero = options.sketchMinIndexable * 1e300;
  return `SELECT path_key, pos, measure, side, bin, count() AS n FROM (
      SELECT path_key, pos, measure, assumeNotNull(v) AS x,
        if(abs(x) * 1e300 <= ${zero}, 0, if(x > 0, 1, -1)) AS side,
        if(side = 0, 0, toInt32(ceil(log2(abs(x)) * ${options.sketchLog2Multiplier}))) AS bin
      FROM (${unpivoted(filter)}) WHERE isNotNull(v))
    GROUP BY path_key, pos, measure, side, bin`;
}
