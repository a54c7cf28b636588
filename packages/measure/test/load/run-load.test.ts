import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  arrivalOffsetMicros,
  buildLoadReport,
  runLoad,
} from '@pathprof/measure';
import type { LoadTarget } from '@pathprof/measure';
import {
  answer,
  findClosedPort,
  startFakeServer,
} from '../fake-http-server.js';
import type { FakeServer } from '../fake-http-server.js';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const target = (name: string, url: string, weight = 1): LoadTarget => ({
  name,
  url: new URL(url),
  weight,
});

describe('runLoad', () => {
  it('keeps sending on schedule while the server stalls, and charges the stall to the latency of the waiting requests', async () => {
    // The server holds every answer until it has received HELD requests. A
    // closed-loop client with fewer than HELD connections would wait forever;
    // the open loop keeps the offered rate, and request #0 cannot be answered
    // before request #HELD-1 was sent, which is not before its scheduled time.
    const HELD = 10;
    const RPS = 50;
    const waiting: ServerResponse[] = [];
    server = await startFakeServer((_req, res) => {
      if (waiting.length >= HELD) {
        answer(res);
        return;
      }
      waiting.push(res);
      if (waiting.length === HELD) {
        waiting.forEach((r) => answer(r));
      }
    });
    const run = await runLoad({
      targets: [target('stall', `${server.url}/stall`)],
      rps: RPS,
      durationMicros: 400_000,
      concurrency: 64,
      timeoutMillis: 10_000,
    });
    const report = buildLoadReport(run, server.url);
    const r = report.routes[0]!;
    expect(r.scheduled).toBe(20);
    expect(r.sent).toBe(20);
    expect(r.dropped).toBe(0);
    expect(r.ok).toBe(20);
    expect(server.received).toHaveLength(20);
    expect(r.latencyMicros.max).toBeGreaterThanOrEqual(
      arrivalOffsetMicros(HELD - 1, RPS),
    );
    // held request #k waited at least (HELD-1-k)/RPS: the five earliest at
    // least 4/RPS, so the 90th percentile of all 20 is at least that
    expect(r.latencyMicros.p90).toBeGreaterThanOrEqual(
      arrivalOffsetMicros(4, RPS),
    );
  });

  it('counts arrivals beyond the concurrency bound as dropped instead of queueing them', async () => {
    const held: ServerResponse[] = [];
    server = await startFakeServer((_req, res) => {
      held.push(res);
    });
    const run = await runLoad(
      {
        targets: [target('slow', `${server.url}/slow`)],
        rps: 100,
        durationMicros: 100_000,
        concurrency: 2,
        timeoutMillis: 10_000,
      },
      { onScheduleEnd: () => held.forEach((r) => answer(r)) },
    );
    const r = buildLoadReport(run, server.url).routes[0]!;
    expect(r.scheduled).toBe(10);
    expect(r.sent).toBe(2);
    expect(r.dropped).toBe(8);
    expect(r.ok).toBe(2);
    expect(server.received).toHaveLength(2);
  });

  it('mixes routes by weight and separates HTTP errors from network errors', async () => {
    server = await startFakeServer((req, res) => {
      answer(res, req.url === '/bad' ? 500 : 200);
    });
    const closed = await findClosedPort();
    const run = await runLoad({
      targets: [
        target('ok', `${server.url}/ok`, 2),
        target('bad', `${server.url}/bad`),
        target('down', `http://127.0.0.1:${closed}/down`),
      ],
      rps: 80,
      durationMicros: 500_000,
      concurrency: 64,
      timeoutMillis: 5_000,
    });
    const report = buildLoadReport(run, server.url);
    const [ok, bad, down] = report.routes;
    expect([ok!.scheduled, bad!.scheduled, down!.scheduled]).toEqual([
      20, 10, 10,
    ]);
    expect(ok).toMatchObject({ ok: 20, httpErrors: 0, networkErrors: 0 });
    expect(bad).toMatchObject({
      ok: 0,
      httpErrors: 10,
      statuses: { '500': 10 },
    });
    expect(bad!.latencyMicros.count).toBe(10);
    expect(down).toMatchObject({
      ok: 0,
      networkErrors: 10,
      errorCodes: { ECONNREFUSED: 10 },
    });
    expect(down!.latencyMicros.count).toBe(0);
    expect(report.total).toMatchObject({
      scheduled: 40,
      sent: 40,
      ok: 20,
      httpErrors: 10,
      networkErrors: 10,
    });
    expect(report.total.latencyMicros.count).toBe(30);
  });

  it('gives up on a request after the timeout and counts it as a timeout', async () => {
    server = await startFakeServer(() => undefined);
    const run = await runLoad({
      targets: [target('hang', `${server.url}/hang`)],
      rps: 10,
      durationMicros: 100_000,
      concurrency: 4,
      timeoutMillis: 200,
    });
    const r = buildLoadReport(run, server.url).routes[0]!;
    expect(r).toMatchObject({
      sent: 1,
      networkErrors: 1,
      errorCodes: { timeout: 1 },
    });
  });

  it('reports progress, ending with every arrival accounted for', async () => {
    server = await startFakeServer((_req, res) => answer(res));
    const seen: number[] = [];
    await runLoad(
      {
        targets: [target('ok', `${server.url}/`)],
        rps: 50,
        durationMicros: 200_000,
        concurrency: 8,
        timeoutMillis: 5_000,
      },
      {
        progressIntervalMillis: 20,
        onProgress: (p) => seen.push(p.due + p.total * 1000 + p.ok * 1e6),
      },
    );
    const last = seen.at(-1)!;
    // due = 10, total = 10, ok = 10
    expect(last).toBe(10 + 10_000 + 10_000_000);
  });
});
