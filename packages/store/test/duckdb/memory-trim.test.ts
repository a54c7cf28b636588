/**
 * The idle trim gives DuckDB's cache back once the store has been idle, once
 * per idle period, never while a read runs; the read pool holds new reads
 * while a trim runs and lets a trim through only when no read is running.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionPool } from '../../src/duckdb/connection-pool.js';
import { MemoryTrim, trimStatements } from '../../src/duckdb/memory-trim.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('MemoryTrim', () => {
  it('runs once after the delay without activity, and again only after new activity', async () => {
    vi.useFakeTimers();
    const run = vi.fn(() => Promise.resolve(true));
    const trim = new MemoryTrim(1000, run);
    trim.activity();
    await vi.advanceTimersByTimeAsync(600);
    trim.activity(); // restarts the idle period
    await vi.advanceTimersByTimeAsync(600);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(500);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(run).toHaveBeenCalledTimes(1);
    trim.activity();
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).toHaveBeenCalledTimes(2);
    trim.close();
  });

  it('tries again after another idle period when the store was busy', async () => {
    vi.useFakeTimers();
    const answers = [false, true];
    const run = vi.fn(() => Promise.resolve(answers.shift() ?? true));
    const trim = new MemoryTrim(1000, run);
    trim.activity();
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(5000);
    expect(run).toHaveBeenCalledTimes(2);
    trim.close();
  });

  it('does not run once closed, and a failing trim stops nothing', async () => {
    vi.useFakeTimers();
    const run = vi.fn(() => Promise.reject(new Error('no')));
    const trim = new MemoryTrim(1000, run);
    trim.activity();
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).toHaveBeenCalledTimes(1);
    trim.activity();
    trim.close();
    await vi.advanceTimersByTimeAsync(5000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('lowers the limit, then restores the one given', () => {
    expect(trimStatements(409)).toEqual([
      "SET memory_limit='32MiB'",
      "SET memory_limit='409MiB'",
    ]);
  });
});

describe('ConnectionPool.ifIdle', () => {
  const fakeInstance = {
    connect: () => Promise.resolve({} as DuckDBConnection),
  } as unknown as DuckDBInstance;

  it('does not run while a read runs, and holds reads that start while it runs', async () => {
    const pool = new ConnectionPool(fakeInstance, 2);
    let endRead!: () => void;
    const read = pool.use(() => new Promise<void>((r) => (endRead = r)));
    await Promise.resolve();
    const skipped = vi.fn(() => Promise.resolve('ran'));
    expect(await pool.ifIdle(skipped)).toBeUndefined();
    expect(skipped).not.toHaveBeenCalled();
    endRead();
    await read;

    const order: string[] = [];
    let endTrim!: () => void;
    const trim = pool.ifIdle(
      () =>
        new Promise<string>((r) => {
          order.push('trim started');
          endTrim = () => {
            order.push('trim ended');
            r('ran');
          };
        }),
    );
    const held = pool.use(() => {
      order.push('read');
      return Promise.resolve();
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(['trim started']);
    endTrim();
    expect(await trim).toBe('ran');
    await held;
    expect(order).toEqual(['trim started', 'trim ended', 'read']);
  });
});
