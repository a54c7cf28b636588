/**
 * Find in trace: the spans whose service, operation, span id, attribute or
 * resource (as `key=value`), or event name holds the text, case-insensitive;
 * and the collapsed rows to open so that a found span shows.
 */
import type { Attributes } from '@pathprof/model';
import type { WaterfallModel } from './waterfall-model.js';

function attributeTexts(attributes: Attributes): string[] {
  return Object.entries(attributes).map(
    ([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`,
  );
}

export function findSpans(model: WaterfallModel, text: string): number[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') {
    return [];
  }
  const found: number[] = [];
  model.spans.forEach((row, i) => {
    const s = row.span;
    const haystack = [
      s.service,
      s.operation,
      s.spanId,
      ...attributeTexts(s.attributes),
      ...attributeTexts(s.resource),
      ...s.events.map((e) => e.name),
    ];
    if (haystack.some((h) => h.toLowerCase().includes(needle))) {
      found.push(i);
    }
  });
  return found;
}

/** `collapsed` without the rows that hide `index` (its collapsed ancestors). */
export function revealRow(
  model: WaterfallModel,
  collapsed: ReadonlySet<number>,
  index: number,
): Set<number> {
  const next = new Set(collapsed);
  for (const i of collapsed) {
    if (i < index && index < model.spans[i]!.subtreeEnd) {
      next.delete(i);
    }
  }
  return next;
}
