import { describe, expect, it } from 'vitest';
import { findOverheadRoute, runOverhead, selectArms } from '@pathprof/measure';
import type { ArmEndpoint } from '@pathprof/measure';
import { answer, startFakeServer } from '../fake-http-server.js';

describe('runOverhead', () => {
  it('sends warm-up, interleaved latency rounds, a CPU warm-up and CPU blocks to every arm, reading CPU after each block', async () => {
    const server = await startFakeServer((req, res) =>
      answer(res, req.url?.startsWith('/broken') === true ? 500 : 200),
    );
    let reads = 0;
    const cpu = {
      method: 'schedstat' as const,
      pids: [1],
      read: () => {
        const n = reads++;
        return { nanos: n * 1000, mainNanos: n * 600 };
      },
    };
    const [decorated, twin] = selectArms([]);
    const endpoints: ArmEndpoint[] = [
      { arm: decorated!, urlOf: (r) => new URL(`${server.url}/${r}`), cpu },
      { arm: twin!, urlOf: (r) => new URL(`${server.url}/broken/${r}n`), cpu },
    ];
    try {
      const [m] = await runOverhead(
        {
          routes: [findOverheadRoute('a1')!],
          samples: 5,
          warmup: 2,
          cpuCalls: 6,
          cpuBlockCalls: 3,
          cpuWarmupRounds: 4,
          cpuSettleMillis: 1,
          timeoutMillis: 5000,
          seed: 1,
        },
        endpoints,
      );
      // 2 arms × (2 warm-up + 5 samples + 4 CPU warm-up + 2 CPU rounds × 3 calls)
      expect(server.received).toHaveLength(34);
      expect(server.received.filter((p) => p === '/a1')).toHaveLength(17);
      expect(server.received.filter((p) => p === '/broken/a1n')).toHaveLength(
        17,
      );
      expect(m!.latencies[0]!.every((v) => v > 0)).toBe(true);
      expect(m!.latencies[1]!.every((v) => Number.isNaN(v))).toBe(true);
      expect(Object.fromEntries(m!.errors[1]!)).toEqual({ 'HTTP 500': 17 });
      expect(m!.cpuRounds).toHaveLength(2);
      // the arms share one instance: one first reading, then one after each
      // block, each block charged the 1000 ns since the previous reading
      expect(m!.cpuRounds[0]![0]).toEqual({
        nanos: 1000,
        mainNanos: 600,
        calls: 3,
      });
      expect(m!.cpuRounds[0]![1]).toEqual({
        nanos: 1000,
        mainNanos: 600,
        calls: 0,
      });
      expect(reads).toBe(5);
    } finally {
      await server.close();
    }
  });
});
