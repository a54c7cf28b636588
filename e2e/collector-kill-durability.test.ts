/**
 * "Acknowledge only what is durable", proven on a real process: `pathprof
 * serve` (the built CLI) runs as a child on a data directory; batches of
 * OTLP/JSON spans are posted one after another, and the child is killed with
 * SIGKILL the moment the last 200 arrives. Every span of every acknowledged
 * batch must then be in the data directory.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTraceId } from '@pathprof/model';
import { openSpanStore } from '@pathprof/store';
import { SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

const CLI = fileURLToPath(
  new URL('../packages/cli/bin/pathprof.js', import.meta.url),
);

let child: ChildProcess | undefined;
let dir: string | undefined;
afterEach(async () => {
  child?.kill('SIGKILL');
  child = undefined;
  if (dir !== undefined) {
    await rm(dir, { recursive: true, force: true });
  }
});

function otlpBatch(batch: number, spans: number): unknown {
  const traceId = (batch + 1).toString(16).padStart(32, '0');
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: 'durable-svc' } },
          ],
        },
        scopeSpans: [
          {
            spans: Array.from({ length: spans }, (_, i) => ({
              traceId,
              spanId: (i + 1).toString(16).padStart(16, '0'),
              ...(i === 0 ? {} : { parentSpanId: '0000000000000001' }),
              name: `op-${i}`,
              kind: i === 0 ? 2 : 1,
              startTimeUnixNano: String(
                1_700_000_000_000_000_000n + BigInt(batch * 1e9 + i * 1000),
              ),
              endTimeUnixNano: String(
                1_700_000_000_000_000_000n +
                  BigInt(batch * 1e9 + i * 1000 + 500_000),
              ),
            })),
          },
        ],
      },
    ],
  };
}

async function startServe(
  data: string,
): Promise<{ proc: ChildProcess; otlp: string }> {
  const proc = spawn(
    process.execPath,
    [
      CLI,
      'serve',
      '--data',
      data,
      '--otlp-port',
      '0',
      '--zipkin-port',
      'off',
      '--query-port',
      '0',
      '--otlp-grpc-port=off',
      '--jaeger-thrift-http-port=off',
      '--jaeger-thrift-compact-port=off',
      '--jaeger-thrift-binary-port=off',
      '--jaeger-grpc-port=off',
      '--query-grpc-port=off',
      '--retention',
      '0',
      '--format',
      'json',
      '--quiet',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: proc.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  const started = JSON.parse(first) as { otlp: string };
  return { proc, otlp: started.otlp };
}

describe('collector durability', () => {
  it('keeps every span it answered 200 for when killed with SIGKILL right after', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pathprof-kill-'));
    const data = join(dir, 'data');
    const started = await startServe(data);
    child = started.proc;
    const batches = 8;
    const spansPerBatch = 200;
    for (let b = 0; b < batches; b++) {
      const res = await fetch(started.otlp, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(otlpBatch(b, spansPerBatch)),
      });
      expect(res.status).toBe(200);
      if (b === batches - 1) {
        child.kill('SIGKILL');
      }
    }
    await new Promise((resolve) => child!.once('exit', resolve));
    child = undefined;

    const store = await openSpanStore({ path: data });
    try {
      const ids = Array.from({ length: batches }, (_, b) =>
        parseTraceId((b + 1).toString(16).padStart(32, '0'))!,
      );
      const traces = await store.getTraces(ids);
      expect(traces.map((t) => [t.traceId, t.spans.length])).toEqual(
        ids.map((id) => [id, spansPerBatch]),
      );
    } finally {
      await store.close();
    }
  }, 60_000);

  it('keeps every acknowledged OTLP/protobuf batch when killed with SIGKILL under load from 8 senders', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pathprof-kill-load-'));
    const data = join(dir, 'data');
    const started = await startServe(data);
    child = started.proc;
    const spansPerBatch = 2_000;
    const acked: number[] = [];
    let next = 0;
    let killed = false;
    // Protobuf bodies go through the decode workers and the ingest log; the
    // child is killed while batches are still being sent, logged and loaded.
    const sender = async (): Promise<void> => {
      while (!killed) {
        const b = next++;
        const body = ProtobufTraceSerializer.serializeRequest(
          readableSpans(b, spansPerBatch),
        )!;
        const res = await fetch(started.otlp, {
          method: 'POST',
          headers: { 'content-type': 'application/x-protobuf' },
          body,
        }).catch(() => undefined);
        if (res?.status === 200 && !killed) {
          acked.push(b);
          if (acked.length >= 24) {
            killed = true;
            child!.kill('SIGKILL');
          }
        }
        await res?.arrayBuffer().catch(() => undefined);
      }
    };
    await Promise.all(Array.from({ length: 8 }, sender));
    await new Promise((resolve) =>
      child!.exitCode !== null || child!.signalCode !== null
        ? resolve(undefined)
        : child!.once('exit', resolve),
    );
    child = undefined;

    const store = await openSpanStore({ path: data });
    try {
      const ids = acked.map((b) =>
        parseTraceId((b + 1).toString(16).padStart(32, '0'))!,
      );
      const traces = await store.getTraces(ids);
      expect(traces).toHaveLength(acked.length);
      expect(traces.every((t) => t.spans.length === spansPerBatch)).toBe(true);
    } finally {
      await store.close();
    }
  }, 120_000);
});

/** One trace of `spans` spans of batch `b`, as OpenTelemetry's SDK hands them to its exporter. */
function readableSpans(b: number, spans: number): ReadableSpan[] {
  const traceId = (b + 1).toString(16).padStart(32, '0');
  const resource = resourceFromAttributes({ 'service.name': 'durable-svc' });
  const start = 1_700_000_000 + b;
  return Array.from({ length: spans }, (_, i) => {
    const spanId = (i + 1).toString(16).padStart(16, '0');
    return {
      name: `op-${i}`,
      kind: i === 0 ? SpanKind.SERVER : SpanKind.INTERNAL,
      spanContext: () => ({ traceId, spanId, traceFlags: TraceFlags.SAMPLED }),
      ...(i === 0
        ? {}
        : {
            parentSpanContext: {
              traceId,
              spanId: '0000000000000001',
              traceFlags: TraceFlags.SAMPLED,
            },
          }),
      startTime: [start, i * 1000],
      endTime: [start, i * 1000 + 500_000],
      status: { code: SpanStatusCode.UNSET },
      attributes: {},
      links: [],
      events: [],
      duration: [0, 500_000],
      ended: true,
      resource,
      instrumentationScope: { name: 'e2e' },
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    } as ReadableSpan;
  });
}
