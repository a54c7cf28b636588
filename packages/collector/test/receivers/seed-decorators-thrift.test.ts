/**
 * The prototype's flow: its decorators export with OpenTelemetry's Jaeger
 * exporter, Thrift over HTTP, straight to `:14268/api/traces`. Spans shaped
 * like its decorators' — a `<fn>_summary` span with its
 * `<fn>_performance_metrics` child carrying `cpu.ms`, `exec.ms` and
 * `peak_mem.kb`, the context taken from B3 headers — arriving that way give
 * the seed's paths with CPU and memory.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeJaegerTrace } from '@pathprof/engine';
import type { JaegerTrace } from '@pathprof/model';
import { createMemoryStore } from '@pathprof/store';
import jaeger from 'jaeger-client';
import type { opentracing as OpenTracing } from 'jaeger-client';
import { afterEach, describe, expect, it } from 'vitest';
import { profileStoredTraces } from '../../src/index.js';
import { writeThriftBatch } from '../../../engine/test/ingest/write-jaeger-thrift.js';
import type {
  ThriftBatch,
  ThriftTag,
} from '../../../engine/test/ingest/write-jaeger-thrift.js';
import { post } from '../ingest/ingest-test-helpers.js';
import type { TestCollector } from '../test-collector.js';
import { startCollectorWithEveryReceiver } from './receiver-test-helpers.js';

const { initTracer, opentracing, ZipkinB3TextMapCodec } = jaeger;

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

interface PathReport {
  paths: {
    key: string;
    count: number;
    cpuMicros: { mean: number } | null;
    memoryBytes: { max: number } | null;
    hops: { label: string; cpuMicros: { mean: number } | null }[];
  }[];
}

async function paths(
  c: TestCollector,
  start: number,
  end: number,
): Promise<PathReport> {
  const res = await fetch(
    `${c.queryUrl}/api/paths?start=${start}&end=${end}&anomalies=false`,
  );
  return (await res.json()) as PathReport;
}

describe('decorator spans over Jaeger Thrift HTTP', () => {
  it('jaeger-client with B3 propagation: a1 calling b1 gives svc-a:a1 > svc-b:b1 with CPU and memory', async () => {
    collector = await startCollectorWithEveryReceiver();
    const b3 = new ZipkinB3TextMapCodec({ urlEncoding: true });
    const tracer = (serviceName: string) => {
      const t = initTracer(
        {
          serviceName,
          sampler: { type: 'const', param: 1 },
          reporter: {
            collectorEndpoint: `${collector!.urls.jaegerThriftHttp!}/api/traces`,
            flushIntervalMs: 50,
          },
        },
        { logger: { info: () => undefined, error: () => undefined } },
      );
      t.registerInjector(opentracing.FORMAT_HTTP_HEADERS, b3);
      t.registerExtractor(opentracing.FORMAT_HTTP_HEADERS, b3);
      return t;
    };
    const a = tracer('svc-a');
    const b = tracer('svc-b');
    // What the ingress sends svc-a: B3 multi-headers, as Envoy writes them.
    const ingress = {
      'x-b3-traceid': '463ac35c9f6413ad48485a3953bb6124',
      'x-b3-spanid': 'a2fb4a1d1a96d312',
      'x-b3-sampled': '1',
    };
    /** The seed's two decorators around one handler. */
    const decorated = (
      t: ReturnType<typeof tracer>,
      fn: string,
      headers: Record<string, string>,
      metrics: { cpu: number; exec: number; memKb: number },
      body: (summary: OpenTracing.Span) => void,
    ): void => {
      const parent = t.extract(opentracing.FORMAT_HTTP_HEADERS, headers)!;
      const summary = t.startSpan(`${fn}_summary`, { childOf: parent });
      const perf = t.startSpan(`${fn}_performance_metrics`, {
        childOf: summary,
        tags: {
          'function.name': fn,
          'cpu.ms': metrics.cpu,
          'exec.ms': metrics.exec,
          'peak_mem.kb': metrics.memKb,
        },
      });
      body(summary);
      perf.finish();
      summary.finish();
    };
    decorated(
      a,
      'a1',
      ingress,
      { cpu: 2.5, exec: 30, memKb: 64 },
      (summary) => {
        const outgoing: Record<string, string> = {};
        a.inject(summary, opentracing.FORMAT_HTTP_HEADERS, outgoing);
        expect(outgoing['x-b3-traceid']).toBe(ingress['x-b3-traceid']);
        decorated(
          b,
          'b1',
          outgoing,
          { cpu: 1.5, exec: 10, memKb: 128 },
          () => undefined,
        );
      },
    );
    await Promise.all([
      new Promise<void>((resolve) => a.close(resolve)),
      new Promise<void>((resolve) => b.close(resolve)),
    ]);
    await expect
      .poll(async () => (await collector!.store.listServices()).length)
      .toBe(2);
    const now = Date.now() * 1000;
    await expect
      .poll(async () =>
        (await paths(collector!, now - 60e6, now + 1e6)).paths.map(
          (p) => p.key,
        ),
      )
      .toEqual(['svc-a:a1 > svc-b:b1']);
    const [profile] = (await paths(collector, now - 60e6, now + 1e6)).paths;
    expect(profile!.cpuMicros!.mean).toBeCloseTo(4000, 6);
    expect(profile!.memoryBytes!.max).toBe(128 * 1024);
    expect(profile!.hops.map((h) => [h.label, h.cpuMicros?.mean])).toEqual([
      ['svc-a:a1', 2500],
      ['svc-b:b1', 1500],
    ]);
  });

  it('the seed-shaped sample (proxies, framework spans, decorators), one Thrift batch per process, gives the report the JSON file gives', async () => {
    const file = JSON.parse(
      readFileSync(
        path.resolve(
          import.meta.dirname,
          '../../../../examples/seed-shaped-sample.jaeger.json',
        ),
        'utf8',
      ),
    ) as { data: JaegerTrace[] };
    const traces = file.data.slice(0, 40);
    collector = await startCollectorWithEveryReceiver({
      pathIndex: { enabled: false },
    });
    for (const trace of traces) {
      for (const batch of toThriftBatches(trace)) {
        const res = await post(
          `${collector.urls.jaegerThriftHttp!}/api/traces`,
          writeThriftBatch(batch),
          { 'content-type': 'application/x-thrift' },
        );
        expect(res.status).toBe(202);
      }
    }
    const starts = traces.flatMap((t) => t.spans.map((s) => s.startTime));
    const window = { start: Math.min(...starts), end: Math.max(...starts) + 1 };
    const viaThrift = await paths(collector, window.start, window.end);
    // The same traces read from the JSON file, as `pathprof analyze` reads them.
    const direct = createMemoryStore();
    await direct.appendSpans(traces.flatMap((t) => decodeJaegerTrace(t).spans));
    const expected = await profileStoredTraces(direct, {
      startMicros: window.start,
      endMicros: window.end,
      anomalies: false,
      useIndex: false,
    });
    expect(viaThrift.paths.map((p) => [p.key, p.count])).toEqual(
      expected.paths!.map((p) => [p.key, p.count]),
    );
    expect(viaThrift.paths.map((p) => p.key)).toContain(
      'svc-a:a3 > svc-e:e1 > svc-f:f1',
    );
    for (const p of viaThrift.paths) {
      expect(p.cpuMicros, p.key).not.toBeNull();
      expect(p.memoryBytes, p.key).not.toBeNull();
    }
    expect(JSON.parse(JSON.stringify(viaThrift.paths))).toEqual(
      JSON.parse(JSON.stringify(expected.paths)),
    );
  });
});

