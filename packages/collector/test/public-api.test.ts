import { expect, it } from 'vitest';
import * as collector from '../src/index.js';

it('exports exactly the public API', () => {
  expect(Object.keys(collector).sort()).toMatchInlineSnapshot(`
    [
      "DEFAULT_HOST",
      "DEFAULT_MAX_BODY_BYTES",
      "DEFAULT_MAX_METRIC_PATHS",
      "DEFAULT_MAX_QUEUED_SPANS",
      "DEFAULT_OTLP_PORT",
      "DEFAULT_QUERY_PORT",
      "DEFAULT_ZIPKIN_PORT",
      "PATH_INDEX_STEP_MICROS",
      "PathIndexer",
      "normaliseBasePath",
      "profileStoredTraces",
      "startCollector",
      "toOtlpJson",
    ]
  `);
});
