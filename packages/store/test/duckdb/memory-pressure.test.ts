/**
 * DuckDB's memory limit follows the process's memory pressure: halved while
 * under it, restored after, and restored at once when a load fails; a store
 * stores and reads as before meanwhile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDbMemoryLimit } from '../../src/duckdb/memory-pressure.js';
import { openDuckDbStore } from '../../src/index.js';
import { span, T0, tid } from '../helpers.js';

let instance: DuckDBInstance | undefined;
let dir: string | undefined;
afterEach(() => {
  instance?.closeSync();
  instance = undefined;
  if (dir !== undefined) {
    rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  }
});

/** A limit on a real database, and a reader of the limit DuckDB has. */
async function openLimit(limitMiB: number): Promise<{
  limit: DuckDbMemoryLimit;
  appliedMiB: () => Promise<number>;
}> {
  instance = await DuckDBInstance.create(':memory:', {
    memory_limit: `${limitMiB}MiB`,
  });
  const conn = await instance.connect();
  const run = (body: (c: DuckDBConnection) => Promise<void>) => body(conn);
  return {
    limit: new DuckDbMemoryLimit(limitMiB, run),
    appliedMiB: async () => {
      const reader = await conn.runAndReadAll(
        "SELECT current_setting('memory_limit')",
      );
      const text = String(reader.getRows()[0]![0]);
      const mib = /^([\d.]+) MiB$/.exec(text);
      const gib = /^([\d.]+) GiB$/.exec(text);
      return mib !== null ? Number(mib[1]) : Number(gib![1]) * 1024;
    },
  };
}

describe('DuckDbMemoryLimit', () => {
  it('halves the limit under pressure and restores it after', async () => {
    const { limit, appliedMiB } = await openLimit(512);
    await limit.setPressure(true);
    expect(limit.currentMiB).toBe(256);
    expect(await appliedMiB()).toBe(256);
    await limit.setPressure(false);
    expect(await appliedMiB()).toBe(512);
  });

  it('restores the whole limit when a load fails under pressure, until pressure starts anew', async () => {
    const { limit, appliedMiB } = await openLimit(512);
    await limit.setPressure(true);
    await limit.loadFailed();
    expect(limit.currentMiB).toBe(512);
    expect(await appliedMiB()).toBe(512);
    await limit.setPressure(false);
    await limit.setPressure(true);
    expect(await appliedMiB()).toBe(256);
  });

  it('never goes below 64 MiB', async () => {
    const { limit, appliedMiB } = await openLimit(100);
    await limit.setPressure(true);
    expect(await appliedMiB()).toBe(64);
  });

  it('keeps the limit it had when a statement fails', async () => {
    const failing = new DuckDbMemoryLimit(512, () =>
      Promise.reject(new Error('could not free up enough memory')),
    );
    await expect(failing.setPressure(true)).resolves.toBeUndefined();
    await expect(failing.setPressure(false)).resolves.toBeUndefined();
  });
});

describe('a DuckDB store under memory pressure', () => {
  it('stores and reads as before under pressure and after it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'pathprof-pressure-'));
    const store = await openDuckDbStore({
      path: dir,
      memoryLimitBytes: 256 * 1024 * 1024,
    });
    try {
      await store.setMemoryPressure!(true);
      await store.appendSpans([
        span({ trace: 't1', id: 'a', start: T0, dur: 1 }),
      ]);
      expect((await store.getTraces([tid('t1')]))[0]?.spans).toHaveLength(1);
      await store.setMemoryPressure!(false);
      await store.appendSpans([
        span({ trace: 't2', id: 'b', start: T0, dur: 1 }),
      ]);
      expect(
        (await store.getTraces([tid('t1'), tid('t2')])).map((t) => t.traceId),
      ).toEqual([tid('t1'), tid('t2')]);
    } finally {
      await store.close();
    }
  });
});
