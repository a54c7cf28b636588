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

/** Where rows are regrouped, kept from call to call unless a huge batch grew it. */
let scratch = new Uint8Array(0);
const MAX_KEPT_SCRATCH_BYTES = 8 * 1024 * 1024;

/**
 * Each shard's rows of `batch`, in batch order; an empty array for a shard
 * that owns none. The rows carry the `seq`s the batch held when split.
 *
 * The parts are views of `batch`: its rows are regrouped in place, shard by
 * shard (a copy through a scratch buffer, no allocation per batch), and its
 * seq offsets rewritten to match, so it stays a valid batch of the same
 * rows in another order.
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
  const counts = new Array<number>(shards.count).fill(0);
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
    counts[shard] = counts[shard]! + 1;
    previous = rowStart;
    rowStart = end;
  }
  if (rowStart !== batch.length) {
    throw new Error(
      'a RowBinary batch whose row offsets do not match its length',
    );
  }
  const total = rowStart - start;
  if (sizes.some((size) => size === total)) {
    return sizes.map((size) =>
      size === total ? batch.subarray(start) : batch.subarray(0, 0),
    );
  }
  regroup(batch, view, { start, total, ends, owner, sizes, counts });
  let from = start;
  return sizes.map((size) => {
    from += size;
    return batch.subarray(from - size, from);
  });
}

interface RowPlacement {
  /** Where the rows start in the batch, and their bytes. */
  readonly start: number;
  readonly total: number;
  /** Each row's end and owning shard, in batch order. */
  readonly ends: Uint32Array;
  readonly owner: Uint16Array;
  /** Bytes and rows of each shard. */
  readonly sizes: readonly number[];
  readonly counts: readonly number[];
}

/** Moves each shard's rows into one region, in shard order, and rewrites the seq offsets. */
function regroup(
  batch: Uint8Array,
  view: DataView,
  { start, total, ends, owner, sizes, counts }: RowPlacement,
): void {
  if (scratch.length < total) {
    scratch = new Uint8Array(Math.max(total, 2 * scratch.length));
  }
  // Next free byte (from the rows' start) and next header slot of each shard.
  const byteAt: number[] = [];
  const slotAt: number[] = [];
  let bytes = 0;
  let slots = 0;
  sizes.forEach((size, shard) => {
    byteAt.push(bytes);
    slotAt.push(slots);
    bytes += size;
    slots += counts[shard]!;
  });
  let runStart = start;
  let runTo = 0;
  for (let i = 0; i < ends.length; i++) {
    const shard = owner[i]!;
    const rowFrom = i === 0 ? start : ends[i - 1]!;
    if (rowFrom === runStart) {
      runTo = byteAt[shard]!;
    }
    const end = ends[i]!;
    const newEnd = runTo + (end - runStart);
    view.setUint32(4 + 4 * slotAt[shard]!, newEnd - ROW_TAIL_BYTES, true);
    slotAt[shard] = slotAt[shard]! + 1;
    if (i + 1 === ends.length || owner[i + 1] !== shard) {
      // The end of a run of this shard's rows: copied at once.
      scratch.set(batch.subarray(runStart, end), runTo);
      byteAt[shard] = newEnd;
      runStart = end;
    }
  }
  batch.set(scratch.subarray(0, total), start);
  if (scratch.length > MAX_KEPT_SCRATCH_BYTES) {
    scratch = new Uint8Array(0);
  }
}

function sameTraceId(bytes: Uint8Array, a: number, b: number): boolean {
  for (let i = 0; i < TRACE_ID_BYTES; i++) {
    if (bytes[a + i] !== bytes[b + i]) {
      return false;
    }
  }
  return true;
}
