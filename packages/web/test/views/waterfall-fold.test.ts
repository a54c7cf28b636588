import { describe, expect, it } from 'vitest';
import {
  formatFoldParam,
  parseFoldParam,
} from '../../src/views/trace/waterfall-fold.js';
import { buildWaterfallModel } from '../../src/views/trace/waterfall-model.js';
import { SPANS, TRACE } from './waterfall-spans.js';

// rows: 0 gw, 1 a, 2 client a, 3 e, 4 g; parents 0, 1, 2
const model = buildWaterfallModel(TRACE, SPANS);
const idOf = (row: number): string => model.spans[row]!.span.spanId;

describe('formatFoldParam and parseFoldParam', () => {
  it('writes nothing when no row is collapsed', () => {
    expect(formatFoldParam(new Set(), model)).toBeUndefined();
    expect(parseFoldParam(null, model).size).toBe(0);
  });

  it('writes the ids of a few collapsed rows and reads them back', () => {
    const text = formatFoldParam(new Set([2]), model);
    expect(text).toBe(idOf(2));
    expect([...parseFoldParam(text!, model)]).toEqual([2]);
  });

  it('writes "Collapse all" as all, with the rows opened again after it', () => {
    expect(formatFoldParam(new Set([1, 2]), model)).toBe('all');
    const oneOpen = formatFoldParam(new Set([1]), model);
    expect(oneOpen).toBe(idOf(1));
    const rootToo = formatFoldParam(new Set([0, 1, 2]), model);
    expect(rootToo).toBe(`all,${idOf(0)}`);
    expect([...parseFoldParam(rootToo!, model)].sort()).toEqual([0, 1, 2]);
    expect([...parseFoldParam(`all,${idOf(2)}`, model)]).toEqual([1]);
  });

  it('ignores unknown ids and rows without children', () => {
    const text = ['ffffffffffffffff', idOf(4), idOf(1).toUpperCase()].join(',');
    expect([...parseFoldParam(text, model)]).toEqual([1]);
  });
});
