/**
 * The choice between profiling on the reading thread and on a worker pool:
 * small inputs are profiled where they are read (starting workers costs more
 * than it saves); once an input has offered `startAfterBytes` of Jaeger
 * traces, the pool starts and takes the rest. What the reading thread
 * profiled and what the pool profiled merge into one report.
 */
import type { PathProfiler, PathProfilerOptions } from '@pathprof/engine';
import type { InputError } from '../readers/input-error.js';
import { ProfilePool } from './profile-pool.js';

/** Below this much Jaeger JSON, workers do not pay for their start. */
export const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;

export interface ParallelOptions {
  /** Worker threads; 0 profiles everything on the reading thread. */
  readonly threads: number;
  /** Start the pool once this many bytes of traces were offered (default PARALLEL_MIN_BYTES). */
  readonly startAfterBytes?: number;
  /** Bytes of traces per slice sent to a worker (default SLICE_BYTES). */
  readonly sliceBytes?: number;
  readonly profiler: Required<
    Pick<PathProfilerOptions, 'pathKey' | 'keepProxies'>
  >;
}

export class ParallelProfiling {
  private pool: ProfilePool | undefined;
  private offered = 0;
  private readonly startAfter: number;

  constructor(private readonly options: ParallelOptions) {
    this.startAfter =
      options.threads > 0
        ? (options.startAfterBytes ?? PARALLEL_MIN_BYTES)
        : Infinity;
  }

  /** Worker threads in use (0 until the pool starts). */
  get threads(): number {
    return this.pool?.threads ?? 0;
  }

  /** Spans the workers decoded from an input, and those they rejected. */
  countsOf(input: string): { spans: number; rejected: number } {
    return this.pool?.counts.get(input) ?? { spans: 0, rejected: 0 };
  }

  /** Offers one element of a Jaeger `data` array; false: profile it where it was read. */
  offer(input: string, bytes: Uint8Array, offset: number): boolean {
    if (this.pool === undefined) {
      this.offered += bytes.length;
      if (this.offered < this.startAfter) {
        return false;
      }
      this.pool = new ProfilePool(
        this.options.threads,
        this.options.profiler,
        this.options.sliceBytes,
      );
    }
    this.pool.offer(input, bytes, offset);
    return true;
  }

  async drain(): Promise<void> {
    await this.pool?.drain();
  }

  /** The first problem a worker found in what was sent so far. */
  async firstProblem(): Promise<InputError | undefined> {
    return this.pool?.firstProblem();
  }

  /** The workers' profilers merged; undefined when no pool started. */
  async finish(): Promise<PathProfiler | undefined> {
    return this.pool?.finish();
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}
