import { decodeJaegerTrace } from '@pathprof/engine';
import type { JaegerTrace, Span } from '@pathprof/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JaegerEnvelope } from '../../src/query/jaeger-envelope.js';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import { createRandomTraces } from './random-spans.js';
import { getJson } from './span-builders.js';

/** Tags Jaeger JSON derives from span fields; the decoder reads them back into kind and status. */
const DERIVED_TAGS = [
  'span.kind',
  'otel.status_code',
  'error',
  'otel.status_description',
];

/**
 * What Jaeger JSON cannot carry: the parent is only a CHILD_OF reference
 * (no `parentSpanId` field), the status message only a tag the decoder
 * leaves as an attribute, and event names travel as an `event` field.
 */
function comparable(span: Span): Span {
  const attributes = Object.fromEntries(
    Object.entries(span.attributes).filter(([k]) => !DERIVED_TAGS.includes(k)),
  );
  const events = span.events.map((e) => ({
    ...e,
    attributes: Object.fromEntries(
      Object.entries(e.attributes).filter(([k]) => k !== 'event'),
    ),
  }));
  // toEqual treats undefined fields as absent.
  return {
    ...span,
    parentSpanId: undefined,
    statusMessage: undefined,
    attributes,
    events,
  };
}

let collector: TestCollector;
const traces = createRandomTraces({
  traces: 60,
  seed: 7,
  extraRef: 'follows_from',
  arrays: false,
});
beforeAll(async () => {
  collector = await startTestCollector({ basePath: '/jaeger' });
  await collector.store.appendSpans(traces.flat());
});
afterAll(async () => {
  await collector.close();
});

describe('Jaeger JSON round trip', () => {
  it('decodes every served trace back into the spans stored', async () => {
    for (const spans of traces) {
      const { status, body } = await getJson<JaegerEnvelope<JaegerTrace[]>>(
        `${collector.queryUrl}/api/traces/${spans[0]!.traceId}`,
      );
      expect(status).toBe(200);
      const decoded = decodeJaegerTrace(body.data[0]!);
      expect(decoded.rejected).toBe(0);
      const bySpanId = (a: Span, b: Span): number =>
        a.spanId.localeCompare(b.spanId);
      expect(decoded.spans.map(comparable).sort(bySpanId)).toEqual(
        spans.map(comparable).sort(bySpanId),
      );
    }
  });
});
