/**
 * Per-path RED metrics from single spans, without assembling traces: every
 * stored span that carries `pathprof.path` ends the path prefix written
 * there, so one request through `a > e > d` counts once for `a`, once for
 * `a > e` and once for `a > e > d`, each with that hop's own duration.
 *
 * At most `maxPaths` distinct label values, first come first served for the
 * collector's lifetime; later ones, and values that cannot be labels, share
 * `path="other"` and are counted in `pathprof_path_labels_overflow_total`.
 */
import { HOP_PATH_ATTR } from '@pathprof/model';
import type { Span } from '@pathprof/model';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import { PATH_DURATION_BUCKETS_SECONDS } from './metric-buckets.js';
import {
  OTHER_PATH_LABEL,
  PATH_FOLD_REASONS,
  checkPathLabel,
} from './path-label.js';
import type { PathFoldReason } from './path-label.js';

export interface PathMetrics {
  observeSpans(spans: readonly Span[]): void;
  /** The same, from hops already taken out of the spans (`hopsOf`), as decode workers send them. */
  observeHops(hops: readonly Hop[]): void;
}

/** What the path metrics read of a hop span: its `pathprof.path`, whether it failed, its duration (µs; -1 when unknown). */
export type Hop = readonly [
  path: string,
  error: boolean,
  durationMicros: number,
];

/** The hop spans of a batch (those with a `pathprof.path`), for `observeHops`. */
export function hopsOf(spans: readonly Span[]): Hop[] {
  const hops: Hop[] = [];
  for (const span of spans) {
    const path = span.attributes[HOP_PATH_ATTR];
    if (typeof path === 'string' && path !== '') {
      hops.push([
        path,
        span.status === 'error',
        hasDuration(span) ? span.durationMicros : -1,
      ]);
    }
  }
  return hops;
}

/**
 * The label children of one path, bound once. Counts of a batch gather in
 * the pending fields and reach the counters once per path and batch, since
 * each prom-client update hashes the label value.
 */
interface PathSeries {
  readonly requests: Counter.Internal;
  readonly errors: Counter.Internal;
  readonly duration: Histogram.Internal<'path'>;
  pendingRequests: number;
  pendingErrors: number;
}

export function createPathMetrics(
  registry: Registry,
  maxPaths: number,
): PathMetrics {
  const registers = [registry];
  const requests = new Counter({
    name: 'pathprof_path_requests_total',
    help: 'Hop spans that ended this path prefix (attribute pathprof.path).',
    labelNames: ['path'],
    registers,
  });
  const errors = new Counter({
    name: 'pathprof_path_errors_total',
    help: 'Hop spans of this path prefix with status error.',
    labelNames: ['path'],
    registers,
  });
  const duration = new Histogram({
    name: 'pathprof_path_duration_seconds',
    help: 'Duration of the hop span that ended this path prefix.',
    labelNames: ['path'],
    buckets: [...PATH_DURATION_BUCKETS_SECONDS],
    registers,
  });
  const overflow = new Counter({
    name: 'pathprof_path_labels_overflow_total',
    help: 'Hop spans counted under path="other", by why their path got no label.',
    labelNames: ['reason'],
    registers,
  });
  const series = new Map<string, PathSeries>();
  new Gauge({
    name: 'pathprof_path_labels',
    help: 'Distinct path label values in use, "other" excluded.',
    registers,
    collect() {
      this.set(series.size);
    },
  });
  new Gauge({
    name: 'pathprof_path_labels_limit',
    help: 'Most distinct path label values before paths fold into "other".',
    registers,
  }).set(maxPaths);

  const folded = new Map<PathFoldReason, Counter.Internal>();
  for (const reason of PATH_FOLD_REASONS) {
    const child = overflow.labels(reason);
    child.inc(0);
    folded.set(reason, child);
  }

  const createSeries = (label: string): PathSeries => {
    const created = {
      requests: requests.labels(label),
      errors: errors.labels(label),
      duration: duration.labels(label),
      pendingRequests: 0,
      pendingErrors: 0,
    };
    // Every series of a path exists from its first span on, so error ratios
    // and quantiles need no `or vector(0)`.
    created.errors.inc(0);
    duration.zero({ path: label });
    return created;
  };
  let other: PathSeries | undefined;

  const findSeries = (path: string): PathSeries => {
    const known = series.get(path);
    if (known !== undefined) {
      return known;
    }
    const reason =
      checkPathLabel(path) ?? (series.size >= maxPaths ? 'max_paths' : null);
    if (reason === null) {
      const created = createSeries(path);
      series.set(path, created);
      return created;
    }
    folded.get(reason)?.inc();
    other ??= createSeries(OTHER_PATH_LABEL);
    return other;
  };

  const touched: PathSeries[] = [];
  const observeHops = (hops: readonly Hop[]): void => {
    for (const [path, error, durationMicros] of hops) {
      const target = findSeries(path);
      if (target.pendingRequests === 0) {
        touched.push(target);
      }
      target.pendingRequests += 1;
      if (error) {
        target.pendingErrors += 1;
      }
      if (durationMicros >= 0) {
        target.duration.observe(durationMicros / 1e6);
      }
    }
    for (const target of touched) {
      target.requests.inc(target.pendingRequests);
      if (target.pendingErrors > 0) {
        target.errors.inc(target.pendingErrors);
      }
      target.pendingRequests = 0;
      target.pendingErrors = 0;
    }
    touched.length = 0;
  };
  return {
    observeSpans: (spans) => observeHops(hopsOf(spans)),
    observeHops,
  };
}

/** Zipkin may omit the duration; it is stored as 0 and must not land in the first bucket. */
function hasDuration(span: Span): boolean {
  return (
    span.missingTiming !== 'duration' &&
    span.missingTiming !== 'both' &&
    Number.isFinite(span.durationMicros) &&
    span.durationMicros >= 0
  );
}
