import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatGoDuration, parseDuration } from '@pathprof/model';

const SECOND = 1_000_000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;

describe('parseDuration', () => {
  it.each([
    ['1.2s', 1_200_000],
    ['100ms', 100_000],
    ['500us', 500],
    ['500µs', 500], // U+00B5
    ['500μs', 500], // U+03BC
    ['1500ns', 2], // rounded to the µs
    ['1h30m', 5_400_000_000],
    ['0', 0],
    ['0s', 0],
    ['.5s', 500_000],
    ['1.s', SECOND],
    ['30m', 30 * 60 * SECOND],
    ['2d', 2 * DAY],
    ['0.5d', 12 * HOUR],
    ['1d12h', 36 * HOUR],
    ['1.5d12h', 48 * HOUR],
    ['1w', 7 * DAY],
    ['1w2d', 9 * DAY],
    ['7d', 7 * DAY],
    ['30s1h', HOUR + 30 * SECOND], // any order, as Go
    [' 2h ', 2 * HOUR],
  ])('reads %j', (text, micros) => {
    expect(parseDuration(text)).toBe(micros);
  });

  it.each([
    '',
    ' ',
    '12',
    '1.2x',
    '1.2.3s',
    '-1h',
    '+1h',
    '1 h',
    '1H',
    '7D',
    '0days',
    'd',
    '.s',
    '1e3s',
  ])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it('reads back what formatGoDuration writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 365 * DAY }), (micros) => {
        expect(parseDuration(formatGoDuration(micros))).toBe(micros);
      }),
    );
  });

  it('sums its terms: a combination reads as the sum of its parts', () => {
    const unit = fc.constantFrom('us', 'ms', 's', 'm', 'h', 'd', 'w');
    const term = fc
      .tuple(fc.integer({ min: 0, max: 1000 }), unit)
      .map(([n, u]) => `${n}${u}`);
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 5 }), (terms) => {
        const parts = terms.map((t) => parseDuration(t) as number);
        expect(parseDuration(terms.join(''))).toBe(
          parts.reduce((a, b) => a + b, 0),
        );
      }),
    );
  });
});

describe('formatGoDuration', () => {
  it.each([
    [1_200_000, '1200ms'],
    [3_000_000, '3s'],
    [500, '500us'],
    [3_600_000_000, '3600s'],
    [0, '0s'],
    [1234.4, '1234us'],
  ])('writes %d µs as %s', (micros, text) => {
    expect(formatGoDuration(micros)).toBe(text);
  });
});
