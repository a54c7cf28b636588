/**
 * Profiling of large Jaeger inputs on every core. The reader hands each
 * `data` array to a slicer (data-slicer.ts), which cuts it into slices read
 * round robin by the reading thread and the worker threads: the bytes are
 * read once, by one thread. Small inputs are read in slices by the reading
 * thread alone (starting workers costs more than it saves); once
 * `startAfterBytes` of arrays were read, the pool starts and takes its
 * share of the rest. Traces read on the reading thread go to the reader's
 * sink; the workers' profilers are merged at the end (`finish`).
 */
import {
  ANALYSIS_PROJECTION,
  createJaegerBytesDecoder,
} from '@pathprof/engine';
import type { DecodedSpans, PathProfiler } from '@pathprof/engine';
import { DataSlicer } from '../slices/data-slicer.js';
import type { SliceThreads } from '../slices/data-slicer.js';
import { ProfilePool } from './profile-pool.js';
import type { ProfilerSettings } from './profile-pool.js';

/** Below this much Jaeger JSON, workers do not pay for their start. */
export const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;

/** Bytes of a `data` array per slice. */
export const SLICE_BYTES = 2 * 1024 * 1024;

/** Slices each thread may have pending: the reader waits beyond (bounded memory). */
const MAX_PENDING_PER_THREAD = 3;

export interface ParallelOptions {
  /** Worker threads beside the reading thread; 0 reads everything on the reading thread. */
  readonly threads: number;
  /** Start the workers once this many bytes of `data` arrays were read (default PARALLEL_MIN_BYTES). */
  readonly startAfterBytes?: number;
  /** Bytes per slice (default SLICE_BYTES). */
  readonly sliceBytes?: number;
  readonly profiler: ProfilerSettings;
}

export class ParallelProfiling implements SliceThreads {
  readonly decoder = createJaegerBytesDecoder(ANALYSIS_PROJECTION);
  private pool: ProfilePool | undefined;
  private read = 0;
  private seq = 0;
  private current: DataSlicer | undefined;
  private readonly startAfter: number;

  constructor(private readonly options: ParallelOptions) {
    this.startAfter =
      options.threads > 0
        ? (options.startAfterBytes ?? PARALLEL_MIN_BYTES)
        : Infinity;
  }

  /** Worker threads in use (0 until the pool starts). */
  get threads(): number {
    return this.pool?.size ?? 0;
  }

  /** A slicer for the next input; traces it reads on this thread go to `deliver`. */
  slicer(deliver: (decoded: DecodedSpans) => void): DataSlicer {
    this.current = new DataSlicer(
      this,
      this.options.sliceBytes ?? SLICE_BYTES,
      deliver,
    );
    return this.current;
  }

  assign(bytes: number): { seq: number; worker: number } {
    this.read += bytes;
    if (this.pool === undefined && this.read >= this.startAfter) {
      this.pool = new ProfilePool(
        this.options.threads,
        this.options.profiler,
        (done) => this.current?.receive(done),
      );
    }
    const seq = this.seq++;
    return { seq, worker: (seq % (this.threads + 1)) - 1 };
  }

  send(
    worker: number,
    seq: number,
    proven: boolean,
    bytes: Uint8Array<ArrayBuffer>,
  ): void {
    this.pool!.send(worker, seq, proven, bytes);
  }

  commit(worker: number, seq: number): void {
    this.pool!.commit(worker, seq);
  }

  drop(seq: number): void {
    this.pool?.drop(seq);
  }

  async next(): Promise<void> {
    if (this.pool === undefined) {
      throw new Error('ParallelProfiling.next: no worker has a slice');
    }
    await this.pool.next();
  }

  /** Holds the reader back while the threads are behind; throws a worker's failure. */
  async drain(): Promise<void> {
    this.pool?.throwIfFailed();
    await this.current?.drain((this.threads + 1) * MAX_PENDING_PER_THREAD);
  }

  /** The workers' profilers merged; undefined when no pool started. */
  async finish(): Promise<PathProfiler | undefined> {
    try {
      return await this.pool?.finish();
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}
