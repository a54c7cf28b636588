import { describe, expect, it } from 'vitest';
import type {
  JaegerTrace,
  OtlpExportTraceServiceRequest,
  TraceId,
} from '@pathprof/model';
import { feedJaegerBatches } from '@pathprof/sources';
import type { JaegerBatch, TraceSink } from '@pathprof/sources';
import { readSharedTrace } from './fake-jaeger.js';

const ISSUE115 = (
  JSON.parse(readSharedTrace('jaeger-follows-from-issue115.jaeger.json')) as {
    data: JaegerTrace[];
  }
).data;
const HOTROD = (
  JSON.parse(readSharedTrace('hotrod-jaeger-apiv3-getTrace.otlp.json')) as {
    result: OtlpExportTraceServiceRequest;
  }
).result;
const HOTROD_RESOURCES = HOTROD.resourceSpans ?? [];
const WINDOW = { startMicros: 0, endMicros: 1 };

async function* batchesOf(...batches: JaegerBatch[]) {
  for (const batch of batches) {
    await Promise.resolve();
    yield batch;
  }
}

function createCollectingSink() {
  const traces: { traceId: TraceId; spans: number }[] = [];
  let cut: number | undefined;
  const sink: TraceSink = {
    trace: (traceId, spans) => traces.push({ traceId, spans: spans.length }),
    warning: () => undefined,
    cut: (n) => (cut = n),
  };
  return { sink, traces, cut: () => cut };
}

describe('feedJaegerBatches', () => {
  it('decodes the traces of v1 answers one by one', async () => {
    const { sink, traces } = createCollectingSink();
    await feedJaegerBatches(
      batchesOf({ api: 'v1', window: WINDOW, traces: ISSUE115 }),
      sink,
      { maxBufferedSpans: 1000 },
    );
    expect(traces.map((t) => t.spans)).toEqual([2]);
  });

  it('hands out the spans of one trace spread over two api_v3 answers as one trace', async () => {
    const half = HOTROD_RESOURCES.length / 2;
    const part = (from: number, to: number): JaegerBatch => ({
      api: 'v3',
      window: WINDOW,
      request: { resourceSpans: HOTROD_RESOURCES.slice(from, to) },
      traceCount: 1,
    });
    const { sink, traces, cut } = createCollectingSink();
    await feedJaegerBatches(
      batchesOf(part(0, half), part(half, HOTROD_RESOURCES.length)),
      sink,
      { maxBufferedSpans: 1000 },
    );
    expect(traces.map((t) => t.spans)).toEqual([40]);
    expect(cut()).toBe(0);
  });

  it('leaves the v1 traces a caller takes raw undecoded', async () => {
    const { sink, traces } = createCollectingSink();
    const raw: JaegerTrace[] = [];
    await feedJaegerBatches(
      batchesOf({ api: 'v1', window: WINDOW, traces: ISSUE115 }),
      sink,
      {
        maxBufferedSpans: 1000,
        takeRawTrace: (trace) => raw.push(trace) > 0,
      },
    );
    expect(raw).toHaveLength(1);
    expect(traces).toEqual([]);
  });

  it('stops with what onBatch throws for an answer it refuses', async () => {
    const { sink } = createCollectingSink();
    await expect(
      feedJaegerBatches(
        batchesOf({
          api: 'v3',
          window: WINDOW,
          request: HOTROD,
          traceCount: 1,
        }),
        sink,
        {
          maxBufferedSpans: 1000,
          onBatch: (api) => {
            throw new Error(`no ${api}`);
          },
        },
      ),
    ).rejects.toThrow('no v3');
  });
});
