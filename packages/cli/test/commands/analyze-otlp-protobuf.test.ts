import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';

/** Two services, frontend → backend, recorded by the real OpenTelemetry SDK and encoded by its OTLP serializer. */
function recordProtobuf(): Uint8Array {
  const exporter = new InMemorySpanExporter();
  const provider = (service: string): BasicTracerProvider =>
    new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
  const frontend = provider('frontend').getTracer('test');
  const backend = provider('backend').getTracer('test');
  for (let i = 0; i < 3; i++) {
    const root = frontend.startSpan('GET /checkout', {
      kind: SpanKind.SERVER,
      startTime: [1_700_000_000 + i, 0],
    });
    const ctx = trace.setSpan(context.active(), root);
    const client = frontend.startSpan(
      'POST',
      { kind: SpanKind.CLIENT, startTime: [1_700_000_000 + i, 1_000_000] },
      ctx,
    );
    const server = backend.startSpan(
      'POST /pay',
      { kind: SpanKind.SERVER, startTime: [1_700_000_000 + i, 2_000_000] },
      trace.setSpan(ctx, client),
    );
    server.end([1_700_000_000 + i, 9_000_000]);
    client.end([1_700_000_000 + i, 10_000_000]);
    root.end([1_700_000_000 + i, 12_000_000]);
  }
  return ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!;
}

describe('pathprof analyze on OTLP protobuf', () => {
  const bytes = recordProtobuf();
  const dir = mkdtempSync(join(tmpdir(), 'pathprof-pb-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a .pb file written by the OpenTelemetry JS exporter', async () => {
    const file = join(dir, 'spans.pb');
    writeFileSync(file, bytes);
    const r = await runCli(['analyze', file, '--format', 'json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as {
      totals: { traces: number; spans: number };
      paths: { key: string; count: number; durationMicros: { p50: number } }[];
    };
    expect(report.totals).toMatchObject({ traces: 3, spans: 9 });
    expect(
      report.paths.map((p) => [p.key, p.count, p.durationMicros.p50]),
    ).toEqual([['frontend:GET /checkout > backend:POST /pay', 3, 12_000]]);
  });

  it('recognises protobuf on standard input by its first byte', async () => {
    const r = await runCli(['analyze', '-', '--format', 'json'], bytes);
    expect(
      (JSON.parse(r.stdout) as { totals: { traces: number } }).totals.traces,
    ).toBe(3);
  });

  it('names the file and offset of a truncated message, exit 1', async () => {
    const file = join(dir, 'cut.pb');
    writeFileSync(file, bytes.subarray(0, bytes.length - 7));
    const r = await runCli(['analyze', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /cut\.pb: malformed OTLP protobuf \(.*\) at byte offset \d+/,
    );
  });
});
