import { gzipSync } from 'node:zlib';
import {
  JsonTraceSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { afterEach, describe, expect, it } from 'vitest';
import type { IngestApp } from './ingest-test-helpers.js';
import { post, recordSdkSpans, startIngestApp } from './ingest-test-helpers.js';

let app: IngestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('ingest metrics', () => {
  it('counts received spans per receiver and observes the stored ones', async () => {
    app = await startIngestApp();
    await post(
      `${app.url}/v1/traces`,
      ProtobufTraceSerializer.serializeRequest(recordSdkSpans())!,
      {
        'content-type': 'application/x-protobuf',
      },
    );
    await post(
      `${app.url}/v1/traces`,
      JsonTraceSerializer.serializeRequest(recordSdkSpans())!,
      {
        'content-type': 'application/json',
      },
    );
    await post(
      `${app.url}/api/v2/spans`,
      '[{"traceId":"a1","id":"b1","timestamp":1,"duration":2}]',
      {
        'content-type': 'application/json',
      },
    );
    expect(app.metrics.received).toEqual([
      ['otlp_protobuf', 3],
      ['otlp_json', 3],
      ['zipkin', 1],
    ]);
    expect(app.metrics.stored).toEqual([3, 3, 1]);
    expect(app.metrics.rejected).toEqual([]);
  });

  it('counts spans without valid ids as invalid, and stores the rest', async () => {
    app = await startIngestApp();
    await post(
      `${app.url}/api/v2/spans`,
      '[{"traceId":"a1","id":"b1","timestamp":1,"duration":2},{"id":"b2"}]',
      {
        'content-type': 'application/json',
      },
    );
    expect(app.metrics.received).toEqual([['zipkin', 2]]);
    expect(app.metrics.rejected).toEqual([['invalid', 1]]);
    expect(app.metrics.stored).toEqual([1]);
  });

  it('counts refused requests by reason', async () => {
    app = await startIngestApp({ maxBodyBytes: 1000 });
    const json = { 'content-type': 'application/json' };
    await post(`${app.url}/v1/traces`, '{', json);
    await post(`${app.url}/v1/traces`, 'x'.repeat(2000), json);
    await post(`${app.url}/v1/traces`, gzipSync(Buffer.alloc(5000)), {
      ...json,
      'content-encoding': 'gzip',
    });
    await post(`${app.url}/v1/traces`, 'x', { 'content-type': 'text/plain' });
    expect(app.metrics.requestsRejected).toEqual([
      'decode',
      'too_large',
      'too_large',
      'decode',
    ]);
    expect(app.metrics.rejected).toEqual([]);
    expect(app.metrics.received).toEqual([]);
  });
});
