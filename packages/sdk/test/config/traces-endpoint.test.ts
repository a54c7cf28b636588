import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TRACES_ENDPOINT,
  resolveTracesEndpoint,
} from '../../src/config/traces-endpoint.js';

describe('resolveTracesEndpoint', () => {
  it('defaults to localhost:4318', () => {
    expect(resolveTracesEndpoint(undefined, {})).toBe(DEFAULT_TRACES_ENDPOINT);
  });

  it('appends /v1/traces to OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    expect(
      resolveTracesEndpoint(undefined, {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
      }),
    ).toBe('http://collector:4318/v1/traces');
    expect(
      resolveTracesEndpoint(undefined, {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'https://gw.example/otlp',
      }),
    ).toBe('https://gw.example/otlp/v1/traces');
  });

  it('uses OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as is, before the general one', () => {
    expect(
      resolveTracesEndpoint(undefined, {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:9999/custom',
      }),
    ).toBe('http://traces:9999/custom');
  });

  it('prefers the endpoint option; a bare origin gets /v1/traces', () => {
    const env = { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:9999/x' };
    expect(resolveTracesEndpoint('http://pathprof:4318', env)).toBe(
      'http://pathprof:4318/v1/traces',
    );
    expect(resolveTracesEndpoint('http://pathprof:4318/v1/traces', env)).toBe(
      'http://pathprof:4318/v1/traces',
    );
  });

  it('skips invalid URLs', () => {
    expect(
      resolveTracesEndpoint('not a url', {
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://x',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      }),
    ).toBe('http://collector:4318/v1/traces');
  });
});
