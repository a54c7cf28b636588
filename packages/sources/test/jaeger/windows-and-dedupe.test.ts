import { describe, expect, it } from 'vitest';
import type { OtlpResourceSpans } from '@pathprof/model';
import {
  planTimeWindows,
  planWindowLimit,
} from '../../src/jaeger/plan-time-windows.js';
import { splitJsonValues } from '../../src/jaeger/read-search-answers.js';
import {
  selectNewV1Traces,
  selectNewV3Spans,
  traceIdKey,
} from '../../src/jaeger/select-new-traces.js';
import { readFixture, readSharedTrace } from './fake-jaeger.js';

const MINUTE = 60_000_000;

describe('planTimeWindows', () => {
  it('cuts 3 hours into 12 windows of 15 minutes', () => {
    const windows = planTimeWindows(0, 180 * MINUTE, 1000);
    expect(windows).toHaveLength(12);
    expect(
      windows.every((w) => w.endMicros - w.startMicros === 15 * MINUTE),
    ).toBe(true);
  });

  it('uses more windows when the limit would not fit 100 traces per request', () => {
    const windows = planTimeWindows(0, 60 * MINUTE, 1000);
    expect(windows.map((w) => (w.endMicros - w.startMicros) / MINUTE)).toEqual(
      Array<number>(10).fill(6),
    );
  });

  it('makes windows longer than 15 minutes past 1000 of them', () => {
    const windows = planTimeWindows(0, 30 * 24 * 60 * MINUTE, 1000);
    expect(windows).toHaveLength(1000);
    expect(windows[0]?.endMicros).toBe(43.2 * MINUTE);
  });

  it('still fits the limit at 100 traces per request on a long range', () => {
    expect(planTimeWindows(0, 30 * 24 * 60 * MINUTE, 500_000)).toHaveLength(
      5000,
    );
  });

  it('keeps one window for a range under a second', () => {
    expect(planTimeWindows(5, 500_005, 10_000)).toEqual([
      { startMicros: 5, endMicros: 500_005 },
    ]);
  });

  it('covers an uneven range exactly, without gaps', () => {
    const windows = planTimeWindows(0, 40 * MINUTE + 7, 10);
    expect(windows).toHaveLength(3);
    expect(windows[0]?.startMicros).toBe(0);
    expect(windows.at(-1)?.endMicros).toBe(40 * MINUTE + 7);
    windows
      .slice(1)
      .forEach((w, i) => expect(w.startMicros).toBe(windows[i]?.endMicros));
  });

  it('spreads the budget left over the windows left, capped per request', () => {
    expect(planWindowLimit(1000, 0, 12)).toBe(84);
    expect(planWindowLimit(1000, 11, 12)).toBe(100);
    expect(planWindowLimit(3, 1, 4)).toBe(1);
  });
});

describe('traceIdKey', () => {
  it('pads 64-bit hex ids and lowercases', () => {
    expect(traceIdKey('ABC0')).toBe(
      traceIdKey('0000000000000000000000000000abc0'),
    );
  });

  it('reads base64 ids as their hex', () => {
    expect(traceIdKey('AAAAAAAAAAAAAAAAAAAAAQ==')).toBe(
      '00000000000000000000000000000001',
    );
  });
});

describe('selectNewV1Traces', () => {
  const data = (
    JSON.parse(readSharedTrace('jaeger-follows-from-issue115.jaeger.json')) as {
      data: unknown[];
    }
  ).data;

  it('keeps unseen traces and records their ids', () => {
    const seen = new Set<string>();
    expect(selectNewV1Traces(data, seen, 10)).toMatchObject({
      traceCount: 1,
      duplicates: 0,
    });
    expect(selectNewV1Traces(data, seen, 10)).toEqual({
      value: [],
      traceCount: 0,
      duplicates: 1,
    });
  });

  it('takes at most the budget', () => {
    const seen = new Set<string>();
    expect(selectNewV1Traces(data, seen, 0).traceCount).toBe(0);
    expect(seen.size).toBe(0);
  });
});

describe('selectNewV3Spans', () => {
  const hotrod = (
    JSON.parse(readSharedTrace('hotrod-jaeger-apiv3-getTrace.otlp.json')) as {
      result: { resourceSpans: OtlpResourceSpans[] };
    }
  ).result.resourceSpans;
  const probe = (
    JSON.parse(readFixture('v3-trace-local-2.21.0.json')) as {
      result: { resourceSpans: OtlpResourceSpans[] };
    }
  ).result.resourceSpans;

  it('drops every span of a seen trace and keeps the others', () => {
    const seen = new Set([traceIdKey('2ea75461946a7dd10f2c15ab36a076cb')]);
    const selected = selectNewV3Spans([...hotrod, ...probe], seen, 10);
    expect(selected).toMatchObject({ traceCount: 1, duplicates: 1 });
    expect(selected.value).toHaveLength(1);
    expect(seen.has(traceIdKey('0123456789abcdef0123456789abcdef'))).toBe(true);
  });

  it('does not change its input', () => {
    const before = JSON.stringify(hotrod);
    selectNewV3Spans(hotrod, new Set(), 0);
    expect(JSON.stringify(hotrod)).toBe(before);
  });
});

describe('splitJsonValues', () => {
  it('reads values written back to back, with or without whitespace', () => {
    expect(splitJsonValues('{"a":"}{"}\n{"b":[1]}{"c":"\\""}')).toEqual([
      { a: '}{' },
      { b: [1] },
      { c: '"' },
    ]);
  });

  it.each(['{"a":1} x', '{"a":1', '{"a":1}}', '"text" {}'])(
    'rejects %j',
    (text) => {
      expect(splitJsonValues(text)).toBeNull();
    },
  );
});
