/**
 * `readPathStates` in SQL: every O(records) step runs in ClickHouse, and
 * what comes back is small — per path and position, each measure's moments
 * with its values (up to the exact limit) or its sketch bins, the sampled
 * trace ids and the anomaly candidates. `aggregatePathStates` is the
 * reference this must equal.
 *
 * Measures are unpivoted into (path, position, measure, value) rows with one
 * ARRAY JOIN, position −1 being the path itself:
 *
 *   record  d=100 cpu=40 | pos 0: d=100 self=60 cpu=40 | pos 1: d=40 …
 *   rows    (p, −1, duration, 100) (p, −1, cpu, 40) (p, 0, duration, 100) …
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type {
  IndexedPathRecord,
  PathIndexState,
  PathStateOptions,
  TraceId,
} from '@pathprof/model';
import {
  assemblePathStates,
  assembleWithoutPaths,
  emptyPathIndexState,
  INDEX_MEASURES,
} from '../internal/assemble-path-states.js';
import type { IndexMeasure } from '../internal/assemble-path-states.js';
import type { TimeWindow } from '../span-store.js';
import { quoteList, quoteString } from './clickhouse-sql.js';
import { selectRows } from './run-query.js';

/** Anomaly metrics and their record column. */
const METRICS = [
  ['duration', 'toNullable(duration_us)'],
  ['cpu', 'cpu_us'],
  ['memory', 'memory_bytes'],
] as const;

const RECORD_COLUMNS = `trace_id, trace_start_us, trace_hash, path_key,
  incomplete, error, duration_us, cpu_us, memory_bytes, pos_labels,
  pos_duration, pos_self, pos_cpu, pos_memory, pos_error, pos_critical`;

interface Num {
  readonly [k: string]: string | number | null | undefined;
}

interface RecordRow {
  /** The metric's value, in MAD sample rows. */
  v: number;
  trace_id: string;
  trace_start_us: string | number;
  trace_hash: string | number;
  path_key: string;
  incomplete: number;
  error: number;
  duration_us: number;
  cpu_us: number | null;
  memory_bytes: number | null;
  pos_labels: string[];
  pos_duration: number[];
  pos_self: number[];
  pos_cpu: (number | null)[];
  pos_memory: (number | null)[];
  pos_error: number[];
  pos_critical: number[];
}

interface MomentRow {
  path_key: string;
  pos: number;
  measure: number;
  n: string | number;
  mean: number;
  variance: number | null;
  lo: number;
  hi: number;
  vals: number[];
}

export async function readPathStates(
  client: ClickHouseClient,
  runIds: readonly string[],
  window: TimeWindow,
  options: PathStateOptions,
): Promise<PathIndexState> {
  const start = Math.max(0, Math.ceil(window.startMicros));
  const end = Math.ceil(window.endMicros);
  if (runIds.length === 0 || end <= start) {
    return emptyPathIndexState();
  }
  const traceFilter = `run_id IN (${quoteList(runIds)})
    AND trace_start_us >= ${start} AND trace_start_us < ${end}`;
  const serviceFilter =
    options.service === undefined
      ? ''
      : `AND has(services, ${quoteString(options.service)})`;
  const recordFilter =
    options.service === undefined
      ? traceFilter
      : `${traceFilter} AND trace_id IN (SELECT trace_id FROM path_traces
          WHERE ${traceFilter} ${serviceFilter})`;

  const [totals, warnings, pathRows] = await Promise.all([
    selectRows<Num>(
      client,
      `SELECT count() AS traces, sum(spans) AS spans,
         countIf(has_hops = 0) AS without
       FROM path_traces WHERE ${traceFilter} ${serviceFilter}`,
    ),
    selectRows<{ code: string; n: string }>(
      client,
      `SELECT code, count() AS n FROM path_traces
       ARRAY JOIN warning_codes AS code
       WHERE ${traceFilter} ${serviceFilter} GROUP BY code`,
    ),
    selectRows<{
      path_key: string;
      n: string;
      errors: string;
      incomplete: string;
      labels: string[];
    }>(
      client,
      `SELECT path_key, count() AS n, sum(error) AS errors,
         sum(incomplete) AS incomplete, any(pos_labels) AS labels
       FROM path_records WHERE ${recordFilter}
       GROUP BY path_key ORDER BY n DESC, path_key LIMIT ${options.maxPaths}`,
    ),
  ]);
  const t = totals[0] ?? {};
  const base = {
    totals: {
      traces: Number(t['traces'] ?? 0),
      spans: Number(t['spans'] ?? 0),
      withoutHops: Number(t['without'] ?? 0),
    },
    warnings: warnings.map((w) => ({ code: w.code, n: Number(w.n) })),
    paths: pathRows.map((p) => ({
      key: p.path_key,
      n: Number(p.n),
      errors: Number(p.errors),
      incomplete: Number(p.incomplete),
      labels: p.labels,
    })),
  };
  if (pathRows.length === 0) {
    return assembleWithoutPaths(base, options);
  }
  const filter =
    pathRows.length < options.maxPaths
      ? recordFilter
      : `${recordFilter} AND path_key IN (${quoteList(pathRows.map((p) => p.path_key))})`;

  const [moments, positionErrors, sampled, ...candidateRows] =
    await Promise.all([
      selectRows<MomentRow>(client, momentsQuery(filter, options)),
      selectRows<{ path_key: string; pos: number; errors: string }>(
        client,
        `SELECT path_key, i - 1 AS pos, sum(err) AS errors FROM path_records
         ARRAY JOIN pos_error AS err, arrayEnumerate(pos_error) AS i
         WHERE ${filter} GROUP BY path_key, i`,
      ),
      selectRows<{ path_key: string; trace_id: string; hash: string | number }>(
        client,
        `SELECT path_key, trace_id, any(trace_hash) AS hash FROM path_records
         WHERE ${filter} GROUP BY path_key, trace_id
         ORDER BY path_key, hash, trace_id
         LIMIT ${options.sampledTraces} BY path_key`,
      ),
      ...METRICS.map(([, column]) =>
        selectRows<RecordRow>(
          client,
          `SELECT ${RECORD_COLUMNS} FROM path_records
           WHERE ${filter} AND isNotNull(${column})
           ORDER BY path_key, ${column} DESC, trace_id
           LIMIT ${options.extremes} BY path_key`,
        ),
      ),
      ...METRICS.map(([, column]) =>
        selectRows<RecordRow>(
          client,
          `SELECT path_key, trace_id, trace_hash, assumeNotNull(${column}) AS v
           FROM path_records WHERE ${filter} AND isNotNull(${column})
           ORDER BY path_key, trace_hash, trace_id, v
           LIMIT ${options.madSample} BY path_key`,
        ),
      ),
    ]);

  const big = new Set(
    moments
      .filter((m) => Number(m.n) > options.exactLimit)
      .map((m) => m.path_key),
  );
  const bins =
    big.size === 0
      ? []
      : await selectRows<{
          path_key: string;
          pos: number;
          measure: number;
          side: number;
          bin: number;
          n: string;
        }>(
          client,
          binsQuery(
            `${filter} AND path_key IN (${quoteList([...big])})`,
            options,
          ),
        );
  return assemblePathStates(
    {
      ...base,
      moments: moments.map((m) => ({
        key: m.path_key,
        pos: Number(m.pos),
        measure: Number(m.measure),
        n: Number(m.n),
        mean: m.mean,
        variance: m.variance,
        min: m.lo,
        max: m.hi,
        values: m.vals,
      })),
      bins: bins.map((b) => ({
        key: b.path_key,
        pos: Number(b.pos),
        measure: Number(b.measure),
        side: Number(b.side),
        bin: Number(b.bin),
        n: Number(b.n),
      })),
      positionErrors: positionErrors.map((e) => ({
        key: e.path_key,
        pos: Number(e.pos),
        errors: Number(e.errors),
      })),
      sampled: sampled.map((s) => ({
        key: s.path_key,
        traceId: s.trace_id,
        hash: Number(s.hash),
      })),
      extremes: candidateRows
        .slice(0, METRICS.length)
        .map((rows) => rows.map(toIndexedRecord)),
      samples: candidateRows.slice(METRICS.length).map((rows) =>
        rows.map((r) => ({
          key: r.path_key,
          traceId: r.trace_id as TraceId,
          hash: Number(r.trace_hash),
          value: r.v,
        })),
      ),
    },
    options,
  );
}

