/**
 * Worker threads that decode OTLP/protobuf bodies and encode their spans in
 * the store's batch format (`decode-worker.ts`), so that the event loop only
 * reads requests, hands batches to the store and answers. Each body goes to
 * the worker with the fewest jobs; a worker that dies fails its jobs (their
 * requests get 503, nothing stored) and is replaced.
 *
 * Spare workers: beyond its `size` workers, the pool may start up to
 * `spares` more while every worker has a body waiting and `spareAllowed()`
 * says there is room (the collector asks: no memory pressure, RSS well
 * under the bound, the store keeping up); a spare gets no new body while
 * that is not so, and stops after `spareIdleMillis` without one. At a
 * steady load below saturation a second worker halves the wait behind
 * another body; under overload the room is not there, and the CPU and heap
 * stay with the store.
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
  /** A spare: started on demand, stopped when idle. */
  readonly spare: boolean;
  /** Set when a spare is stopped: its exit is not a failure. */
  retired: boolean;
  idleTimer: NodeJS.Timeout | undefined;
}

export interface SparePolicy {
  /** Workers the pool may start beyond its size. */
  readonly spares: number;
  /** Asked before a spare starts or is given a body. */
  readonly spareAllowed: () => boolean;
  /** A spare without a body this long stops (default 10 s). */
  readonly spareIdleMillis?: number;
}

const DEFAULT_SPARE_IDLE_MILLIS = 10_000;

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
  readonly #spares: SparePolicy | undefined;
  #nextId = 1;
  #closed = false;
  /** Spares started so far (for tests and metrics). */
  #sparesStarted = 0;

  constructor(size: number, spares?: SparePolicy) {
    this.#spares = spares;
    for (let i = 0; i < size; i++) {
      this.#slots.push(this.#newSlot(false));
    }
  }

  /** Workers running now, spares included. */
  get size(): number {
    return this.#slots.length;
  }

  /** Spares started since the pool was made. */
  get sparesStarted(): number {
    return this.#sparesStarted;
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
    const slot = this.#pick();
    // A body that is a view into a larger buffer is copied, so that only it is transferred.
    const own =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? bytes
        : bytes.slice();
    const job: DecodeJob = { id, bytes: own, format, receivedMicros };
    return new Promise((resolve) => {
      clearTimeout(slot.idleTimer);
      slot.idleTimer = undefined;
      slot.jobs.set(id, resolve);
      slot.worker.postMessage(job, [own.buffer as ArrayBuffer]);
    });
  }

  /**
   * The worker with the fewest bodies; spares only while allowed. When
   * every worker has a body, a spare starts (if one may) for the bodies
   * after this one: a new worker needs a moment to load.
   */
  #pick(): Slot {
    const spares = this.#spares;
    const allowed =
      spares !== undefined && spares.spares > 0 && spares.spareAllowed();
    let slot: Slot | undefined;
    for (const s of this.#slots) {
      if (
        (!s.spare || allowed) &&
        (slot === undefined || s.jobs.size < slot.jobs.size)
      ) {
        slot = s;
      }
    }
    const chosen = slot ?? this.#slots[0]!;
    if (chosen.jobs.size > 0 && allowed && this.#canStartSpare()) {
      this.#slots.push(this.#newSlot(true));
      this.#sparesStarted++;
    }
    return chosen;
  }

  #canStartSpare(): boolean {
    const spares = this.#slots.filter((s) => s.spare).length;
    return this.#spares !== undefined && spares < this.#spares.spares;
  }

  #newSlot(spare: boolean): Slot {
    const slot: Slot = {
      worker: undefined as unknown as Worker,
      jobs: new Map(),
      spare,
      retired: false,
      idleTimer: undefined,
    };
    this.#start(slot);
    if (spare) {
      this.#armIdle(slot);
    }
    return slot;
  }

  /** A spare with no body stops after the idle time, unless one arrives. */
  #armIdle(slot: Slot): void {
    if (!slot.spare || slot.jobs.size > 0 || this.#closed) {
      return;
    }
    clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = undefined;
      if (slot.jobs.size > 0 || this.#closed) {
        return;
      }
      slot.retired = true;
      this.#slots.splice(this.#slots.indexOf(slot), 1);
      void slot.worker.terminate();
    }, this.#spares?.spareIdleMillis ?? DEFAULT_SPARE_IDLE_MILLIS);
    slot.idleTimer.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const slot of this.#slots) {
      clearTimeout(slot.idleTimer);
    }
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
      this.#armIdle(slot);
    });
    const fail = (why: string): void => {
      for (const [id, resolve] of slot.jobs) {
        resolve({ id, ok: false, failed: true, message: why });
      }
      slot.jobs.clear();
      if (!this.#closed && !slot.retired) {
        this.#start(slot);
      }
    };
    worker.once('error', (err) =>
      fail(`a decode worker failed: ${err.message}`),
    );
    worker.once('exit', (code) => {
      if (slot.worker === worker && !slot.retired) {
        fail(`a decode worker exited with ${code}`);
      }
    });
  }
}

/** A pool of `size` workers (and spares), or undefined when `size` is 0 or the built worker script is absent. */
export function createDecodePool(
  size: number,
  spares?: SparePolicy,
): DecodePool | undefined {
  if (size <= 0 || !existsSync(WORKER_SCRIPT)) {
    return undefined;
  }
  return new DecodePool(size, spares);
}
