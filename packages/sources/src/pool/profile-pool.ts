/**
 * Profiles the traces of Jaeger documents on worker threads, one per core.
 * The reader (main thread) splits the input's bytes and hands each element of
 * a `data` array to `offer`; elements are packed into slices of about
 * SLICE_BYTES and sent round-robin, so which worker profiles which trace
 * depends only on the input, and the merged report is the same on every run.
 * At the end each worker sends its profiler's state and the main thread
 * merges them in worker order (merge equals the union). At most
 * MAX_IN_FLIGHT slices per worker wait: `drain` holds the reader back, so
 * memory stays bounded however large the input.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { importEngineState, PathProfiler } from '@pathprof/engine';
import type { PathProfilerOptions } from '@pathprof/engine';
import { InputError } from '../readers/input-error.js';
import type {
  FromWorker,
  ProfileWorkerData,
  SliceDone,
  SliceMessage,
  WorkerState,
} from './pool-messages.js';

export const SLICE_BYTES = 1 << 20;
const SLICE_MIN_BUFFER = 64 * 1024;
const MAX_IN_FLIGHT = 3;

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
 * The number of workers a pool starts by default: one per core the process
 * may use, less the core of the reading thread, which splits every byte of
 * the input itself. On two cores, two workers beside the reader ran slower
 * than one (three busy threads; docs/BENCHMARKS.md).
 */
export function defaultThreads(): number {
  return Math.max(0, availableParallelism() - 1);
}

interface PoolWorker {
  readonly worker: Worker;
  inFlight: number;
  state?: WorkerState;
}

interface PendingError {
  readonly input: string;
  readonly detail: string;
  readonly offset: number;
  readonly seq: number;
}

export class ProfilePool {
  private readonly workers: PoolWorker[];
  private seq = 0;
  private input = '';
  private bytes: Uint8Array<ArrayBuffer>;
  private used = 0;
  private ends: number[] = [];
  private offsets: number[] = [];
  /** Input name of each slice sent and not yet done. */
  private readonly inputsBySeq = new Map<number, string>();
  private firstError: PendingError | undefined;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  /** Spans and rejected spans the workers decoded, per input name. */
  readonly counts = new Map<string, { spans: number; rejected: number }>();

  constructor(
    threads: number,
    private readonly options: Required<
      Pick<PathProfilerOptions, 'pathKey' | 'keepProxies'>
    >,
    private readonly sliceBytes = SLICE_BYTES,
  ) {
    this.bytes = new Uint8Array(Math.max(sliceBytes * 2, SLICE_MIN_BUFFER));
    const workerData: ProfileWorkerData = {
      pathKey: options.pathKey.name,
      keepProxies: options.keepProxies,
    };
    this.workers = Array.from({ length: Math.max(1, threads) }, () => {
      const w: PoolWorker = {
        worker: new Worker(WORKER_URL, {
          workerData,
          execArgv: workerExecArgv(),
        }),
        inFlight: 0,
      };
      w.worker.on('message', (m: FromWorker) => this.receive(w, m));
      w.worker.on('error', (err) => this.fail(err));
      w.worker.on('exit', (code) => {
        if (code !== 0 && w.state === undefined) {
          this.fail(new Error(`a profiling worker exited with code ${code}`));
        }
      });
      return w;
    });
  }

  get threads(): number {
    return this.workers.length;
  }

  /** Takes one element of a `data` array (its bytes are copied before `offer` returns). */
  offer(input: string, bytes: Uint8Array, offset: number): void {
    if (input !== this.input) {
      this.flush();
      this.input = input;
    }
    if (this.used + bytes.length > this.bytes.length) {
      const grown = new Uint8Array(
        Math.max(this.bytes.length * 2, this.used + bytes.length),
      );
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    this.bytes.set(bytes, this.used);
    this.used += bytes.length;
    this.ends.push(this.used);
    this.offsets.push(offset);
    if (this.used >= this.sliceBytes) {
      this.flush();
    }
  }

  /** Waits while the workers are behind; throws the first problem a worker found. */
  async drain(): Promise<void> {
    while (
      this.failure === undefined &&
      this.workers.some((w) => w.inFlight >= MAX_IN_FLIGHT)
    ) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    this.throwIfFailed();
  }

  /**
   * Sends what is left, waits for every slice, and returns the workers'
   * profilers merged in worker order. Throws the problem of the earliest
   * slice that had one.
   */
  async finish(): Promise<PathProfiler> {
    try {
      this.flush();
      await this.settle();
      this.throwIfFailed();
      for (const w of this.workers) {
        w.worker.postMessage({ type: 'finish' });
      }
      while (
        this.failure === undefined &&
        this.workers.some((w) => w.state === undefined)
      ) {
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
      this.throwIfFailed();
      const merged = new PathProfiler(this.options);
      for (const w of this.workers) {
        merged.merge(
          importEngineState(w.state!.state, new PathProfiler(this.options)),
        );
      }
      return merged;
    } finally {
      await this.close();
    }
  }

  /** Waits for the slices sent so far; the first problem among them, if any. */
  async firstProblem(): Promise<InputError | undefined> {
    await this.settle();
    const e = this.firstError;
    return e === undefined
      ? undefined
      : new InputError(e.input, e.detail, e.offset);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }

  private async settle(): Promise<void> {
    while (
      this.failure === undefined &&
      this.workers.some((w) => w.inFlight > 0)
    ) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private flush(): void {
    if (this.ends.length === 0) {
      return;
    }
    const seq = this.seq++;
    const w = this.workers[seq % this.workers.length]!;
    // the slice's buffer moves to the worker (no copy); the next slice gets a new one
    const bytes = this.bytes.subarray(0, this.used);
    this.bytes = new Uint8Array(
      Math.max(this.sliceBytes * 2, SLICE_MIN_BUFFER),
    );
    const message: SliceMessage = {
      type: 'slice',
      seq,
      bytes,
      ends: Uint32Array.from(this.ends),
      offsets: Float64Array.from(this.offsets),
    };
    w.worker.postMessage(message, [bytes.buffer]);
    w.inFlight++;
    this.inputsBySeq.set(seq, this.input);
    this.used = 0;
    this.ends = [];
    this.offsets = [];
  }

  private receive(w: PoolWorker, m: FromWorker): void {
    if (m.type === 'state') {
      w.state = m;
    } else {
      w.inFlight--;
      this.account(m);
    }
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private account(done: SliceDone): void {
    const input = this.inputsBySeq.get(done.seq) ?? this.input;
    this.inputsBySeq.delete(done.seq);
    const c = this.counts.get(input) ?? { spans: 0, rejected: 0 };
    c.spans += done.spans;
    c.rejected += done.rejected;
    this.counts.set(input, c);
    if (
      done.error !== undefined &&
      (this.firstError === undefined || done.seq < this.firstError.seq)
    ) {
      this.firstError = { input, ...done.error, seq: done.seq };
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) {
      throw this.failure;
    }
    const e = this.firstError;
    if (e !== undefined) {
      throw new InputError(e.input, e.detail, e.offset);
    }
  }
}
