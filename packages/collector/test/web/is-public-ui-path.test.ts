import { describe, expect, it } from 'vitest';
import { isPublicUiPath } from '../../src/web/is-public-ui-path.js';

describe('isPublicUiPath', () => {
  it.each([
    '/',
    '/index.html',
    '/ui-config.json',
    '/assets/index-abc123.js',
    '/paths',
    '/path/svc-a%3Aa3',
    '/trace',
    '/trace/0af7651916cd43dd8448eb211c80319c',
    '/graph',
    '/compare',
    '/search',
    '/trace-diff',
    '/favicon.svg',
    '/favicon.ico',
  ])('lets the UI file or client route %s through without a token', (path) => {
    expect(isPublicUiPath(path, '')).toBe(true);
    expect(isPublicUiPath(path, '/jaeger')).toBe(true);
  });

  it.each([
    '/api/paths',
    '/api/paths/a/histogram',
    '/api/service-graph',
    '/api/services',
    '/api/traces/abc',
    '/api/v3/traces/abc',
    '/api/compare',
    '/metrics',
    '/v1/traces',
    '/api/v2/spans',
    '/paths/',
    '/robots.txt',
    '/api/paths/series',
  ])('keeps %s behind the token', (path) => {
    expect(isPublicUiPath(path, '')).toBe(false);
  });

  it('keeps everything under a base path behind the token, even where a UI route matches', () => {
    expect(isPublicUiPath('/jaeger/api/paths', '/jaeger')).toBe(false);
    expect(isPublicUiPath('/trace/api/traces/abc', '/trace')).toBe(false);
    expect(isPublicUiPath('/trace/abc', '/trace')).toBe(false);
  });

  it.each([
    '/assets/../api/paths',
    '/assets/%2e%2e/api/paths',
    '/path/./x',
    '/trace/%2E%2E',
  ])('refuses the dot-segment path %s', (path) => {
    expect(isPublicUiPath(path, '')).toBe(false);
  });
});
