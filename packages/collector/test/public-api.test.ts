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
      "DEFAULT_MAX_BODY_BYTES",
      "DEFAULT_MAX_METRIC_PATHS",
      "DEFAULT_MAX_QUEUED_SPANS",
      "DEFAULT_MAX_UDP_DATAGRAM_BYTES",
      "DEFAULT_MAX_UPLOADS_PER_CLIENT",
      "DEFAULT_MEMORY_LIMIT_BYTES",
      "DEFAULT_MIN_BODY_BYTES_PER_SECOND",
      "DEFAULT_MIN_BODY_RATE_GRACE_MILLIS",
      "DEFAULT_OTLP_GRPC_PORT",
      "DEFAULT_OTLP_PORT",
      "DEFAULT_QUERY_GRPC_PORT",
      "DEFAULT_QUERY_PORT",
      "DEFAULT_REQUEST_TIMEOUT_MILLIS",
      "DEFAULT_ZIPKIN_PORT",
      "EMPTY_TOKEN_MESSAGE",
      "MIN_MEMORY_LIMIT_BYTES",
      "OPEN_COLLECTOR_WARNING",
      "PATH_INDEX_STEP_MICROS",
      "PathIndexer",
      "isLoopbackHost",
      "normaliseBasePath",
      "profileStoredTraces",
      "splitMemoryLimit",
      "startCollector",
    ]
  `);
});
