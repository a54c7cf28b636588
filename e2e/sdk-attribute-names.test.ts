import * as model from '@pathprof/model';
import * as sdk from '@pathprof/sdk';
import { describe, expect, it } from 'vitest';

// The SDK may not import @pathprof/model (it ships inside users' services), so
// it keeps copies of the attribute names the engine reads. They must not drift.
const SHARED_NAMES = [
  'HOP_ATTR',
  'HOP_NAME_ATTR',
  'HOP_WALL_MS_ATTR',
  'HOP_CPU_MS_ATTR',
  'HOP_MEMORY_BYTES_ATTR',
  'HOP_MEMORY_KIND_ATTR',
  'HOP_MEMORY_SAMPLE_RATE_ATTR',
  'HOP_PATH_ATTR',
  'PATH_BAGGAGE_KEY',
  'PATH_SEPARATOR',
  'SEED_SUMMARY_SUFFIX',
  'SEED_METRICS_SUFFIX',
  'SEED_FUNCTION_NAME_ATTR',
  'SEED_CPU_MS_ATTR',
  'SEED_EXEC_MS_ATTR',
  'SEED_PEAK_MEM_KB_ATTR',
] as const;

describe('hop attribute names', () => {
  it.each(SHARED_NAMES)(
    '%s is the same in the SDK and in the model',
    (name) => {
      expect(sdk[name]).toBe(model[name]);
    },
  );

  it('covers every attribute constant of the model', () => {
    const modelNames = Object.keys(model).filter((key) =>
      /^(HOP|SEED|PATH)_[A-Z_]+$/.test(key),
    );
    expect(modelNames.sort()).toEqual([...SHARED_NAMES].sort());
  });

  it('writes a memory kind the convention names', () => {
    expect(sdk.MEMORY_KIND_HEAP_GROWTH).toBe('heap_growth');
  });
});
