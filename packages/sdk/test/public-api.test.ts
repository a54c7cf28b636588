import { expect, it } from 'vitest';
import * as sdk from '../src/index.js';

it('exports exactly the documented public API', () => {
  expect(Object.keys(sdk).sort()).toMatchInlineSnapshot(`
    [
      "DEFAULT_MAX_PATH_LENGTH",
      "DEFAULT_MEMORY_SAMPLE_RATE",
      "DEFAULT_PROPAGATORS",
      "FORWARDED_HEADERS",
      "HOP_ATTR",
      "HOP_CPU_MS_ATTR",
      "HOP_MEMORY_BYTES_ATTR",
      "HOP_MEMORY_KIND_ATTR",
      "HOP_MEMORY_SAMPLE_RATE_ATTR",
      "HOP_NAME_ATTR",
      "HOP_PATH_ATTR",
      "HOP_WALL_MS_ATTR",
      "MAX_LABEL_LENGTH",
      "MEMORY_KIND_HEAP_GROWTH",
      "MEMORY_SAMPLE_RATE_ENV",
      "PATH_BAGGAGE_KEY",
      "PATH_SEPARATOR",
      "SEED_CPU_MS_ATTR",
      "SEED_EXEC_MS_ATTR",
      "SEED_FUNCTION_NAME_ATTR",
      "SEED_METRICS_SUFFIX",
      "SEED_PEAK_MEM_KB_ATTR",
      "SEED_SUMMARY_SUFFIX",
      "expressProfiler",
      "extractContext",
      "fastifyProfiler",
      "forwardHeaders",
      "profileHttpHandler",
      "profiled",
      "startTracing",
    ]
  `);
});
