/**
 * Worker threads that decode OTLP/protobuf bodies and encode their spans in
 * the store's batch format (`decode-worker.ts`), so that the event loop only
 * reads requests, hands batches to the store and answers. Each body goes to
 * the worker with the fewest jobs; a worker that dies fails its jobs (their
 * requests get 503, nothing stored) and is replaced.
 *
 * The pool runs from the built package (`dist/`); where the worker's script
 * is not there (the TypeScript sources run by Vitest), `createDecodePool`
 * returns undefined and bodies are decoded on the event loop as before.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Micros } from '@pathprof/model';
import type { EncodedSpanBatch, SpanBatchFormat } from '@pathprof/store';
import type { Hop } from '../metrics/path-metrics.js';

export interface DecodeJob {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly format: SpanBatchFormat;
  readonly receivedMicros: Micros;
}

export type DecodeReply =
  | {
      readonly id: number;
      readonly ok: true;
      /** Spans in the body, stored or rejected. */
      readonly received: number;
      /** Spans the decoder or the store's checks refused. */
      readonly rejected: number;
      /** Why the first refused span was refused; '' when none. */
      readonly warning: string;
      readonly batch: EncodedSpanBatch;
      readonly hops: Hop[];
    }
  | {
      readonly id: number;
      readonly ok: false;
      /** True when the body decoded but could not be encoded (a 503, not a 400). */
      readonly failed?: boolean;
      readonly message: string;
    };

interface Slot {
  worker: Worker;
  readonly jobs: Map<number, (reply: DecodeReply) => void>;
}

const WORKER_SCRIPT = fileURLToPath(
  new URL('./decode-worker.js', import.meta.url),
);

/**
 * The parent's Node flags without export conditions: the worker runs the
 * built packages, also when its parent (a test runner) resolves
 * `@pathprof/*` to their TypeScript sources.
 */
const WORKER_EXEC_ARGV = process.execArgv.filter(
  (arg, i, all) =>
    !/^(--conditions|-C)(=|$)/.test(arg) &&
    !(arg !== '' && /^(--conditions|-C)$/.test(all[i - 1] ?? '')),
);

/**
 * A decode worker with this process's Node options but `--conditions`; when
 * Node refuses one of them for a worker (a V8 flag such as
 * `--max-semi-space-size`), with none.
 */
function startWorker(): Worker {
  try {
    return new Worker(WORKER_SCRIPT, { execArgv: WORKER_EXEC_ARGV });
  } catch (err) {
    if (
      (err as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV'
    ) {
      throw err;
    }
    return new Worker(WORKER_SCRIPT, { execArgv: [] });
  }
}

export class DecodePool {
  readonly #slots: Slot[] = [];
  #nextId = 1;
  #closed = false;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const slot: Slot = {
        worker: undefined as unknown as Worker,
        jobs: new Map(),
      };
      this.#start(slot);
      this.#slots.push(slot);
    }
  }

  get size(): number {
    return this.#slots.length;
  }

  /** Decodes and encodes `bytes` (given up: its buffer is transferred). */
  decode(
    bytes: Uint8Array,
    format: SpanBatchFormat,
    receivedMicros: Micros,
  ): Promise<DecodeReply> {
    const id = this.#nextId++;
    if (this.#closed) {
      return Promise.resolve({
        id,
        ok: false,
        failed: true,
        message: 'the collector is shutting down',
      });
    }
    let slot = this.#slots[0]!;
    for (const s of this.#slots) {
      if (s.jobs.size < slot.jobs.size) {
        slot = s;
      }
    }
    // A body that is a view into a larger buffer is copied, so that only it is transferred.
    const own =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? bytes
        : bytes.slice();
    const job: DecodeJob = { id, bytes: own, format, receivedMicros };
    return new Promise((resolve) => {
      slot.jobs.set(id, resolve);
      slot.worker.postMessage(job, [own.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
  }

  #start(slot: Slot): void {
    const worker = startWorker();
    worker.unref();
    slot.worker = worker;
    worker.on('message', (reply: DecodeReply) => {
      const resolve = slot.jobs.get(reply.id);
      slot.jobs.delete(reply.id);
      resolve?.(reply);
    });
    const fail = (why: string): void => {
      for (const [id, resolve] of slot.jobs) {
        resolve({ id, ok: false, failed: true, message: why });
      }
      slot.jobs.clear();
      if (!this.#closed) {
        this.#start(slot);
      }
    };
    worker.once('error', (err) =>
      fail(`a decode worker failed: ${err.message}`),
    );
    worker.once('exit', (code) => {
      if (slot.worker === worker) {
        fail(`a decode worker exited with ${code}`);
      }
    });
  }
}

/** A pool of `size` workers, or undefined when `size` is 0 or the built worker script is absent. */
export function createDecodePool(size: number): DecodePool | undefined {
  if (size <= 0 || !existsSync(WORKER_SCRIPT)) {
    return undefined;
  }
  return new DecodePool(size);
}
