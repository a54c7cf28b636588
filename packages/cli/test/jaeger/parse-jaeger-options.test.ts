import { describe, expect, it } from 'vitest';
import { parseInstant } from '@pathprof/model';
import type { JaegerFlags } from '../../src/jaeger/parse-jaeger-options.js';
import {
  DEFAULT_JAEGER_LIMIT,
  JAEGER_OPTION_MESSAGES,
  parseJaegerOptions,
} from '../../src/jaeger/parse-jaeger-options.js';
import { UsageError } from '../../src/shared/usage-error.js';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0) * 1000; // 2024-05-01T12:00:00Z in µs
const HOUR = 3_600_000_000;
const BASE: JaegerFlags = {
  jaeger: 'http://jaeger:16686',
  service: 'frontend',
};

function parse(
  extra: Partial<JaegerFlags>,
): ReturnType<typeof parseJaegerOptions> {
  return parseJaegerOptions({ ...BASE, ...extra }, NOW);
}

function usageErrorOf(extra: Partial<JaegerFlags>): UsageError {
  try {
    parse(extra);
  } catch (err) {
    if (err instanceof UsageError) {
      return err;
    }
    throw err;
  }
  throw new Error('expected a UsageError');
}

describe('parseJaegerOptions', () => {
  it('defaults to the last hour, ending now, with the default limit', () => {
    expect(parse({})).toEqual({
      baseUrl: 'http://jaeger:16686',
      service: 'frontend',
      startMicros: NOW - HOUR,
      endMicros: NOW,
      limit: DEFAULT_JAEGER_LIMIT,
    });
  });

  it('passes operation, tags, limit and durations through in µs', () => {
    const query = parse({
      operation: 'HTTP GET /dispatch',
      tags: '{"http.status_code":"500"}',
      limit: '50',
      minDuration: '1.2s',
      maxDuration: '3s',
    });
    expect(query).toMatchObject({
      operation: 'HTTP GET /dispatch',
      tags: { 'http.status_code': '500' },
      limit: 50,
      minDurationMicros: 1_200_000,
      maxDurationMicros: 3_000_000,
    });
  });

  it('keeps a base path and drops trailing slashes', () => {
    expect(parse({ jaeger: 'http://host:16686/jaeger/' }).baseUrl).toBe(
      'http://host:16686/jaeger',
    );
  });

  it('adds http:// to a URL without a scheme', () => {
    expect(parse({ jaeger: 'localhost:16686' }).baseUrl).toBe(
      'http://localhost:16686',
    );
  });

  it('moves credentials from the URL into an Authorization header', () => {
    const query = parse({
      jaeger: 'https://me:s%40cret@jaeger.example/jaeger',
    });
    expect(query.baseUrl).toBe('https://jaeger.example/jaeger');
    expect(query.authorization).toBe(
      `Basic ${Buffer.from('me:s@cret').toString('base64')}`,
    );
  });

  it('sends a --token as a bearer token, and refuses it next to URL credentials', () => {
    expect(parse({ token: 't0k3n' }).authorization).toBe('Bearer t0k3n');
    const err = usageErrorOf({ jaeger: 'http://me:pw@jaeger', token: 't' });
    expect(err.flag).toBe('--token');
    expect(err.message).toBe(JAEGER_OPTION_MESSAGES.tokenAndCredentials);
  });

  it.each(['ftp://jaeger', 'http://', 'not a url at all'])(
    'rejects the URL %j',
    (jaeger) => {
      expect(usageErrorOf({ jaeger }).flag).toBe('--jaeger');
    },
  );

  it('rejects a URL with a query string', () => {
    expect(
      usageErrorOf({ jaeger: 'http://jaeger:16686/search?service=a' }).message,
    ).toBe(
      JAEGER_OPTION_MESSAGES.urlWithQuery(
        'http://jaeger:16686/search?service=a',
      ),
    );
  });

  it('requires --service', () => {
    const err = usageErrorOf({ service: '  ' });
    expect(err).toMatchObject({
      flag: '--service',
      message: JAEGER_OPTION_MESSAGES.noService,
      exitCode: 2,
    });
  });

  it('rejects an empty --operation', () => {
    expect(usageErrorOf({ operation: ' ' }).flag).toBe('--operation');
  });

  it('takes --start and --end as RFC 3339 with offsets and fractions', () => {
    const query = parse({
      start: '2024-05-01T12:00:00.5+02:00',
      end: '2024-05-01T11:00:00.000001Z',
    });
    expect(query.startMicros).toBe(NOW - 2 * HOUR + 500_000);
    expect(query.endMicros).toBe(NOW - HOUR + 1);
  });

  it('computes start from --end and --lookback', () => {
    const query = parse({ end: '2024-05-01T12:00:00Z', lookback: '2d' });
    expect(query.endMicros - query.startMicros).toBe(48 * HOUR);
  });

  it('rejects --start together with --lookback', () => {
    expect(usageErrorOf({ start: 'now', lookback: '1h' })).toMatchObject({
      flag: '--lookback',
      message: JAEGER_OPTION_MESSAGES.startAndLookback,
    });
  });

  it('rejects a start that is not before the end', () => {
    expect(
      usageErrorOf({
        start: '2024-05-01T12:00:00Z',
        end: '2024-05-01T12:00:00Z',
      }).flag,
    ).toBe('--start');
  });

  it.each([
    'yesterday',
    '2024-02-30T00:00:00Z',
    '2024-05-01T25:00:00Z',
    '2024-05-01',
    '-5',
    '1.5',
  ])('rejects the time %j', (start) => {
    expect(usageErrorOf({ start, end: 'now' })).toMatchObject({
      flag: '--start',
      message: JAEGER_OPTION_MESSAGES.badTime('--start', start),
    });
  });

  it.each(['0', '-1h', '1x', '', 'd'])(
    'rejects the lookback %j',
    (lookback) => {
      expect(usageErrorOf({ lookback }).flag).toBe('--lookback');
    },
  );

  it('stringifies number and boolean tag values', () => {
    expect(
      parse({ tags: '{"http.status_code":500,"error":true}' }).tags,
    ).toEqual({
      'http.status_code': '500',
      error: 'true',
    });
  });

  it('leaves out an empty tag object', () => {
    expect(parse({ tags: '{}' })).not.toHaveProperty('tags');
  });

  it.each([
    '{bad json',
    '["a"]',
    '"text"',
    'null',
    '{"a":{"b":"c"}}',
    '{"a":null}',
  ])('rejects the tags %j', (tags) => {
    expect(usageErrorOf({ tags }).flag).toBe('--tags');
  });

  it.each(['0', '-1', '1.5', 'ten', '', '1000001'])(
    'rejects the limit %j',
    (limit) => {
      expect(usageErrorOf({ limit })).toMatchObject({
        flag: '--limit',
        message: JAEGER_OPTION_MESSAGES.badLimit(limit),
      });
    },
  );

  it.each([
    ['--min-duration', { minDuration: '1.2' }],
    ['--max-duration', { maxDuration: 'fast' }],
  ] as const)('rejects a bad %s', (flag, extra) => {
    expect(usageErrorOf(extra).flag).toBe(flag);
  });

  it('rejects a max duration not above the min duration', () => {
    expect(
      usageErrorOf({ minDuration: '1s', maxDuration: '1000ms' }).message,
    ).toBe(JAEGER_OPTION_MESSAGES.minAboveMax);
  });

  it('treats a zero duration as no filter', () => {
    expect(parse({ minDuration: '0' })).not.toHaveProperty('minDurationMicros');
  });
});

describe('parseInstant', () => {
  it.each([
    ['seconds', '1714564800'],
    ['milliseconds', '1714564800000'],
    ['microseconds', '1714564800000000'],
    ['nanoseconds', '1714564800000000000'],
    ['RFC 3339', '2024-05-01T12:00:00Z'],
    ['RFC 3339 with a lowercase t and z', '2024-05-01t12:00:00z'],
    ['RFC 3339 with a space', '2024-05-01 14:00:00+02:00'],
  ])('reads %s', (_name, text) => {
    expect(parseInstant(text, 0)).toBe(NOW);
  });

  it('reads now', () => {
    expect(parseInstant('now', NOW)).toBe(NOW);
  });

  it('truncates nanoseconds below the µs', () => {
    expect(parseInstant('2024-05-01T12:00:00.123456789Z', 0)).toBe(
      NOW + 123_456,
    );
  });
});
