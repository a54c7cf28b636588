import { describe, expect, it } from 'vitest';
import type { MeasureChange } from '@pathprof/model';
import {
  formatCompareApiParams,
  formatCompareUrlParams,
  parseCompareState,
} from '../../src/views/compare/compare-state.js';
import { describeChangeText } from '../../src/views/compare/change-text.js';
import { formatMicros } from '../../src/format/format-units.js';

const toQuery = (params: Record<string, string | undefined>) =>
  new URLSearchParams(
    Object.entries(params).filter(
      (e): e is [string, string] => e[1] !== undefined,
    ),
  );

describe('compare state', () => {
  it('maps two windows to the API parameters and back through the URL', () => {
    const state = parseCompareState(
      new URLSearchParams(
        'mode=windows&service=svc-a&baselineStart=1&baselineEnd=2&candidateStart=3&candidateEnd=4',
      ),
    );
    expect(formatCompareApiParams(state)).toEqual([
      ['service', 'svc-a'],
      ['baselineStart', '1'],
      ['baselineEnd', '2'],
      ['candidateStart', '3'],
      ['candidateEnd', '4'],
    ]);
    expect(parseCompareState(toQuery(formatCompareUrlParams(state)))).toEqual(
      state,
    );
  });

  it('maps two versions to by/baseline/candidate within a window', () => {
    const state = parseCompareState(
      new URLSearchParams('baseline=v1&candidate=v2&start=10&end=20'),
    );
    expect(state.mode).toBe('versions');
    expect(formatCompareApiParams(state)).toEqual([
      ['by', 'service.version'],
      ['baseline', 'v1'],
      ['candidate', 'v2'],
      ['start', '10'],
      ['end', '20'],
    ]);
  });

  it('asks for nothing until both sides are named', () => {
    expect(
      formatCompareApiParams(parseCompareState(new URLSearchParams(''))),
    ).toBe(null);
    expect(
      formatCompareApiParams(
        parseCompareState(
          new URLSearchParams('mode=versions&baseline=v1&start=1&end=2'),
        ),
      ),
    ).toBe(null);
  });
});

describe('describeChangeText', () => {
  const change = (
    baseline: number | null,
    candidate: number | null,
  ): MeasureChange => ({
    baseline,
    candidate,
    delta:
      baseline === null || candidate === null ? null : candidate - baseline,
    relative:
      baseline === null || candidate === null || baseline === 0
        ? null
        : (candidate - baseline) / baseline,
  });

  it('calls a slower candidate worse and a faster one better', () => {
    expect(describeChangeText(change(100_000, 150_000), formatMicros)).toEqual({
      sides: '100.0ms → 150.0ms',
      change: '+50.0%',
      direction: 'worse',
    });
    expect(
      describeChangeText(change(100_000, 50_000), formatMicros).direction,
    ).toBe('better');
  });

  it('treats changes within the noise, and neutral measures, as the same', () => {
    expect(
      describeChangeText(change(100_000, 101_000), formatMicros).direction,
    ).toBe('same');
    expect(describeChangeText(change(1, 2), String, false).direction).toBe(
      'same',
    );
  });

  it('shows an appeared path with one side only', () => {
    expect(describeChangeText(change(null, 50_000), formatMicros)).toEqual({
      sides: '– → 50.0ms',
      change: '–',
      direction: 'unknown',
    });
  });
});
