/**
 * Builds the two sides of a comparison from a plan: each side's source read
 * into its own `PathSampleSet`, or one source routed trace by trace with
 * `assignTraceSide`. Labels name what each side is; window lengths give rates.
 */
import {
  ANALYSIS_PROJECTION,
  assignTraceSide,
  PathSampleSet,
  withKeptAttributes,
} from '@pathprof/engine';
import type { ComparisonInput } from '@pathprof/engine';
import type { CompareSettings, TraceSource } from './compare-settings.js';
import { formatWindowRange, windowSeconds } from './parse-window-range.js';
import type { SourceContext } from './read-trace-source.js';
import { readTraceSource } from './read-trace-source.js';

export interface ComparisonSides {
  readonly baseline: ComparisonInput;
  readonly candidate: ComparisonInput;
  /** Traces of a split source that carried both values (left out). */
  readonly ambiguous: number;
}

export async function collectSides(
  settings: CompareSettings,
  context: SourceContext,
): Promise<ComparisonSides> {
  const newSet = (): PathSampleSet =>
    new PathSampleSet({
      pathKey: settings.pathKey,
      keepProxies: settings.keepProxies,
    });
  const { plan } = settings;
  if (plan.kind === 'sides') {
    const baseline = newSet();
    const candidate = newSet();
    await readTraceSource(
      plan.baseline,
      (id, spans) => baseline.addTrace(id, spans),
      context,
    );
    await readTraceSource(
      plan.candidate,
      (id, spans) => candidate.addTrace(id, spans),
      context,
    );
    return {
      baseline: describeSide(plan.baseline, baseline),
      candidate: describeSide(plan.candidate, candidate),
      ambiguous: 0,
    };
  }
  const { split, source } = plan;
  const sets = { baseline: newSet(), candidate: newSet() };
  let ambiguous = 0;
  const splitContext: SourceContext = {
    ...context,
    projection: withKeptAttributes(ANALYSIS_PROJECTION, [split.key]),
  };
  await readTraceSource(
    source,
    (id, spans) => {
      const side = assignTraceSide(spans, split);
      if (side === 'ambiguous') {
        ambiguous++;
      } else if (side !== null) {
        sets[side].addTrace(id, spans);
      }
    },
    splitContext,
  );
  const seconds = source.kind === 'files' ? null : windowSeconds(source.window);
  const where = split.service === undefined ? '' : ` in ${split.service}`;
  return {
    baseline: {
      label: `${split.key}=${split.baseline}${where}`,
      samples: sets.baseline,
      windowSeconds: seconds,
    },
    candidate: {
      label: `${split.key}=${split.candidate}${where}`,
      samples: sets.candidate,
      windowSeconds: seconds,
    },
    ambiguous,
  };
}

function describeSide(
  source: TraceSource,
  samples: PathSampleSet,
): ComparisonInput {
  if (source.kind === 'files') {
    return { label: source.files.join(' '), samples, windowSeconds: null };
  }
  return {
    label: formatWindowRange(source.window),
    samples,
    windowSeconds: windowSeconds(source.window),
  };
}
