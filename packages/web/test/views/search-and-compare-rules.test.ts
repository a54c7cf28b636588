import { describe, expect, it } from 'vitest';
import type { PathComparison } from '../../src/api/api-types.js';
import {
  changeTone,
  significanceMark,
} from '../../src/views/compare/verdict-tone.js';
import {
  parseTags,
  toSearchApiParams,
  parseSearchState,
} from '../../src/views/search/search-state.js';
import {
  formatGoDuration,
  formatInterval,
  parseTimestamp,
} from '../../src/format/format-units.js';

describe('search tags', () => {
  it('reads key=value pairs, quoted values with spaces included', () => {
    expect(parseTags('http.status_code=500  error=true v="a b"')).toEqual({
      tags: { 'http.status_code': '500', error: 'true', v: 'a b' },
    });
    expect(parseTags('')).toEqual({ tags: {} });
  });

  it('names a pair that is not key=value', () => {
    expect(parseTags('a=1 oops')).toEqual({ error: '“oops” is not key=value' });
    expect(parseTags('=1')).toEqual({ error: '“=1” is not key=value' });
  });

  it('sends tags as a JSON map, with the limit capped at 1 500', () => {
    const state = parseSearchState(
      new URLSearchParams('service=svc-a&tags=a%3D1&limit=99999'),
    );
    expect(state.limit).toBe(1500);
    expect(toSearchApiParams(state)).toEqual({
      params: [
        ['service', 'svc-a'],
        ['lookback', '1h'],
        ['limit', '1500'],
        ['tags', '{"a":"1"}'],
      ],
    });
    expect(toSearchApiParams({ ...state, service: '' })).toEqual({
      error: 'Choose a service',
    });
  });
});

describe('compare tones', () => {
  const path = (
    verdict: PathComparison['verdict'],
    significant: boolean,
  ): PathComparison =>
    ({
      verdict,
      test: { method: 'mann-whitney-u', pValue: 0.0004, significant },
    }) as unknown as PathComparison;

  it('colours a change only when it points the verdict’s way', () => {
    expect(changeTone('regressed', 'worse')).toBe('worse');
    expect(changeTone('regressed', 'better')).toBe('neutral');
    expect(changeTone('improved', 'better')).toBe('better');
    expect(changeTone('improved', 'worse')).toBe('neutral');
    expect(changeTone('unchanged', 'worse')).toBe('neutral');
    expect(changeTone('appeared', 'worse')).toBe('neutral');
  });

  it('stars exactly the regressed and improved paths', () => {
    expect(significanceMark(path('regressed', true))).toEqual({
      kind: 'star',
      tone: 'worse',
      p: '< 0.001',
    });
    expect(significanceMark(path('improved', true)).kind).toBe('star');
    expect(significanceMark(path('unchanged', true)).kind).toBe('below-effect');
    expect(significanceMark(path('unchanged', false)).kind).toBe(
      'not-significant',
    );
  });
});

describe('time formats', () => {
  it('reads back the timestamps the UI prints, in local time', () => {
    const micros = new Date(2025, 0, 15, 11, 50, 3, 120).getTime() * 1000;
    expect(parseTimestamp('2025-01-15 11:50:03.120')).toBe(micros);
    expect(parseTimestamp('2025-01-15T11:50')).toBe(micros - 3_120_000);
    expect(parseTimestamp('2025-02-30 10:00')).toBeNull();
    expect(parseTimestamp('yesterday')).toBeNull();
  });

  it('writes intervals and Go durations the API reads back', () => {
    expect(formatInterval(30e6)).toBe('30s');
    expect(formatInterval(120e6)).toBe('2m');
    expect(formatInterval(86_400e6)).toBe('1d');
    expect(formatGoDuration(250_000)).toBe('250ms');
    expect(formatGoDuration(2_000_000)).toBe('2s');
    expect(formatGoDuration(1234)).toBe('1234us');
  });
});
