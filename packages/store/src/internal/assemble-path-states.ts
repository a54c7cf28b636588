/**
 * The path index's aggregate, put together from the rows a database's
 * queries return (each adapter writes its own SQL for them): one `PathState`
 * per path, the measures of the path and of every position, with the
 * values of small measures and the sketch bins of large ones, and the counts
 * of each position's categorical values (the dominant other branch, the span
 * that carried an error).
 */
import type {
  CategoryCount,
  IndexedPathRecord,
  MeasureState,
  PathIndexState,
  PathState,
  PathStateOptions,
  PositionState,
  SampledValue,
  TraceId,
} from '@pathprof/model';

const compareText = (a: string, b: string): number =>
  a < b ? -1 : a > b ? 1 : 0;

/**
 * Measures by code, as the SQL numbers them; position −1 is the path itself
 * (duration, branch, cpu, memory), positions 0… its hops (all but branch).
 */
export const INDEX_MEASURES = [
  'duration',
  'cpu',
  'memory',
  'self',
  'waiting',
  'critical',
  'branch',
  'calls',
  'criticalCalls',
  'overlap',
  'inNext',
  'inOther',
] as const;
export type IndexMeasure = (typeof INDEX_MEASURES)[number];

/** Categorical values by code, as the SQL numbers them. */
export const INDEX_CATEGORIES = ['otherBranch', 'errorSource'] as const;
export type IndexCategory = (typeof INDEX_CATEGORIES)[number];

/**
 * The error source an errored position without a carrying span counts
 * under, as the engine's hop accumulator counts it.
 */
export const UNNAMED_ERROR_SOURCE = 'own';

export interface PathStateRows {
  readonly totals: {
    readonly traces: number;
    readonly spans: number;
    readonly withoutHops: number;
    /** The earliest and latest trace start; ignored without traces. */
    readonly firstStart: number | null;
    readonly lastStart: number | null;
  };
  readonly warnings: readonly { readonly code: string; readonly n: number }[];
  /** The paths returned, most frequent first. */
  readonly paths: readonly {
    readonly key: string;
    readonly n: number;
    readonly errors: number;
    readonly incomplete: number;
    readonly labels: readonly string[];
    readonly services: readonly string[];
  }[];
  readonly moments: readonly {
    readonly key: string;
    readonly pos: number;
    readonly measure: number;
    readonly n: number;
    readonly mean: number;
    /** Sample variance; null (or NaN) for a single value. */
    readonly variance: number | null;
    readonly min: number;
    readonly max: number;
    /** Every value while n ≤ the exact limit (else ignored). */
    readonly values: readonly number[] | null;
  }[];
  /** Sketch bins of the measures past the exact limit; side 0 is the zero bin. */
  readonly bins: readonly {
    readonly key: string;
    readonly pos: number;
    readonly measure: number;
    readonly side: number;
    readonly bin: number;
    readonly n: number;
  }[];
  readonly positionErrors: readonly {
    readonly key: string;
    readonly pos: number;
    readonly errors: number;
  }[];
  /** Per position and categorical value (see INDEX_CATEGORIES): how many records had it. */
  readonly categories: readonly {
    readonly key: string;
    readonly pos: number;
    readonly category: number;
    readonly value: string;
    readonly n: number;
  }[];
  readonly sampled: readonly {
    readonly key: string;
    readonly traceId: string;
    readonly hash: number;
  }[];
  /** Per anomaly metric (duration, cpu, memory): the extreme records, in order. */
  readonly extremes: readonly (readonly IndexedPathRecord[])[];
  /** Per anomaly metric (duration, cpu, memory): the MAD sample, in order. */
  readonly samples: readonly (readonly (SampledValue & { key: string })[])[];
}

const EMPTY_MEASURE: MeasureState = {
  count: 0,
  mean: 0,
  m2: 0,
  min: 0,
  max: 0,
  values: [],
  bins: null,
};

export function emptyPathIndexState(): PathIndexState {
  return {
    totals: {
      traces: 0,
      spans: 0,
      tracesWithoutHops: 0,
      warningsByCode: {},
      firstStartMicros: null,
      lastStartMicros: null,
    },
    paths: [],
  };
}

/** The totals, warnings and path list every query starts with. */
export type PathListRows = Pick<PathStateRows, 'totals' | 'warnings' | 'paths'>;

/** The aggregate of a window whose records hold no path (totals only). */
export function assembleWithoutPaths(
  base: PathListRows,
  options: PathStateOptions,
): PathIndexState {
  return assemblePathStates(
    {
      ...base,
      moments: [],
      bins: [],
      positionErrors: [],
      categories: [],
      sampled: [],
      extremes: [],
      samples: [],
    },
    options,
  );
}

