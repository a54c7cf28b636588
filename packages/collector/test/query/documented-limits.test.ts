/**
 * The query limits docs/collector.md states, at their edges: a search
 * answers at most 20 000 traces, on every route that searches (v1 `limit`,
 * api_v3 `query.searchDepth`, gRPC `search_depth`), because its answer is
 * built in memory.
 */
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCollector } from '../test-collector.js';
import {
  collectStream,
  createClient,
  loadGrpcPackage,
  startCollectorWithEveryReceiver,
} from '../receivers/receiver-test-helpers.js';

let collector: TestCollector;
beforeAll(async () => {
  collector = await startCollectorWithEveryReceiver();
});
afterAll(async () => {
  await collector.close();
});

const WINDOW =
  'query.startTimeMin=2026-01-05T10:00:00Z&query.startTimeMax=2026-01-05T11:00:00Z';

describe('the most traces one search answers', () => {
  it('is 20 000 for the v1 limit', async () => {
    const ok = await fetch(
      `${collector.queryUrl}/api/traces?service=a&limit=20000`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ data: [], limit: 20000 });
    const over = await fetch(
      `${collector.queryUrl}/api/traces?service=a&limit=20001`,
    );
    expect(over.status).toBe(400);
  });

  it('is 20 000 for the api_v3 searchDepth', async () => {
    const ok = await fetch(
      `${collector.queryUrl}/api/v3/traces?${WINDOW}&query.searchDepth=20000`,
    );
    // nothing stored: api_v3 answers 404 "No traces found", not a parameter error
    expect(ok.status).toBe(404);
    const over = await fetch(
      `${collector.queryUrl}/api/v3/traces?${WINDOW}&query.searchDepth=20001`,
    );
    expect(over.status).toBe(400);
  });

  it.each([
    ['jaeger/api_v2/query.proto', 'jaeger.api_v2.QueryService'],
    ['jaeger/api_v3/query_service.proto', 'jaeger.api_v3.QueryService'],
  ])('is 20 000 for the gRPC search_depth (%s)', async (file, service) => {
    const client = createClient(
      loadGrpcPackage(file),
      service,
      collector.ports.queryGrpc!,
    );
    const query = {
      serviceName: 'a',
      startTimeMin: { seconds: 1 },
      startTimeMax: { seconds: 2 },
    };
    try {
      expect(
        await collectStream(client, 'FindTraces', {
          query: { ...query, searchDepth: 20000 },
        }),
      ).toEqual([]);
      await expect(
        collectStream(client, 'FindTraces', {
          query: { ...query, searchDepth: 20001 },
        }),
      ).rejects.toMatchObject({
        code: grpc.status.INVALID_ARGUMENT,
        details:
          'search_depth must be from 1 to 20000 (0 means 100), got 20001',
      });
    } finally {
      client.close();
    }
  });
});
