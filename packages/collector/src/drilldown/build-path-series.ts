/**
 * Request rate, error rate and latency percentiles per path over time: the
 * window in buckets of a round width (1 s … 1 d) chosen so that it holds
 * about `points` of them, each path's requests placed by their trace's
 * start. Windows the path index holds come from the database as counts and
 * duration sketch bins; the rest is streamed through the engine and binned
 * the same way, and the two merge exactly (the percentiles are then within
 * the sketch's 1%).
 */
import {
  Distribution,
  SKETCH_LOG2_MULTIPLIER,
  SKETCH_MIN_INDEXABLE,
} from '@pathprof/engine';
import type {
  Micros,
  PathSeries,
  PathSeriesPoint,
  PathSeriesReport,
} from '@pathprof/model';
import type { SpanStore } from '@pathprof/store';
import type { ProfileQuery } from '../paths/profile-stored-traces.js';
import { planIndexReads } from './plan-index-reads.js';
import { streamPathRecords } from './stream-path-records.js';

const SECOND = 1_000_000;
/** Bucket widths a chart axis reads easily. */
const STEPS_MICROS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600,
  43_200, 86_400,
].map((s) => s * SECOND);
const DAY = 86_400 * SECOND;

export const DEFAULT_SERIES_POINTS = 60;
export const MAX_SERIES_POINTS = 500;
/** Paths answered at most, the busiest first. */
export const MAX_SERIES_PATHS = 500;
/**
 * Buckets of at most this many requests come back with their durations, so
 * their percentiles are exact: a sketch's rank rule would put the p99 of two
 * requests on the faster one.
 */
const SERIES_EXACT_LIMIT = 64;

export interface SeriesQuery extends ProfileQuery {
  /** About how many buckets the window is cut into. */
  readonly points: number;
  /** Only these paths (all, up to MAX_SERIES_PATHS, when absent). */
  readonly keys?: readonly string[];
}

/** The round bucket width that cuts `windowMicros` into at most about `points` buckets. */
export function chooseSeriesStep(windowMicros: number, points: number): Micros {
  const wanted = windowMicros / Math.max(1, points);
  return STEPS_MICROS.find((s) => s >= wanted) ?? Math.ceil(wanted / DAY) * DAY;
}

interface Cell {
  count: number;
  errors: number;
  durations: Distribution;
}

export async function buildPathSeries(
  store: SpanStore,
  query: SeriesQuery,
): Promise<PathSeriesReport> {
  const { startMicros, endMicros } = query;
  const step = chooseSeriesStep(endMicros - startMicros, query.points);
  const cells = new Map<string, Map<number, Cell>>();
  const cellOf = (key: string, bucket: number): Cell => {
    let path = cells.get(key);
    if (path === undefined) {
      path = new Map();
      cells.set(key, path);
    }
    let cell = path.get(bucket);
    if (cell === undefined) {
      cell = { count: 0, errors: 0, durations: new Distribution() };
      path.set(bucket, cell);
    }
    return cell;
  };

  const plan = await planIndexReads(store, query);
  let truncated = false;
  if (plan.index !== undefined) {
    const indexed = await plan.index.readPathSeries(
      plan.runIds,
      { startMicros, endMicros },
      {
        stepMicros: step,
        sketchLog2Multiplier: SKETCH_LOG2_MULTIPLIER,
        sketchMinIndexable: SKETCH_MIN_INDEXABLE,
        maxPaths: MAX_SERIES_PATHS + 1,
        exactLimit: SERIES_EXACT_LIMIT,
        ...(query.service === undefined ? {} : { service: query.service }),
        ...(query.keys === undefined ? {} : { keys: query.keys }),
      },
    );
    for (const c of indexed) {
      const cell = cellOf(c.key, c.bucketStartMicros);
      cell.count += c.count;
      cell.errors += c.errors;
      if (c.values !== null) {
        for (const v of c.values) {
          cell.durations.add(v);
        }
        continue;
      }
      cell.durations.merge(
        Distribution.restore({
          count: c.count,
          mean: 0,
          m2: 0,
          min: c.minMicros,
          max: c.maxMicros,
          values: null,
          bins: c.bins,
        }),
      );
    }
  }
  const keys = query.keys === undefined ? null : new Set(query.keys);
  for await (const r of streamPathRecords(store, plan.streamed, query)) {
    if (
      r.traceStartMicros < startMicros ||
      r.traceStartMicros >= endMicros ||
      (keys !== null && !keys.has(r.key)) ||
      (query.service !== undefined &&
        !r.positions.some((p) => p.service === query.service))
    ) {
      continue;
    }
    const cell = cellOf(r.key, Math.floor(r.traceStartMicros / step) * step);
    cell.count++;
    cell.errors += r.error ? 1 : 0;
    cell.durations.add(r.durationMicros);
  }

  const ranked = [...cells]
    .map(([key, buckets]) => {
      let total = 0;
      for (const c of buckets.values()) {
        total += c.count;
      }
      return { key, buckets, total };
    })
    .sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : 1));
  if (ranked.length > MAX_SERIES_PATHS) {
    truncated = true;
  }
  const first = Math.floor(startMicros / step) * step;
  const paths: PathSeries[] = ranked
    .slice(0, MAX_SERIES_PATHS)
    .map(({ key, buckets }) => {
      const points: PathSeriesPoint[] = [];
      for (let b = first; b < endMicros || b === first; b += step) {
        const seconds =
          (Math.min(b + step, endMicros) - Math.max(b, startMicros)) / SECOND;
        points.push(toPoint(b, buckets.get(b), seconds));
      }
      return { key, points };
    });
  return { startMicros, endMicros, stepMicros: step, paths, truncated };
}

function toPoint(
  startMicros: number,
  cell: Cell | undefined,
  seconds: number,
): PathSeriesPoint {
  if (cell === undefined || cell.count === 0) {
    return {
      startMicros,
      count: 0,
      errors: 0,
      ratePerSecond: 0,
      errorShare: null,
      p50Micros: null,
      p95Micros: null,
      p99Micros: null,
    };
  }
  return {
    startMicros,
    count: cell.count,
    errors: cell.errors,
    ratePerSecond: seconds > 0 ? cell.count / seconds : 0,
    errorShare: cell.errors / cell.count,
    p50Micros: cell.durations.quantile(0.5),
    p95Micros: cell.durations.quantile(0.95),
    p99Micros: cell.durations.quantile(0.99),
  };
}
