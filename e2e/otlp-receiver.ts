/**
 * A tiny OTLP/HTTP receiver for the showcase tests: POST /v1/traces with a
 * protobuf ExportTraceServiceRequest, decoded into model spans.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeOtlpProtobuf, decodeOtlpTraces } from '@pathprof/engine';
import type { Span } from '@pathprof/model';

export interface OtlpReceiver {
  /** Base URL, as OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly url: string;
  readonly spans: Span[];
  readonly errors: string[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: Span[] = [];
  const errors: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        errors.push(`${req.method} ${req.url}`);
        res.writeHead(404).end();
        return;
      }
      const decoded = decodeOtlpProtobuf(new Uint8Array(Buffer.concat(chunks)));
      if (!decoded.ok) {
        errors.push(decoded.error.message);
        res.writeHead(400).end();
        return;
      }
      spans.push(...decodeOtlpTraces(decoded.value).spans);
      // an empty ExportTraceServiceResponse
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    errors,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The received spans grouped by trace id. */
export function groupByTrace(spans: readonly Span[]): Map<string, Span[]> {
  const traces = new Map<string, Span[]>();
  for (const span of spans) {
    let list = traces.get(span.traceId);
    if (list === undefined) {
      list = [];
      traces.set(span.traceId, list);
    }
    list.push(span);
  }
  return traces;
}
