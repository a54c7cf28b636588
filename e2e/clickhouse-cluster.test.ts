/**
 * Stateless collectors on a sharded ClickHouse: two `pathprof serve
 * --clickhouse-cluster` collectors, each entering the cluster through a
 * different shard, take turns receiving traces and then give the same
 * answers to every query, as they would behind a load balancer.
 */
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServe } from '@pathprof/cli';
import {
  ClickHouseTestCluster,
  TEST_CLUSTER,
} from '../packages/store/test/clickhouse/clickhouse-test-cluster.js';
import { findClickHouseServer } from '../packages/store/test/clickhouse/clickhouse-test-server.js';

const command = findClickHouseServer();
const TRACES = 24;
const DATABASE = 'cluster_e2e';

interface Serving {
  readonly otlp: string;
  readonly query: string;
  readonly stop: () => Promise<void>;
}

async function serve(entryUrl: string, shardUrls: string[]): Promise<Serving> {
  let out = '';
  const stdout = new PassThrough();
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const serving = runServe(
    {
      format: 'json',
      store: 'clickhouse',
      clickhouseUrl: entryUrl,
      clickhouseDatabase: DATABASE,
      clickhouseCluster: TEST_CLUSTER,
      clickhouseShardUrl: shardUrls,
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
    () => released,
  );
  await expect.poll(() => out, { timeout: 30_000 }).toContain('\n');
  const started = JSON.parse(out) as { otlp: string; query: string };
  return {
    ...started,
    stop: async () => {
      release();
      await serving;
    },
  };
}

/** frontend → api → db, trace `i`, starting `i` ms after `base`. */
function otlpTrace(i: number, baseNanos: bigint): object {
  const traceId = (i + 1).toString(16).padStart(32, 'a');
  const at = (ms: number): string =>
    String(baseNanos + BigInt(i * 1_000_000 + ms * 1_000));
  const span = (
    service: string,
    id: number,
    parent: number | undefined,
    from: number,
    to: number,
  ): object => ({
    resource: {
      attributes: [{ key: 'service.name', value: { stringValue: service } }],
    },
    scopeSpans: [
      {
        spans: [
          {
            traceId,
            spanId: (i * 10 + id).toString(16).padStart(16, '0'),
            ...(parent === undefined
              ? {}
              : {
                  parentSpanId: (i * 10 + parent)
                    .toString(16)
                    .padStart(16, '0'),
                }),
            name: `${service} op`,
            kind: parent === undefined ? 2 : 3,
            startTimeUnixNano: at(from),
            endTimeUnixNano: at(to + (i % 5)),
          },
        ],
      },
    ],
  });
  return {
    resourceSpans: [
      span('frontend', 1, undefined, 0, 900),
      span('api', 2, 1, 100, 700),
      span('db', 3, 2, 200, 400),
    ],
  };
}

describe.skipIf(command === null)(
  'collectors on a two-shard ClickHouse cluster',
  () => {
    const cluster = new ClickHouseTestCluster(command ?? []);
    beforeAll(() => cluster.start(), 60_000);
    afterAll(() => cluster.dispose(), 120_000);

    it('answers every query the same through either collector', async () => {
      const [urlA, urlB] = cluster.shardUrls;
      const a = await serve(urlA!, cluster.shardUrls);
      const b = await serve(urlB!, cluster.shardUrls);
      try {
        const baseNanos = BigInt(Date.now() - 60_000) * 1_000_000n;
        for (let i = 0; i < TRACES; i++) {
          const res = await fetch((i % 2 === 0 ? a : b).otlp, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(otlpTrace(i, baseNanos)),
          });
          expect(res.status).toBe(200);
        }
        const start = Number(baseNanos / 1000n) - 1_000_000;
        const end = start + 120_000_000;
        const window = `start=${start}&end=${end}`;
        const paths = [
          `/api/services`,
          `/api/traces?service=api&limit=10&${window}`,
          `/api/traces?service=frontend&limit=100&${window}`,
          `/api/traces/${(3).toString(16).padStart(32, 'a')}`,
          `/api/paths?${window}`,
        ];
        const answers = async (base: string): Promise<unknown[]> =>
          Promise.all(
            paths.map(async (p) => (await fetch(`${base}${p}`)).json()),
          );
        const [fromA, fromB] = await Promise.all([
          answers(a.query),
          answers(b.query),
        ]);
        expect(fromB).toEqual(fromA);
        const [services, , all, one] = fromA as [
          { data: string[] },
          unknown,
          { data: unknown[] },
          { data: { spans: unknown[] }[] },
        ];
        expect(services.data).toEqual(['api', 'db', 'frontend']);
        expect(all.data).toHaveLength(TRACES);
        expect(one.data[0]!.spans).toHaveLength(3);
        expect(JSON.stringify(fromA[4])).toContain('frontend');
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    }, 120_000);
  },
);
