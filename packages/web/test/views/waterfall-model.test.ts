import { describe, expect, it } from 'vitest';
import {
  buildWaterfallModel,
  listParentRows,
  listVisibleRows,
} from '../../src/views/trace/waterfall-model.js';
import type { Span } from '@pathprof/model';
import { SPANS, TRACE, span } from './waterfall-spans.js';

describe('buildWaterfallModel', () => {
  it('orders spans depth-first with relative times, roles and the critical path', () => {
    const model = buildWaterfallModel(TRACE, SPANS);
    expect(model.durationMicros).toBe(100);
    expect(
      model.spans.map((s) =>
        `${'  '.repeat(s.depth)}${s.span.operation} ${s.role}${s.hopLabel === undefined ? '' : ` ${s.hopLabel}`} +${s.offsetMicros} ${s.criticalMicros > 0 ? 'critical' : ''}`.trimEnd(),
      ),
    ).toEqual([
      'op1 proxy +0 critical',
      '  op2 hop svc-a:a3 +5 critical',
      '    op3 framework +10 critical',
      '      op4 hop svc-e:e1 +15 critical',
      '    op5 hop svc-g:g1 +65 critical',
    ]);
    expect(model.hopCount).toBe(3);
    expect(model.services).toEqual([
      'istio-ingressgateway.istio-system',
      'svc-a',
      'svc-e',
      'svc-g',
    ]);
  });

  it('hides the subtree of a collapsed span and lists the spans that can collapse', () => {
    const model = buildWaterfallModel(TRACE, SPANS);
    expect(listVisibleRows(model, new Set())).toEqual([0, 1, 2, 3, 4]);
    expect(listVisibleRows(model, new Set([2]))).toEqual([0, 1, 2, 4]);
    expect(listVisibleRows(model, new Set([0]))).toEqual([0]);
    expect(listParentRows(model)).toEqual([0, 1, 2]);
  });

  it('answers an empty model for a trace without spans', () => {
    const model = buildWaterfallModel(TRACE, []);
    expect(model.spans).toEqual([]);
    expect(model.durationMicros).toBe(0);
    expect(listVisibleRows(model, new Set())).toEqual([]);
  });

  it('builds the rows of a 100k-span trace, every span once', () => {
    // a root with 1000 children of 99 grandchildren each
    const spans: Span[] = [span(1, null, 'svc-a', 0, 1_000_000)];
    let id = 2;
    for (let c = 0; c < 1000; c++) {
      const child = id++;
      spans.push(span(child, 1, `svc-${c % 50}`, c * 1000, 900));
      for (let g = 0; g < 99; g++) {
        spans.push(span(id++, child, `svc-${c % 50}`, c * 1000 + g * 9, 8));
      }
    }
    expect(spans.length).toBe(100_001);
    const model = buildWaterfallModel(TRACE, spans);
    expect(model.spans.length).toBe(100_001);
    expect(model.spans[0]!.subtreeEnd).toBe(100_001);
    const collapsedChildren = new Set(
      listParentRows(model).filter((i) => i > 0),
    );
    expect(listVisibleRows(model, collapsedChildren).length).toBe(1001);
  });
});