/** A Jaeger JSON trace as its processes would export it: one Thrift Batch each. */
function toThriftBatches(trace: JaegerTrace): ThriftBatch[] {
  const byProcess = new Map<string, ThriftBatch>();
  for (const span of trace.spans) {
    const process = trace.processes![span.processID!]!;
    let batch = byProcess.get(span.processID!);
    if (batch === undefined) {
      batch = {
        serviceName: process.serviceName,
        processTags: (process.tags ?? []).map(toThriftTag),
        spans: [],
      };
      byProcess.set(span.processID!, batch);
    }
    const id = span.traceID.padStart(32, '0');
    const parent = span.references?.find((r) => r.refType === 'CHILD_OF');
    batch.spans.push({
      traceIdHigh: id.slice(0, 16),
      traceIdLow: id.slice(16),
      spanId: span.spanID,
      ...(parent === undefined ? {} : { parentSpanId: parent.spanID }),
      operationName: span.operationName,
      startTime: span.startTime,
      duration: span.duration,
      tags: (span.tags ?? []).map(toThriftTag),
    });
  }
  return [...byProcess.values()];
}

function toThriftTag(tag: {
  key: string;
  type?: string;
  value: unknown;
}): ThriftTag {
  switch (tag.type) {
    case 'float64':
      return { key: tag.key, vType: 1, value: Number(tag.value) };
    case 'bool':
      return { key: tag.key, vType: 2, value: tag.value === true };
    case 'int64':
      return { key: tag.key, vType: 3, value: Number(tag.value) };
    default:
      return { key: tag.key, vType: 0, value: String(tag.value) };
  }
}
