import { describe, expect, it } from 'vitest';
import { createCollectorMetrics } from '../../src/metrics/collector-metrics.js';
import type { CollectorMetrics } from '../../src/metrics/collector-metrics.js';
import { hopSpan, requestSpans } from './hop-span.js';
import {
  findSampleValue,
  listPathLabels,
  parseExposition,
} from './parse-exposition.js';
import type { Sample } from './parse-exposition.js';

const A3 = 'svc-a:a3';
const A3_E1 = 'svc-a:a3 > svc-e:e1';
const A3_E1_D2 = 'svc-a:a3 > svc-e:e1 > svc-d:d2';

function createMetrics(maxPaths = 10): CollectorMetrics {
  return createCollectorMetrics({
    maxPaths,
    queueDepth: () => 0,
    queueCapacity: 100,
    processMetrics: false,
  });
}

async function scrape(metrics: CollectorMetrics): Promise<Sample[]> {
  return parseExposition((await metrics.render()).body);
}

const requests = (samples: Sample[], path: string): number | undefined =>
  findSampleValue(samples, 'pathprof_path_requests_total', { path });

describe('per-path metrics', () => {
  it('counts one request for every path prefix a hop span ends', async () => {
    const metrics = createMetrics();
    metrics.observeStoredSpans(
      requestSpans(['svc-a:a3', 'svc-e:e1', 'svc-d:d2']),
    );
    metrics.observeStoredSpans(requestSpans(['svc-a:a3', 'svc-e:e1']));
    const samples = await scrape(metrics);
    expect(requests(samples, A3)).toBe(2);
    expect(requests(samples, A3_E1)).toBe(2);
    expect(requests(samples, A3_E1_D2)).toBe(1);
  });

  it('ignores spans without a string pathprof.path', async () => {
    const metrics = createMetrics();
    metrics.observeStoredSpans([
      hopSpan(),
      hopSpan({ path: '' }),
      { ...hopSpan(), attributes: { 'pathprof.path': 42 } },
    ]);
    const samples = await scrape(metrics);
    expect(listPathLabels(samples, 'pathprof_path_requests_total')).toEqual([]);
    expect(findSampleValue(samples, 'pathprof_path_labels')).toBe(0);
  });

  it('counts error spans per path and shows zero errors for a path without any', async () => {
    const metrics = createMetrics();
    metrics.observeStoredSpans([
      hopSpan({ path: [A3], status: 'error' }),
      hopSpan({ path: [A3], status: 'ok' }),
      hopSpan({ path: [A3, 'svc-g:g1'] }),
    ]);
    const samples = await scrape(metrics);
    const errors = (path: string): number | undefined =>
      findSampleValue(samples, 'pathprof_path_errors_total', { path });
    expect(errors(A3)).toBe(1);
    expect(errors('svc-a:a3 > svc-g:g1')).toBe(0);
  });

  it("observes each hop span's own duration in seconds", async () => {
    const metrics = createMetrics();
    metrics.observeStoredSpans([
      hopSpan({ path: [A3], durationMillis: 3 }),
      hopSpan({ path: [A3], durationMillis: 700 }),
    ]);
    const samples = await scrape(metrics);
    const bucket = (le: string): number | undefined =>
      findSampleValue(samples, 'pathprof_path_duration_seconds_bucket', {
        path: A3,
        le,
      });
    expect(bucket('0.001')).toBe(0);
    expect(bucket('0.005')).toBe(1);
    expect(bucket('0.5')).toBe(1);
    expect(bucket('1')).toBe(2);
    expect(bucket('30')).toBe(2);
    expect(bucket('+Inf')).toBe(2);
    const sum = findSampleValue(samples, 'pathprof_path_duration_seconds_sum', {
      path: A3,
    });
    expect(sum).toBeCloseTo(0.703, 9);
  });

  it('counts a request but no duration when the source left the duration out', async () => {
    const metrics = createMetrics();
    metrics.observeStoredSpans([
      hopSpan({ path: [A3], durationMillis: 0, missingTiming: 'duration' }),
    ]);
    const samples = await scrape(metrics);
    expect(requests(samples, A3)).toBe(1);
    expect(
      findSampleValue(samples, 'pathprof_path_duration_seconds_count', {
        path: A3,
      }),
    ).toBe(0);
  });
});

describe('path label cardinality', () => {
  it('folds paths beyond maxPaths into "other" and counts them as overflow', async () => {
    const metrics = createMetrics(2);
    metrics.observeStoredSpans(
      requestSpans(['svc-a:a3', 'svc-e:e1', 'svc-d:d2']),
    );
    metrics.observeStoredSpans(requestSpans(['svc-b:b1', 'svc-c:c1']));
    const samples = await scrape(metrics);
    expect(listPathLabels(samples, 'pathprof_path_requests_total')).toEqual([
      'other',
      A3,
      A3_E1,
    ]);
    expect(requests(samples, 'other')).toBe(3);
    const overflow = (reason: string): number | undefined =>
      findSampleValue(samples, 'pathprof_path_labels_overflow_total', {
        reason,
      });
    expect(overflow('max_paths')).toBe(3);
    expect(overflow('too_long')).toBe(0);
    expect(findSampleValue(samples, 'pathprof_path_labels')).toBe(2);
    expect(findSampleValue(samples, 'pathprof_path_labels_limit')).toBe(2);
  });

  it('keeps counting paths that got a label after the limit is reached', async () => {
    const metrics = createMetrics(1);
    metrics.observeStoredSpans([hopSpan({ path: [A3] })]);
    metrics.observeStoredSpans([hopSpan({ path: ['svc-b:b1'] })]);
    metrics.observeStoredSpans([hopSpan({ path: [A3] })]);
    const samples = await scrape(metrics);
    expect(requests(samples, A3)).toBe(2);
    expect(requests(samples, 'other')).toBe(1);
  });

  it('puts every path under "other" when maxPaths is 0', async () => {
    const metrics = createMetrics(0);
    metrics.observeStoredSpans(requestSpans([A3, 'svc-e:e1']));
    const samples = await scrape(metrics);
    expect(listPathLabels(samples, 'pathprof_path_requests_total')).toEqual([
      'other',
    ]);
  });

  it.each([
    ['longer than 1300 characters', `svc-a:${'x'.repeat(1300)}`, 'too_long'],
    ['with a lone surrogate', 'svc-a:\ud800', 'malformed'],
    ['with a newline', 'svc-a:a3\nsvc-e:e1', 'malformed'],
    ['spelled "other"', 'other', 'malformed'],
  ])('folds a path %s into "other"', async (_what, path, reason) => {
    const metrics = createMetrics();
    metrics.observeStoredSpans([hopSpan({ path })]);
    const samples = await scrape(metrics);
    expect(listPathLabels(samples, 'pathprof_path_requests_total')).toEqual([
      'other',
    ]);
    expect(
      findSampleValue(samples, 'pathprof_path_labels_overflow_total', {
        reason,
      }),
    ).toBe(1);
    expect(findSampleValue(samples, 'pathprof_path_labels')).toBe(0);
  });

  it('escapes quotes and backslashes and keeps non-ASCII labels intact', async () => {
    const paths = ['svc-"q":a\\b', 'svc-é:ünï > svc-🚀:go'];
    const metrics = createMetrics();
    metrics.observeStoredSpans(paths.map((path) => hopSpan({ path })));
    const { body } = await metrics.render();
    expect(body).toContain('path="svc-\\"q\\":a\\\\b"');
    expect(
      listPathLabels(parseExposition(body), 'pathprof_path_requests_total'),
    ).toEqual([...paths].sort());
  });
});
