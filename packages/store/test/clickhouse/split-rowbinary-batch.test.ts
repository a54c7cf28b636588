import { describe, expect, it } from 'vitest';
import type { Micros } from '@pathprof/model';
import { encodeRowBinaryBatch } from '../../src/clickhouse/encode-rowbinary-batch.js';
import { splitRowBinaryBatch } from '../../src/clickhouse/split-rowbinary-batch.js';
import { TraceShards } from '../../src/clickhouse/trace-shards.js';
import { span, T0 } from '../helpers.js';

/** Each row of a batch as hex, in the batch's order, cut by its seq offsets. */
function rowsOf(batch: Uint8Array): string[] {
  const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
  const rows = view.getUint32(0, true);
  const start = 4 + 4 * rows;
  const out: string[] = [];
  let from = start;
  for (let i = 0; i < rows; i++) {
    const end = start + view.getUint32(4 + 4 * i, true) + 16;
    out.push(Buffer.from(batch.subarray(from, end)).toString('hex'));
    from = end;
  }
  expect(from).toBe(batch.length);
  return out;
}

/** Spans of `traces` traces, alternating between traces span by span. */
function interleaved(traces: number) {
  return ['a', 'b', 'c'].flatMap((id, k) =>
    Array.from({ length: traces }, (_, i) =>
      span({
        trace: `t${i}`,
        id,
        ...(k === 0 ? {} : { parent: 'a' }),
        service: `svc-${id}`,
        start: T0 + i * 1000 + k,
        dur: 10,
      }),
    ),
  );
}

describe('splitRowBinaryBatch', () => {
  const shards = new TraceShards([1, 2]);

  it('gives each shard exactly the rows of the traces it owns', () => {
    const batch = encodeRowBinaryBatch(interleaved(40), T0 as Micros).bytes;
    const before = rowsOf(batch);
    const parts = splitRowBinaryBatch(batch, shards);
    expect(parts).toHaveLength(2);
    expect(parts.every((p) => p.length > 0)).toBe(true);
    // The batch holds the same rows, regrouped shard by shard, its offsets rewritten.
    const after = rowsOf(batch);
    expect([...after].sort()).toEqual([...before].sort());
    const owners = after.map((row) =>
      shards.shardOf(Buffer.from(row, 'hex'), 0),
    );
    expect(owners).toEqual([...owners].sort());
    // Each part is its shard's rows, in their original order.
    parts.forEach((part, shard) => {
      const mine = before.filter(
        (row) => shards.shardOf(Buffer.from(row, 'hex'), 0) === shard,
      );
      expect(Buffer.from(part).toString('hex')).toBe(mine.join(''));
    });
  });

  it('splits a regrouped batch again into the same parts', () => {
    const batch = encodeRowBinaryBatch(interleaved(25), T0 as Micros).bytes;
    const first = splitRowBinaryBatch(batch, shards).map((p) =>
      Buffer.from(p).toString('hex'),
    );
    const second = splitRowBinaryBatch(batch, shards).map((p) =>
      Buffer.from(p).toString('hex'),
    );
    expect(second).toEqual(first);
  });

  it('hands a batch of one shard over whole, and the others nothing', () => {
    const one = interleaved(1);
    const batch = encodeRowBinaryBatch(one, T0 as Micros).bytes;
    const parts = splitRowBinaryBatch(batch, shards);
    expect(parts.map((p) => p.length).sort((a, b) => a - b)).toEqual([
      0,
      batch.length - 4 - 4 * one.length,
    ]);
  });
});
