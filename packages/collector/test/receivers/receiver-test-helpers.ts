/**
 * What the receiver tests share: a collector with every receiver on a free
 * port, a gRPC client built from the collector's own .proto files with
 * @grpc/proto-loader, and reads of the query and path APIs.
 */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { CollectorOptions } from '../../src/index.js';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';

export const PROTO_DIR = fileURLToPath(
  new URL('../../proto/', import.meta.url),
);

export function startCollectorWithEveryReceiver(
  options: Partial<CollectorOptions> = {},
): Promise<TestCollector> {
  return startTestCollector({
    otlpGrpcPort: 0,
    jaegerThriftHttpPort: 0,
    jaegerThriftCompactPort: 0,
    jaegerThriftBinaryPort: 0,
    jaegerGrpcPort: 0,
    queryGrpcPort: 0,
    ...options,
  });
}

/** A package of the collector's protos, as a gRPC client loads it. */
export function loadGrpcPackage(file: string): grpc.GrpcObject {
  const definition = protoLoader.loadSync(file, {
    includeDirs: [PROTO_DIR],
    longs: String,
    enums: String,
    defaults: false,
  });
  return grpc.loadPackageDefinition(definition);
}

type ClientConstructor = new (
  address: string,
  credentials: grpc.ChannelCredentials,
) => grpc.Client;

export function createClient(
  pkg: grpc.GrpcObject,
  servicePath: string,
  port: number,
): grpc.Client & Record<string, (...args: unknown[]) => unknown> {
  let node: unknown = pkg;
  for (const part of servicePath.split('.')) {
    node = (node as Record<string, unknown>)[part];
  }
  const Client = node as ClientConstructor;
  return new Client(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  ) as grpc.Client & Record<string, (...args: unknown[]) => unknown>;
}

/** A unary call as a promise; rejects with the ServiceError. */
export function unary<T>(
  client: Record<string, (...args: unknown[]) => unknown>,
  method: string,
  request: unknown,
  metadata = new grpc.Metadata(),
): Promise<T> {
  return new Promise((resolve, reject) => {
    client[method]!(
      request,
      metadata,
      (err: grpc.ServiceError | null, res: T) =>
        err === null ? resolve(res) : reject(err),
    );
  });
}

/** Every message of a server stream; rejects with the ServiceError. */
export function collectStream<T>(
  client: Record<string, (...args: unknown[]) => unknown>,
  method: string,
  request: unknown,
  metadata = new grpc.Metadata(),
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const call = client[method]!(
      request,
      metadata,
    ) as grpc.ClientReadableStream<T>;
    const messages: T[] = [];
    call.on('data', (m: T) => messages.push(m));
    call.on('error', reject);
    call.on('end', () => resolve(messages));
  });
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) {
    throw new Error(`${url}: ${res.status} ${await res.text()}`);
  }
  return (await res.json()) as T;
}

/** The path keys of the path API's report over a window (µs). */
export async function pathKeys(
  collector: TestCollector,
  startMicros: number,
  endMicros: number,
): Promise<string[]> {
  const report = await getJson<{ paths: { key: string }[] }>(
    `${collector.queryUrl}/api/paths?start=${startMicros}&end=${endMicros}`,
  );
  return report.paths.map((p) => p.key);
}
