/**
 * The rows of a `clickhouse-rowbinary-1` batch (see encode-rowbinary-batch.ts)
 * split by the shard that owns each row's trace, for INSERTs straight into
 * each shard's local table. Each row starts with its `trace_id` and ends
 * with `seq` and `received_us` (8 bytes each), so the offsets of the seqs in
 * front of the rows mark where every row ends.
 */
import { TRACE_ID_BYTES } from './trace-shards.js';
import type { TraceShards } from './trace-shards.js';

/** Bytes after a row's `seq` offset to the row's end: `seq`, `received_us`. */
const ROW_TAIL_BYTES = 16;

/**
 * Each shard's rows of `batch`, in batch order; an empty array for a shard
 * that owns none. The rows carry the `seq`s the batch held when split.
 */
export function splitRowBinaryBatch(
  batch: Uint8Array,
  shards: TraceShards,
): Uint8Array[] {
  const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
  const rows = view.getUint32(0, true);
  const start = 4 + 4 * rows;
  const ends = new Uint32Array(rows);
  const owner = new Uint16Array(rows);
  const sizes = new Array<number>(shards.count).fill(0);
  let rowStart = start;
  let previous = -1;
  for (let i = 0; i < rows; i++) {
    const end = start + view.getUint32(4 + 4 * i, true) + ROW_TAIL_BYTES;
    // A trace's spans mostly sit together: hash each run of rows once.
    const shard =
      previous >= 0 && sameTraceId(batch, previous, rowStart)
        ? owner[i - 1]!
        : shards.shardOf(batch, rowStart);
    owner[i] = shard;
    ends[i] = end;
    sizes[shard] = sizes[shard]! + (end - rowStart);
    previous = rowStart;
    rowStart = end;
  }
  if (rowStart !== batch.length) {
    throw new Error(
      'a RowBinary batch whose row offsets do not match its length',
    );
  }
  const whole = sizes.findIndex((size) => size === rowStart - start);
  if (whole >= 0) {
    return sizes.map((_, shard) =>
      shard === whole ? batch.subarray(start) : new Uint8Array(0),
    );
  }
  const parts = sizes.map((size) => new Uint8Array(size));
  const filled = new Array<number>(shards.count).fill(0);
  rowStart = start;
  for (let i = 0; i < rows; i++) {
    const shard = owner[i]!;
    const end = ends[i]!;
    parts[shard]!.set(batch.subarray(rowStart, end), filled[shard]);
    filled[shard] = filled[shard]! + (end - rowStart);
    rowStart = end;
  }
  return parts;
}

function sameTraceId(bytes: Uint8Array, a: number, b: number): boolean {
  for (let i = 0; i < TRACE_ID_BYTES; i++) {
    if (bytes[a + i] !== bytes[b + i]) {
      return false;
    }
  }
  return true;
}
