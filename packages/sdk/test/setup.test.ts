import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { diag, DiagLogLevel, trace } from '@opentelemetry/api';
import type { DiagLogger, Tracer, TracerProvider } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { profiled, startTracing } from '../src/index.js';
import type { StartTracingOptions, Tracing } from '../src/index.js';
import { countOpenMeters } from '../src/hops/slice-meter.js';
import { startTestTracing } from './helpers.js';

/** Keeps exported spans through shutdown (the in-memory exporter clears them). */
class RecordingExporter implements SpanExporter {
  readonly spans: ReadableSpan[] = [];
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.spans.push(...spans);
    done({ code: ExportResultCode.SUCCESS });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function captureDiag(): string[] {
  const messages: string[] = [];
  const record = (message: string): void => {
    messages.push(message);
  };
  const logger: DiagLogger = {
    error: record,
    warn: record,
    info: () => {},
    debug: () => {},
    verbose: () => {},
  };
  diag.setLogger(logger, {
    logLevel: DiagLogLevel.WARN,
    suppressOverrideMessage: true,
  });
  return messages;
}

describe('startTracing', () => {
  let tracing: Tracing | undefined;
  let messages: string[] = [];
  beforeEach(() => {
    messages = captureDiag();
  });
  afterEach(async () => {
    await tracing?.shutdown();
    tracing = undefined;
    diag.disable();
  });

  function start(options: StartTracingOptions): Tracing {
    tracing = startTracing({ instrumentHttp: false, env: {}, ...options });
    return tracing;
  }

  it('sets up tracing once and returns the running instance on a second call', () => {
    const first = start({
      serviceName: 'svc-a',
      exporter: new RecordingExporter(),
    });

    expect(startTracing({ serviceName: 'svc-b' })).toBe(first);
    expect(first.serviceName).toBe('svc-a');
    expect(messages.some((m) => m.includes('already called'))).toBe(true);
  });

  it('flushes batched spans on shutdown, once, and can start again afterwards', async () => {
    const exporter = new RecordingExporter();
    const first = start({ serviceName: 'svc-a', exporter });
    profiled('a1', () => 1)();
    expect(exporter.spans).toHaveLength(0);

    const stopping = first.shutdown();
    expect(first.shutdown()).toBe(stopping);
    await stopping;

    expect(exporter.spans.map((s) => s.name)).toEqual(['a1']);
    expect(exporter.spans[0]!.resource.attributes['service.name']).toBe(
      'svc-a',
    );
    const second = start({ serviceName: 'svc-b', exporter });
    expect(second).not.toBe(first);
  });

  it('exports OTLP/HTTP protobuf to the configured endpoint', async () => {
    const received: { url: string; type: string; bytes: number }[] = [];
    const collector = createServer((req, res) => {
      let bytes = 0;
      req.on('data', (chunk: Buffer) => (bytes += chunk.length));
      req.on('end', () => {
        received.push({
          url: req.url ?? '',
          type: req.headers['content-type'] ?? '',
          bytes,
        });
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((resolve) =>
      collector.listen(0, '127.0.0.1', resolve),
    );
    const { port } = collector.address() as AddressInfo;
    try {
      const t = start({
        serviceName: 'svc-a',
        endpoint: `http://127.0.0.1:${port}`,
      });
      profiled('a1', () => 1)();
      await t.shutdown();
    } finally {
      collector.close();
    }

    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      url: '/v1/traces',
      type: 'application/x-protobuf',
    });
    expect(received[0]!.bytes).toBeGreaterThan(0);
  });

  it('normalises bad options with warnings instead of throwing', () => {
    const exporter = new RecordingExporter();
    const bad = {
      serviceName: 42,
      spanProcessor: 'fast',
      propagators: ['tracecontext', 'carrier-pigeon'],
      maxPathLength: 5,
      seedCompat: 'yes',
      exporter,
    } as unknown as StartTracingOptions;

    const t = start(bad);
    profiled('a1', () => 1)();

    expect(t.serviceName).toMatch(/^unknown_service/);
    expect(exporter.spans).toHaveLength(0); // batch processor: not exported yet
    expect(messages.join('\n')).toMatch(/serviceName must be/);
    expect(messages.join('\n')).toMatch(/spanProcessor must be/);
    expect(messages.join('\n')).toMatch(/propagators: unsupported/);
    expect(messages.join('\n')).toMatch(/maxPathLength 5 clamped to 320/);
    expect(messages.join('\n')).toMatch(/seedCompat must be/);
  });

  it('does not throw for options that are not an object', () => {
    expect(() =>
      start('svc-a' as unknown as StartTracingOptions),
    ).not.toThrow();
  });

  it('records nothing, but still runs profiled code, when OTEL_SDK_DISABLED=true', () => {
    const exporter = new RecordingExporter();
    start({
      exporter,
      spanProcessor: 'simple',
      env: { OTEL_SDK_DISABLED: 'true' },
    });

    expect(profiled('a1', () => 'ran')()).toBe('ran');
    expect(exporter.spans).toHaveLength(0);
  });

  it('does not measure calls the sampler drops', () => {
    const exporter = new RecordingExporter();
    start({
      exporter,
      spanProcessor: 'simple',
      env: { OTEL_TRACES_SAMPLER: 'always_off' },
    });
    let open = -1;

    profiled('a1', () => {
      open = countOpenMeters();
    })();

    expect(open).toBe(0);
    expect(exporter.spans).toHaveLength(0);
  });

  it('exposes a tracer that exports through the same pipeline', async () => {
    const exporter = new RecordingExporter();
    const t = start({ exporter, spanProcessor: 'simple' });

    t.tracer.startSpan('manual').end();
    await t.forceFlush();

    expect(exporter.spans.map((s) => s.name)).toEqual(['manual']);
  });
});

describe('SDK failures never reach the host', () => {
  afterEach(() => {
    trace.disable();
    diag.disable();
  });

  it('runs the function unprofiled when the tracer throws', () => {
    const messages = captureDiag();
    const throwingTracer = {
      startSpan: () => {
        throw new Error('tracer broke');
      },
    } as unknown as Tracer;
    const provider: TracerProvider = { getTracer: () => throwingTracer };
    trace.setGlobalTracerProvider(provider);

    expect(profiled('a1', (x: number) => x * 2)(21)).toBe(42);
    expect(messages.some((m) => m.includes('starting a hop failed'))).toBe(
      true,
    );
  });

  it('returns the result when the exporter throws', async () => {
    const t = startTestTracing({
      exporter: {
        export() {
          throw new Error('exporter broke');
        },
        shutdown: () => Promise.resolve(),
      },
    });

    expect(profiled('a1', () => 'ok')()).toBe('ok');
    await expect(profiled('a2', () => Promise.resolve('ok'))()).resolves.toBe(
      'ok',
    );
    await t.tracing.shutdown();
  });
});
