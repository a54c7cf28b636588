import { describe, expect, it } from 'vitest';
import {
  computeWindowSeconds,
  formatWindowParams,
  parseWindowState,
} from '../../src/state/window-state.js';
import type { WindowState } from '../../src/state/window-state.js';
import { buildPathDetailPath, buildUrl } from '../../src/state/build-url.js';

const roundTrip = (state: WindowState): WindowState =>
  parseWindowState(new URLSearchParams(formatWindowParams(state)));

describe('window state in the URL', () => {
  it('round-trips a lookback with a service', () => {
    const state: WindowState = {
      window: { kind: 'lookback', lookback: '6h' },
      service: 'svc-a',
    };
    expect(roundTrip(state)).toEqual(state);
    expect(buildUrl('/paths', formatWindowParams(state))).toBe(
      '/paths?service=svc-a&lookback=6h',
    );
  });

  it('round-trips an absolute range in µs', () => {
    const state: WindowState = {
      window: { kind: 'absolute', startMicros: 1e15, endMicros: 1e15 + 9e8 },
      service: undefined,
    };
    expect(roundTrip(state)).toEqual(state);
    expect(computeWindowSeconds(state.window)).toBe(900);
  });

  it('falls back to the last hour for unknown or reversed values', () => {
    for (const query of ['lookback=3w', 'start=20&end=10', 'start=abc&end=1']) {
      expect(parseWindowState(new URLSearchParams(query)).window).toEqual({
        kind: 'lookback',
        lookback: '1h',
      });
    }
  });

  it('treats an empty service as no filter', () => {
    expect(parseWindowState(new URLSearchParams('service=')).service).toBe(
      undefined,
    );
  });

  it('escapes a path key into one URL segment', () => {
    const path = buildPathDetailPath('svc-a:a3 > svc-e/x');
    expect(path).toBe('/path/svc-a%3Aa3%20%3E%20svc-e%2Fx');
    expect(decodeURIComponent(path.slice('/path/'.length))).toBe(
      'svc-a:a3 > svc-e/x',
    );
  });

  it('skips empty parameters when building a URL', () => {
    expect(
      buildUrl('/paths', [
        ['q', ''],
        ['sort', 'p95'],
        ['x', undefined],
      ]),
    ).toBe('/paths?sort=p95');
  });
});
