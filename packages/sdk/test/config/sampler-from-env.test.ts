import { describe, expect, it } from 'vitest';
import { createSamplerFromEnv } from '../../src/config/sampler-from-env.js';

const describeSampler = (env: Record<string, string>): string =>
  createSamplerFromEnv(env).toString();

describe('createSamplerFromEnv', () => {
  it('defaults to parentbased_always_on', () => {
    expect(describeSampler({})).toMatch(/^ParentBased\{root=AlwaysOnSampler/);
  });

  it('reads always_on and always_off', () => {
    expect(describeSampler({ OTEL_TRACES_SAMPLER: 'always_on' })).toBe(
      'AlwaysOnSampler',
    );
    expect(describeSampler({ OTEL_TRACES_SAMPLER: 'ALWAYS_OFF' })).toBe(
      'AlwaysOffSampler',
    );
  });

  it('reads traceidratio with its argument', () => {
    expect(
      describeSampler({
        OTEL_TRACES_SAMPLER: 'traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      }),
    ).toBe('TraceIdRatioBased{0.25}');
  });

  it('reads the parent-based variants', () => {
    expect(
      describeSampler({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' }),
    ).toMatch(/^ParentBased\{root=AlwaysOffSampler/);
    expect(
      describeSampler({
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.5',
      }),
    ).toMatch(/^ParentBased\{root=TraceIdRatioBased\{0.5\}/);
  });

  it('uses ratio 1 for an argument outside [0, 1]', () => {
    expect(
      describeSampler({
        OTEL_TRACES_SAMPLER: 'traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '7',
      }),
    ).toBe('TraceIdRatioBased{1}');
  });

  it('falls back to the default for an unsupported sampler', () => {
    expect(describeSampler({ OTEL_TRACES_SAMPLER: 'jaeger_remote' })).toMatch(
      /^ParentBased\{root=AlwaysOnSampler/,
    );
  });
});
