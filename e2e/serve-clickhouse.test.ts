/**
 * `pathprof serve --store clickhouse`: the collector writes to a real
 * ClickHouse server (Debian's, started on free ports by the test) and answers
 * the Jaeger API from it, as it does from the embedded store.
 */
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServe } from '@pathprof/cli';
import {
  ClickHouseTestServer,
  findClickHouseServer,
} from '../packages/store/test/clickhouse/clickhouse-test-server.js';

const command = findClickHouseServer();

describe.skipIf(command === null)('pathprof serve --store clickhouse', () => {
  const server = new ClickHouseTestServer(command ?? []);
  beforeAll(() => server.start(), 60_000);
  afterAll(() => server.dispose(), 120_000);

  it('stores OTLP spans in ClickHouse and finds them through the Jaeger API', async () => {
    let out = '';
    const stdout = new PassThrough();
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const serving = runServe(
      {
        format: 'json',
        store: 'clickhouse',
        clickhouseUrl: server.url,
        clickhouseDatabase: 'serve_e2e',
        otlpPort: '0',
        zipkinPort: 'off',
        queryPort: '0',
        otlpGrpcPort: 'off',
        jaegerThriftHttpPort: 'off',
        jaegerThriftCompactPort: 'off',
        jaegerThriftBinaryPort: 'off',
        jaegerGrpcPort: 'off',
        queryGrpcPort: 'off',
        quiet: true,
      },
      {
        stdin: Readable.from([]),
        stdout,
        stderr: new PassThrough(),
        nowMicros: () => Date.now() * 1000,
      },
      {},
      () => stopped,
    );
    try {
      await expect.poll(() => out).toContain('\n');
      const started = JSON.parse(out) as { otlp: string; query: string };
      const now = BigInt(Date.now()) * 1_000_000n;
      const res = await fetch(started.otlp, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          resourceSpans: [
            {
              resource: {
                attributes: [
                  { key: 'service.name', value: { stringValue: 'ch-svc' } },
                ],
              },
              scopeSpans: [
                {
                  spans: [
                    {
                      traceId: '0af7651916cd43dd8448eb211c80319c',
                      spanId: 'b7ad6b7169203331',
                      name: 'GET /ch',
                      kind: 2,
                      startTimeUnixNano: String(now - 5_000_000n),
                      endTimeUnixNano: String(now),
                    },
                  ],
                },
              ],
            },
          ],
        }),
      });
      expect(res.status).toBe(200);
      const found = (await (
        await fetch(
          `${started.query}/api/traces/0af7651916cd43dd8448eb211c80319c`,
        )
      ).json()) as { data: { spans: { operationName: string }[] }[] };
      expect(found.data[0]!.spans.map((s) => s.operationName)).toEqual([
        'GET /ch',
      ]);
      const services = (await (
        await fetch(`${started.query}/api/services`)
      ).json()) as { data: string[] };
      expect(services.data).toEqual(['ch-svc']);
    } finally {
      stop();
      await serving;
    }
  }, 60_000);
});
