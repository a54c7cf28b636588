/**
 * The waterfall's collapsed rows as the URL parameter `fold`: span ids
 * separated by commas, toggled against a base. The base is nothing collapsed,
 * or, when the list starts with `all`, every parent but the root collapsed
 * ("Collapse all"). Whichever base needs fewer ids is written, so "Collapse
 * all" on a trace of 100k spans stays a short URL:
 *
 *   fold=9f2c…,41aa…   these two rows collapsed
 *   fold=all,41aa…     every parent collapsed except 41aa…
 *
 * Unknown ids are ignored, so an edited link still opens the trace.
 */
import { listParentRows } from './waterfall-model.js';
import type { WaterfallModel } from './waterfall-model.js';

export const FOLD_PARAM = 'fold';
const ALL = 'all';

function listCollapseAllRows(model: WaterfallModel): number[] {
  return listParentRows(model).filter((i) => i > 0);
}

export function parseFoldParam(
  text: string | null,
  model: WaterfallModel,
): ReadonlySet<number> {
  if (text === null || text === '') {
    return new Set();
  }
  const tokens = text.split(',');
  const collapsed = new Set(
    tokens[0] === ALL ? listCollapseAllRows(model) : [],
  );
  const indexOf = new Map<string, number>();
  model.spans.forEach((s, i) => {
    if (!indexOf.has(s.span.spanId)) {
      indexOf.set(s.span.spanId, i);
    }
  });
  for (const token of tokens[0] === ALL ? tokens.slice(1) : tokens) {
    const index = indexOf.get(token.toLowerCase());
    if (index === undefined || model.spans[index]!.subtreeEnd <= index + 1) {
      continue;
    }
    if (collapsed.has(index)) {
      collapsed.delete(index);
    } else {
      collapsed.add(index);
    }
  }
  return collapsed;
}

/** The parameter's value, or undefined when nothing is collapsed. */
export function formatFoldParam(
  collapsed: ReadonlySet<number>,
  model: WaterfallModel,
): string | undefined {
  if (collapsed.size === 0) {
    return undefined;
  }
  const all = listCollapseAllRows(model);
  const allSet = new Set(all);
  const againstAll = [
    ...all.filter((i) => !collapsed.has(i)),
    ...[...collapsed].filter((i) => !allSet.has(i)),
  ];
  const idOf = (i: number): string => model.spans[i]!.span.spanId;
  if (againstAll.length < collapsed.size) {
    return [ALL, ...againstAll.sort((a, b) => a - b).map(idOf)].join(',');
  }
  return [...collapsed]
    .sort((a, b) => a - b)
    .map(idOf)
    .join(',');
}
