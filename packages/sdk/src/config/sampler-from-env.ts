import { diag } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node';
import type { Sampler } from '@opentelemetry/sdk-trace-node';
import type { Env } from './env.js';
import { readEnv } from './env.js';

function readRatio(env: Env): number {
  const arg = readEnv(env, 'OTEL_TRACES_SAMPLER_ARG');
  if (arg === undefined) {
    return 1;
  }
  const ratio = Number(arg);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    diag.warn(
      `@pathprof/sdk: OTEL_TRACES_SAMPLER_ARG "${arg}" is not a ratio in [0, 1]; using 1`,
    );
    return 1;
  }
  return ratio;
}

/**
 * The sampler named by `OTEL_TRACES_SAMPLER` (default `parentbased_always_on`),
 * with `OTEL_TRACES_SAMPLER_ARG` as the ratio of the `traceidratio` ones.
 * https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/#general-sdk-configuration
 */
export function createSamplerFromEnv(env: Env): Sampler {
  const name = readEnv(env, 'OTEL_TRACES_SAMPLER')?.toLowerCase();
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(readRatio(env));
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({
        root: new TraceIdRatioBasedSampler(readRatio(env)),
      });
    case undefined:
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    default:
      diag.warn(
        `@pathprof/sdk: OTEL_TRACES_SAMPLER "${name}" is not supported; using parentbased_always_on`,
      );
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}