export function assemblePathStates(
  rows: PathStateRows,
  options: PathStateOptions,
): PathIndexState {
  const warningsByCode: Record<string, number> = {};
  for (const w of rows.warnings) {
    warningsByCode[w.code] = w.n;
  }
  const binsOf = new Map<
    string,
    { zero: number; pos: [number, number][]; neg: [number, number][] }
  >();
  for (const b of rows.bins) {
    const id = measureId(b.key, b.pos, b.measure);
    const entry = binsOf.get(id) ?? { zero: 0, pos: [], neg: [] };
    if (b.side === 0) {
      entry.zero += b.n;
    } else {
      (b.side > 0 ? entry.pos : entry.neg).push([b.bin, b.n]);
    }
    binsOf.set(id, entry);
  }
  const measures = new Map<string, MeasureState>();
  for (const m of rows.moments) {
    const id = measureId(m.key, m.pos, m.measure);
    const exact = m.n <= options.exactLimit;
    const b = binsOf.get(id);
    const variance =
      m.variance === null || !Number.isFinite(m.variance) ? 0 : m.variance;
    measures.set(id, {
      count: m.n,
      mean: m.mean,
      m2: m.n < 2 ? 0 : variance * (m.n - 1),
      min: m.min,
      max: m.max,
      values: exact ? [...(m.values ?? [])] : null,
      bins: exact
        ? null
        : {
            zeroCount: b?.zero ?? 0,
            positive: (b?.pos ?? []).sort((x, y) => x[0] - y[0]),
            negative: (b?.neg ?? []).sort((x, y) => x[0] - y[0]),
          },
    });
  }
  const errorsOf = new Map(
    rows.positionErrors.map((e) => [`${e.key}\u0000${e.pos}`, e.errors]),
  );
  const categoriesOf = new Map<string, CategoryCount[]>();
  for (const c of rows.categories) {
    const id = measureId(c.key, c.pos, c.category);
    const list = categoriesOf.get(id);
    const item = { value: c.value, count: c.n };
    if (list === undefined) {
      categoriesOf.set(id, [item]);
    } else {
      list.push(item);
    }
  }
  const categoryOf = (
    key: string,
    pos: number,
    category: IndexCategory,
  ): CategoryCount[] =>
    (
      categoriesOf.get(
        measureId(key, pos, INDEX_CATEGORIES.indexOf(category)),
      ) ?? []
    ).sort((a, b) => b.count - a.count || compareText(a.value, b.value));
  const sampledOf = groupByKey(rows.sampled);
  const extremes = rows.extremes.map((list) => groupBy(list, (r) => r.key));
  const samples = rows.samples.map((list) => groupByKey(list));
  const measureOf = (
    key: string,
    pos: number,
    measure: IndexMeasure,
  ): MeasureState =>
    measures.get(measureId(key, pos, INDEX_MEASURES.indexOf(measure))) ??
    EMPTY_MEASURE;

  const paths = rows.paths.map((p): PathState => {
    const candidates = (i: number) => ({
      extremes: extremes[i]?.get(p.key) ?? [],
      sample: (samples[i]?.get(p.key) ?? []).map((s): SampledValue => ({
        traceId: s.traceId,
        hash: s.hash,
        value: s.value,
      })),
    });
    return {
      key: p.key,
      count: p.n,
      errors: p.errors,
      incomplete: p.incomplete,
      duration: measureOf(p.key, -1, 'duration'),
      branch: measureOf(p.key, -1, 'branch'),
      cpu: measureOf(p.key, -1, 'cpu'),
      memory: measureOf(p.key, -1, 'memory'),
      positions: p.labels.map((label, pos): PositionState => ({
        label,
        service: p.services[pos] ?? '',
        count: p.n,
        errors: errorsOf.get(`${p.key}\u0000${pos}`) ?? 0,
        duration: measureOf(p.key, pos, 'duration'),
        self: measureOf(p.key, pos, 'self'),
        cpu: measureOf(p.key, pos, 'cpu'),
        waiting: measureOf(p.key, pos, 'waiting'),
        memory: measureOf(p.key, pos, 'memory'),
        criticalShare: measureOf(p.key, pos, 'critical'),
        calls: measureOf(p.key, pos, 'calls'),
        criticalCalls: measureOf(p.key, pos, 'criticalCalls'),
        overlap: measureOf(p.key, pos, 'overlap'),
        inNext: measureOf(p.key, pos, 'inNext'),
        inOther: measureOf(p.key, pos, 'inOther'),
        otherBranches: categoryOf(p.key, pos, 'otherBranch'),
        errorSources: categoryOf(p.key, pos, 'errorSource'),
      })),
      sampledTraces: (sampledOf.get(p.key) ?? []).map((s) => ({
        traceId: s.traceId as TraceId,
        hash: s.hash,
      })),
      candidates: {
        duration: candidates(0),
        cpu: candidates(1),
        memory: candidates(2),
      },
    };
  });
  return {
    totals: {
      traces: rows.totals.traces,
      spans: rows.totals.spans,
      tracesWithoutHops: rows.totals.withoutHops,
      warningsByCode,
      firstStartMicros:
        rows.totals.traces === 0 ? null : Number(rows.totals.firstStart),
      lastStartMicros:
        rows.totals.traces === 0 ? null : Number(rows.totals.lastStart),
    },
    paths,
  };
}

function measureId(key: string, pos: number, measure: number): string {
  return `${key}\u0000${pos}\u0000${measure}`;
}

function groupByKey<T extends { readonly key: string }>(
  rows: readonly T[],
): Map<string, T[]> {
  return groupBy(rows, (r) => r.key);
}

function groupBy<T>(
  rows: readonly T[],
  keyOf: (row: T) => string,
): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = out.get(key);
    if (list === undefined) {
      out.set(key, [row]);
    } else {
      list.push(row);
    }
  }
  return out;
}
