import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatRfc3339Micros, parseRfc3339Micros } from '@pathprof/model';

const T = 1_700_000_000_000_000; // 2023-11-14T22:13:20Z in µs

describe('parseRfc3339Micros', () => {
  it.each([
    ['2023-11-14T22:13:20Z', T],
    ['2023-11-14T22:13:20.123456Z', T + 123_456],
    ['2023-11-14T22:13:20.123456789Z', T + 123_456], // truncated to the µs
    ['2023-11-14T22:13:20.1Z', T + 100_000],
    ['2023-11-14T23:13:20+01:00', T],
    ['2023-11-14T21:43:20-00:30', T],
    ['2023-11-14t22:13:20z', T],
    // RFC 3339 §5.6 allows a space for T. The CLI's --start/--end read it
    // while api_v3's time parameters refused it (as Go's time.Parse does);
    // one leniency everywhere now: both read it.
    ['2023-11-14 22:13:20Z', T],
    ['  2023-11-14T22:13:20Z ', T],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29) * 1000],
  ])('reads %j', (text, micros) => {
    expect(parseRfc3339Micros(text)).toBe(micros);
  });

  it.each([
    '',
    '2023-11-14',
    '2023-11-14T22:13:20', // no zone
    '2023-02-30T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2023-13-01T00:00:00Z',
    '2023-11-14T24:00:00Z',
    '2023-11-14T22:60:00Z',
    '2023-11-14T22:13:60Z',
    '2023-11-14T22:13:20+24:00',
    '2023-11-14T22:13:20+01:60',
    '2023-11-14T22:13:20.Z',
    '2023-11-14T22:13:20.1234567890Z',
    '1700000000',
  ])('refuses %j', (text) => {
    expect(parseRfc3339Micros(text)).toBeNull();
  });

  it('reads back what formatRfc3339Micros writes, to the µs', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date(0),
          max: new Date('2255-12-31T23:59:59.999Z'), // µs stay safe integers until 2255
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 999 }),
        (date, extraMicros) => {
          const micros = date.getTime() * 1000 + extraMicros;
          const text = formatRfc3339Micros(micros);
          expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
          expect(parseRfc3339Micros(text)).toBe(micros);
        },
      ),
    );
  });
});
