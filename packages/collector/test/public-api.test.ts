import { expect, it } from 'vitest';
import * as collector from '../src/index.js';

it('exports exactly the public API', () => {
  expect(Object.keys(collector).sort()).toMatchInlineSnapshot(`
    [
      "DEFAULT_HOST",
      "DEFAULT_JAEGER_GRPC_PORT",
      "DEFAULT_JAEGER_THRIFT_BINARY_PORT",
      "DEFAULT_JAEGER_THRIFT_COMPACT_PORT",
      "DEFAULT_JAEGER_THRIFT_HTTP_PORT",
      "DEFAULT_MEMORY_LIMIT_BYTES",
      "DEFAULT_OTLP_GRPC_PORT",
      "DEFAULT_OTLP_PORT",
      "DEFAULT_QUERY_GRPC_PORT",
      "DEFAULT_QUERY_PORT",
      "DEFAULT_ZIPKIN_PORT",
      "MIN_MEMORY_LIMIT_BYTES",
      "OPEN_COLLECTOR_WARNING",
      "PathIndexer",
      "isLoopbackHost",
      "normaliseBasePath",
      "profileStoredTraces",
      "splitMemoryLimit",
      "startCollector",
    ]
  `);
});
