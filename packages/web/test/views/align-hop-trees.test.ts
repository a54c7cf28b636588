import { analyzeTrace } from '@pathprof/engine';
import type { Span } from '@pathprof/model';
import { describe, expect, it } from 'vitest';
import {
  alignHopTrees,
  findLargestSelfIncrease,
} from '../../src/views/trace-diff/align-hop-trees.js';
import { span, SPANS, TRACE } from './waterfall-spans.js';

const hop = (name: string) => ({
  'pathprof.hop': true,
  'pathprof.hop.name': name,
});

/** The rows as `depth label A-duration B-duration`. */
function dump(a: readonly Span[], b: readonly Span[]): string[] {
  return alignHopTrees(analyzeTrace(TRACE, a), analyzeTrace(TRACE, b)).map(
    (r) =>
      `${'  '.repeat(r.depth)}${r.label} ${r.a?.durationMicros ?? '-'} ${r.b?.durationMicros ?? '-'}`,
  );
}

describe('alignHopTrees', () => {
  it('pairs the hops of two traces by their place in the hop tree', () => {
    //   A: a3 [5-95] ─┬─ e1 [15-55]       B: a3 [5-95] ─┬─ e1 [15-80]
    //                 └─ g1 [65-75]                     └─ g1 [85-95]
    const slower = [
      ...SPANS.slice(0, 2),
      span(3, 2, 'svc-a', 10, 75),
      span(4, 3, 'svc-e', 15, 65, hop('e1')),
      span(5, 2, 'svc-g', 85, 10, hop('g1')),
    ];
    expect(dump(SPANS, slower)).toEqual([
      'svc-a:a3 90 90',
      '  svc-e:e1 40 65',
      '  svc-g:g1 10 10',
    ]);
    const rows = alignHopTrees(
      analyzeTrace(TRACE, SPANS),
      analyzeTrace(TRACE, slower),
    );
    expect(findLargestSelfIncrease(rows)?.label).toBe('svc-e:e1');
  });

  it('lists a hop of one trace only on its side, with its subtree', () => {
    //   A: a3 ─┬─ e1          B: a3 ─┬─ e1 ─ f1
    //          └─ g1                 └─ e1 (a second call)
    const b = [
      ...SPANS.slice(0, 4),
      span(6, 4, 'svc-f', 20, 10, hop('f1')),
      span(7, 2, 'svc-e', 65, 20, hop('e1')),
    ];
    expect(dump(SPANS, b)).toEqual([
      'svc-a:a3 90 90',
      '  svc-e:e1 40 40',
      '    svc-f:f1 - 10',
      '  svc-g:g1 10 -',
      '  svc-e:e1 - 20',
    ]);
  });

  it('names no hop when none spent more time in itself', () => {
    const rows = alignHopTrees(
      analyzeTrace(TRACE, SPANS),
      analyzeTrace(TRACE, SPANS),
    );
    expect(findLargestSelfIncrease(rows)).toBeNull();
  });
});
