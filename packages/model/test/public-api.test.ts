import { expect, it } from 'vitest';
import * as api from '@pathprof/model';

// Exports of the package's index are its public surface: this snapshot makes every change to it deliberate.
it('exports exactly the public API', () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "COMPARISON_SCHEMA_VERSION",
      "HOP_ATTR",
      "HOP_CPU_MS_ATTR",
      "HOP_MEMORY_BYTES_ATTR",
      "HOP_MEMORY_KIND_ATTR",
      "HOP_MEMORY_SAMPLE_RATE_ATTR",
      "HOP_NAME_ATTR",
      "HOP_PATH_ATTR",
      "HOP_WALL_MS_ATTR",
      "MICROS_PER_DAY",
      "MICROS_PER_HOUR",
      "MICROS_PER_MILLI",
      "MICROS_PER_MINUTE",
      "MICROS_PER_SECOND",
      "MICROS_PER_WEEK",
      "PATH_BAGGAGE_KEY",
      "PATH_SEPARATOR",
      "REPORT_SCHEMA_VERSION",
      "SEED_CPU_MS_ATTR",
      "SEED_EXEC_MS_ATTR",
      "SEED_FUNCTION_NAME_ATTR",
      "SEED_METRICS_SUFFIX",
      "SEED_PEAK_MEM_KB_ATTR",
      "SEED_SUMMARY_SUFFIX",
      "base64ToHex",
      "bytesToHex",
      "comparePathRecordMatches",
      "formatBytes",
      "formatCount",
      "formatGoDuration",
      "formatMicros",
      "formatPercent",
      "formatRfc3339Micros",
      "formatShare",
      "matchPathRecord",
      "nanosToMicros",
      "parseDuration",
      "parseEpochMicros",
      "parseInstant",
      "parseLenientSpanId",
      "parseLenientTraceId",
      "parseRfc3339Micros",
      "parseSpanId",
      "parseTraceId",
    ]
  `);
});
