/**
 * Builders for the receiver tests: spans recorded by the real OpenTelemetry
 * JS SDK, stores that hold back or fail their writes, and a bare ingest
 * server whose metrics are recorded.
 */
import type { AddressInfo } from 'node:net';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { TraceId } from '@pathprof/model';
import { createMemoryStore } from '@pathprof/store';
import type { AppendResult, SpanStore } from '@pathprof/store';
import Fastify from 'fastify';
import { WriteQueue } from '../../src/ingest/write-queue.js';
import type { CollectorMetrics } from '../../src/metrics/collector-metrics.js';
import { registerOtlpRoutes } from '../../src/otlp/register-otlp-routes.js';
import type { CollectorContext } from '../../src/server/collector-context.js';
import { resolveCollectorOptions } from '../../src/server/collector-options.js';
import type { CollectorOptions } from '../../src/server/collector-options.js';
import { registerZipkinRoutes } from '../../src/zipkin/register-zipkin-routes.js';

export const SDK_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736' as TraceId;

/**
 * frontend `GET /checkout` (SERVER) → `POST /pay` (CLIENT) → payments
 * `POST /pay` (SERVER), recorded by the real SDK with fixed ids.
 */
export function recordSdkSpans(traceId: string = SDK_TRACE_ID): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  let nextSpan = 0;
  const idGenerator = {
    generateTraceId: () => traceId,
    generateSpanId: () => (++nextSpan).toString(16).padStart(16, '0'),
  };
  const tracer = (service: string) =>
    new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
      idGenerator,
    }).getTracer('test');
  const frontend = tracer('frontend');
  const root = frontend.startSpan('GET /checkout', {
    kind: SpanKind.SERVER,
    startTime: [1_700_000_000, 0],
  });
  const rootContext = trace.setSpan(context.active(), root);
  const client = frontend.startSpan(
    'POST /pay',
    { kind: SpanKind.CLIENT, startTime: [1_700_000_000, 1_000_000] },
    rootContext,
  );
  const server = tracer('payments').startSpan(
    'POST /pay',
    { kind: SpanKind.SERVER, startTime: [1_700_000_000, 2_000_000] },
    trace.setSpan(rootContext, client),
  );
  server.end([1_700_000_000, 9_000_000]);
  client.end([1_700_000_000, 10_000_000]);
  root.end([1_700_000_000, 12_000_000]);
  return exporter.getFinishedSpans();
}

/** The store with its `appendSpans` replaced; every other method reads the inner store. */
export function withAppend(
  inner: SpanStore,
  appendSpans: SpanStore['appendSpans'],
): SpanStore {
  return {
    pathIndex: inner.pathIndex,
    appendSpans,
    searchTraces: (q) => inner.searchTraces(q),
    getTraces: (ids) => inner.getTraces(ids),
    listServices: () => inner.listServices(),
    listOperations: (s, k) => inner.listOperations(s, k),
    listAttributeValues: (k, w, o) => inner.listAttributeValues(k, w, o),
    getDependencies: (end, lookback) => inner.getDependencies(end, lookback),
    streamTraces: (w, o) => inner.streamTraces(w, o),
    deleteOlderThan: (c) => inner.deleteOlderThan(c),
    deleteReceivedBefore: (c) => inner.deleteReceivedBefore(c),
    applyRetention: (n) => inner.applyRetention(n),
    close: () => inner.close(),
  };
}

export interface GatedStore extends SpanStore {
  /** Resolves once `count` writes have reached the gate. */
  writesArrived(count: number): Promise<void>;
  /** Lets every held and later write through. */
  open(): void;
}

/** A memory store whose writes wait until `open()`. */
export function createGatedStore(): GatedStore {
  const inner = createMemoryStore();
  let openGate!: () => void;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  let arrived = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const store = withAppend(inner, async (spans): Promise<AppendResult> => {
    arrived++;
    waiters.filter((w) => w.count <= arrived).forEach((w) => w.resolve());
    await gate;
    return inner.appendSpans(spans);
  });
  return Object.assign(store, {
    writesArrived: (count: number) =>
      count <= arrived
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ count, resolve })),
    open: () => openGate(),
  });
}

/** A memory store whose writes all fail, as a full disk would. */
export function createFailingStore(): SpanStore {
  return withAppend(createMemoryStore(), () =>
    Promise.reject(new Error('disk full')),
  );
}

export interface RecordedMetrics extends CollectorMetrics {
  readonly received: [string, number][];
  readonly rejected: [string, number][];
  /** Requests refused as a whole, by reason. */
  readonly requestsRejected: string[];
  readonly stored: number[];
}

export function createRecordedMetrics(): RecordedMetrics {
  const received: [string, number][] = [];
  const rejected: [string, number][] = [];
  const stored: number[] = [];
  const requestsRejected: string[] = [];
  return {
    received,
    rejected,
    requestsRejected,
    stored,
    spansReceived: (receiver, n) => void received.push([receiver, n]),
    spansRejected: (reason, n) => void rejected.push([reason, n]),
    requestRejected: (reason) => void requestsRejected.push(reason),
    observeWrite: () => undefined,
    indexRun: () => undefined,
    observeStoredSpans: (spans) => void stored.push(spans.length),
    render: () => Promise.resolve({ contentType: 'text/plain', body: '' }),
  };
}

export interface IngestApp {
  readonly url: string;
  readonly store: SpanStore;
  readonly queue: WriteQueue;
  readonly metrics: RecordedMetrics;
  close(): Promise<void>;
}

/** Both receivers on one Fastify server on a free port, with recorded metrics. */
export async function startIngestApp(
  options: Partial<CollectorOptions> = {},
): Promise<IngestApp> {
  const store = options.store ?? createMemoryStore();
  const resolved = resolveCollectorOptions({ ...options, store });
  const metrics = createRecordedMetrics();
  const queue = new WriteQueue({
    store,
    maxQueuedSpans: resolved.maxQueuedSpans,
  });
  const ingest: CollectorContext = {
    store,
    queue,
    metrics,
    options: resolved,
    log: () => undefined,
    nowMicros: () => Date.now() * 1000,
  };
  const app = Fastify({ bodyLimit: resolved.maxBodyBytes });
  registerOtlpRoutes(app, ingest);
  registerZipkinRoutes(app, ingest);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    queue,
    metrics,
    close: async () => {
      await app.close();
      await queue.close();
    },
  };
}

/** `POST` with the given body and headers; the body as bytes or text. */
export function post(
  url: string,
  body: Uint8Array | string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, { method: 'POST', body, headers });
}
