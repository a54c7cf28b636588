import type { Span } from '@pathprof/model';
import type { DependencyLink } from '../span-store.js';
import { createParentResolver } from './resolve-parent.js';

/** Adds one trace's cross-service calls to `counts` (key `parent\0child`). */
export function countTraceDependencies(
  spans: readonly Span[],
  counts: Map<string, number>,
): void {
  const parentOf = createParentResolver(spans);
  for (const span of spans) {
    const parent = parentOf(span);
    if (parent !== undefined && parent.service !== span.service) {
      const key = `${parent.service}\u0000${span.service}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
}

export function toDependencyLinks(
  counts: Map<string, number>,
): DependencyLink[] {
  return [...counts]
    .map(([key, callCount]) => {
      const [parent = '', child = ''] = key.split('\u0000');
      return { parent, child, callCount };
    })
    .sort((a, b) => compare(a.parent, b.parent) || compare(a.child, b.child));
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
