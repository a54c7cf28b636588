/**
 * Reads a plan's sources into the engine's `ComparisonSides`: each side's
 * source into its own side, or one source routed trace by trace by the
 * attribute split. Labels name what each side is; window lengths give rates.
 */
import {
  ANALYSIS_PROJECTION,
  ComparisonSides,
  describeSplitSide,
  describeWindowSide,
  windowLengthSeconds,
  withKeptAttributes,
} from '@pathprof/engine';
import type { ComparisonInput, SideDescription } from '@pathprof/engine';
import type { CompareSettings, TraceSource } from './compare-settings.js';
import type { SourceContext } from './read-trace-source.js';
import { readTraceSource } from './read-trace-source.js';

export interface CollectedSides {
  readonly baseline: ComparisonInput;
  readonly candidate: ComparisonInput;
  /** Traces of a split source that carried both values (left out). */
  readonly ambiguous: number;
}

export async function collectSides(
  settings: CompareSettings,
  context: SourceContext,
): Promise<CollectedSides> {
  const sides = new ComparisonSides({
    pathKey: settings.pathKey,
    keepProxies: settings.keepProxies,
  });
  const { plan } = settings;
  if (plan.kind === 'sides') {
    await readTraceSource(
      plan.baseline,
      (id, spans) => sides.add('baseline', id, spans),
      context,
    );
    await readTraceSource(
      plan.candidate,
      (id, spans) => sides.add('candidate', id, spans),
      context,
    );
    return {
      ...sides.inputs(
        describeSource(plan.baseline),
        describeSource(plan.candidate),
      ),
      ambiguous: 0,
    };
  }
  const { split, source } = plan;
  await readTraceSource(source, (id, spans) => sides.route(split, id, spans), {
    ...context,
    projection: withKeptAttributes(ANALYSIS_PROJECTION, [split.key]),
  });
  const seconds =
    source.kind === 'files' ? null : windowLengthSeconds(source.window);
  return {
    ...sides.inputs(
      describeSplitSide(split, 'baseline', seconds),
      describeSplitSide(split, 'candidate', seconds),
    ),
    ambiguous: sides.ambiguous,
  };
}

function describeSource(source: TraceSource): SideDescription {
  return source.kind === 'files'
    ? { label: source.files.join(' '), windowSeconds: null }
    : describeWindowSide(source.window);
}