/** One row per (path, position, measure, value) of the filtered records. */
function unpivoted(filter: string): string {
  // Lambdas take the arrays as arguments (18.16 cannot capture columns):
  // `at(measure, 'd, c', 'pos_duration, pos_cpu', value of d and c)`.
  const at = (
    measure: IndexMeasure,
    args: string,
    arrays: string,
    value: string,
  ): string =>
    `arrayMap((${args}, i) -> (toInt32(i - 1), toUInt8(${INDEX_MEASURES.indexOf(measure)}), ${value}), ${arrays}, arrayEnumerate(pos_labels))`;
  return `SELECT path_key, m.1 AS pos, m.2 AS measure, m.3 AS v
    FROM path_records
    ARRAY JOIN arrayConcat(
      [(toInt32(-1), toUInt8(0), toNullable(duration_us)),
       (toInt32(-1), toUInt8(1), cpu_us),
       (toInt32(-1), toUInt8(2), memory_bytes)],
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
      ${at('critical', 'k', 'pos_critical', 'toNullable(k)')}
    ) AS m
    WHERE ${filter}`;
}

function momentsQuery(filter: string, options: PathStateOptions): string {
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
function binsQuery(filter: string, options: PathStateOptions): string {
  const zero = options.sketchMinIndexable * 1e300;
  return `SELECT path_key, pos, measure, side, bin, count() AS n FROM (
      SELECT path_key, pos, measure, assumeNotNull(v) AS x,
        if(abs(x) * 1e300 <= ${zero}, 0, if(x > 0, 1, -1)) AS side,
        if(side = 0, 0, toInt32(ceil(log2(abs(x)) * ${options.sketchLog2Multiplier}))) AS bin
      FROM (${unpivoted(filter)}) WHERE isNotNull(v))
    GROUP BY path_key, pos, measure, side, bin`;
}

function toIndexedRecord(r: RecordRow): IndexedPathRecord {
  return {
    traceId: r.trace_id as TraceId,
    traceStartMicros: Number(r.trace_start_us),
    traceHash: Number(r.trace_hash),
    key: r.path_key,
    incomplete: Number(r.incomplete) === 1,
    error: Number(r.error) === 1,
    durationMicros: r.duration_us,
    cpuMicros: r.cpu_us,
    memoryBytes: r.memory_bytes,
    positions: r.pos_labels.map((label, i) => ({
      label,
      durationMicros: r.pos_duration[i]!,
      selfMicros: r.pos_self[i]!,
      cpuMicros: r.pos_cpu[i] ?? null,
      memoryBytes: r.pos_memory[i] ?? null,
      error: r.pos_error[i] === 1,
      criticalShare: r.pos_critical[i]!,
    })),
  };
}
