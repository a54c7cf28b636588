/**
 * Worker threads that read slices of Jaeger `data` arrays and profile them
 * (profile-worker.ts). The pool only carries messages: which slice goes
 * where, and when its traces are profiled, is the slicer's business
 * (data-slicer.ts). At the end each worker sends its profiler's state and
 * the states are merged in worker order (merge equals the union).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { importEngineState, PathProfiler } from '@pathprof/engine';
import type { PathProfilerOptions } from '@pathprof/engine';
import type {
  FromWorker,
  ProfileWorkerData,
  SliceDone,
  ToWorker,
  WorkerState,
} from './pool-messages.js';

/** Where the worker's code is: beside this file once built; from the build when running the TypeScript sources (tests). */
const WORKER_URL = import.meta.url.endsWith('.ts')
  ? new URL('../../dist/pool/profile-worker.js', import.meta.url)
  : new URL('./profile-worker.js', import.meta.url);

/**
 * The process's Node options for the workers, less custom export conditions:
 * the workers run built code, also when the process reads TypeScript sources
 * (tests run with `--conditions @pathprof/source`).
 */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--conditions' || a === '-C') {
      i++;
    } else if (!a.startsWith('--conditions=') && !a.startsWith('-C=')) {
      out.push(a);
    }
  }
  return out;
}

/**
 * A worker with this process's Node options but `--conditions` (the worker
 * runs the built code). Options a worker refuses (V8 flags such as
 * `--max-semi-space-size`, process-wide ones such as `--title`) make Node
 * refuse the whole list: the worker then starts with none.
 */
function startWorker(workerData: ProfileWorkerData): Worker {
  try {
    return new Worker(WORKER_URL, { workerData, execArgv: workerExecArgv() });
  } catch (err) {
    if (
      (err as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV'
    ) {
      throw err;
    }
    return new Worker(WORKER_URL, { workerData, execArgv: [] });
  }
}

/**
 * Worker threads a pool starts by default: one per core the process may
 * use, less the reading thread's (which reads its share of the slices) —
 * but none on one or two cores, where a worker's fixed costs (its start,
 * warming the code up again, its own garbage, exporting and merging its
 * profile) cost more than the second core gives back: on the 2-core
 * benchmark machine one worker took 1.8× the CPU and 1.9× the wall time of
 * the reading thread alone (docs/BENCHMARKS.md).
 */
export function defaultThreads(cores = availableParallelism()): number {
  return cores <= 2 ? 0 : cores - 1;
}

export type ProfilerSettings = Required<
  Pick<PathProfilerOptions, 'pathKey' | 'keepProxies'>
> &
  Pick<PathProfilerOptions, 'groupings'>;

interface PoolWorker {
  readonly worker: Worker;
  state?: WorkerState;
}

export class ProfilePool {
  private readonly workers: PoolWorker[];
  private failure: Error | undefined;
  private waiting: (() => void)[] = [];

  constructor(
    threads: number,
    private readonly options: ProfilerSettings,
    /** Told of each slice a worker has read. */
    private readonly onDone: (done: SliceDone) => void,
  ) {
    const workerData: ProfileWorkerData = {
      pathKey: options.pathKey.name,
      keepProxies: options.keepProxies,
      ...(options.groupings === undefined
        ? {}
        : { groupings: options.groupings }),
    };
    this.workers = Array.from({ length: Math.max(1, threads) }, () => {
      const w: PoolWorker = {
        worker: startWorker(workerData),
      };
      w.worker.on('message', (m: FromWorker) => {
        if (m.type === 'state') {
          w.state = m;
        } else {
          this.onDone(m);
        }
        this.wake();
      });
      w.worker.on('error', (err) => this.fail(err));
      w.worker.on('exit', (code) => {
        if (code !== 0 && w.state === undefined) {
          this.fail(new Error(`a profiling worker exited with code ${code}`));
        }
      });
      return w;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  /** Sends a slice to worker `index`; its bytes move there and come back with its `SliceDone`. */
  send(
    index: number,
    seq: number,
    proven: boolean,
    bytes: Uint8Array<ArrayBuffer>,
  ): void {
    this.post(index, { type: 'slice', seq, proven, bytes }, [bytes.buffer]);
  }

  commit(index: number, seq: number): void {
    this.post(index, { type: 'commit', seq });
  }

  /** Every worker drops the slices it holds from `seq` on. */
  drop(seq: number): void {
    for (let i = 0; i < this.workers.length; i++) {
      this.post(i, { type: 'drop', seq });
    }
  }

  /** Resolves at the next message from a worker (or failure); throws a worker's failure. */
  async next(): Promise<void> {
    this.throwIfFailed();
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.throwIfFailed();
  }

  /** The workers' profilers merged in worker order (after every slice was committed or dropped). */
  async finish(): Promise<PathProfiler> {
    for (const w of this.workers) {
      w.worker.postMessage({ type: 'finish' } satisfies ToWorker);
    }
    while (this.workers.some((w) => w.state === undefined)) {
      await this.next();
    }
    const merged = new PathProfiler(this.options);
    for (const w of this.workers) {
      merged.merge(
        importEngineState(w.state!.state, new PathProfiler(this.options)),
      );
    }
    return merged;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }

  throwIfFailed(): void {
    if (this.failure !== undefined) {
      throw this.failure;
    }
  }

  private post(
    index: number,
    message: ToWorker,
    transfer?: ArrayBuffer[],
  ): void {
    this.workers[index]!.worker.postMessage(message, transfer);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) {
      resolve();
    }
  }
}
