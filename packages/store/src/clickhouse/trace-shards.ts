/**
 * Which shard of a cluster owns a trace, decided as a `Distributed` table
 * sharded by `cityHash64(trace_id)` decides it: the hash modulo the sum of
 * the shards' weights is a slot, and the shards own consecutive slots in
 * shard order, as many as their weight (a shard of weight 0 gets none). A
 * collector that writes each trace's rows straight into that shard's local
 * table therefore places them where an INSERT through the `Distributed`
 * table would, and reads through it stay exact.
 */
import { cityHash64 } from './city-hash-64.js';

/** Bytes of a `trace_id` (FixedString(32)). */
export const TRACE_ID_BYTES = 32;

export class TraceShards {
  /** Shard index (0-based, in shard order) of each slot. */
  readonly #slots: readonly number[];
  readonly #total: bigint;
  readonly count: number;

  /** `weights`: each shard's `shard_weight`, in shard order. */
  constructor(weights: readonly number[]) {
    const slots: number[] = [];
    weights.forEach((weight, shard) => {
      for (let i = 0; i < weight; i++) {
        slots.push(shard);
      }
    });
    if (slots.length === 0) {
      throw new RangeError('a cluster needs a shard of weight 1 or more');
    }
    this.#slots = slots;
    this.#total = BigInt(slots.length);
    this.count = weights.length;
  }

  /** The shard of the trace id in `bytes[at, at + 32)`. */
  shardOf(bytes: Uint8Array, at: number): number {
    const hash = cityHash64(bytes, at, TRACE_ID_BYTES);
    return this.#slots[Number(hash % this.#total)]!;
  }
}
