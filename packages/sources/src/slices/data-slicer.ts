/**
 * Reads the `data` array of a Jaeger document in slices of about
 * `sliceBytes`, each byte once: cut at element starts (find-trace-start.ts)
 * and read round robin by the reading thread and the workers
 * (read-slice.ts), so which thread profiles which trace depends only on the
 * input. A cut is proven by the slice before it ending with a comma; a
 * slice whose start is proven when it is cut (every slice before it was
 * profiled) is profiled as it is read, another's traces are held until the
 * slices before it are profiled, in input order.
 *
 * At the array's closing bracket, at an element a slice cannot read (a
 * wrong cut, odd or malformed JSON), or when no cut point turns up, the
 * slicer stops: the slices after that point are dropped unprofiled and the
 * bytes from there are handed back to the JSON splitter, which reads on as
 * one thread does — naming any problem at its byte offset, as it always
 * does.
 *
 *   {"data":[ {…},{…},{…}, | {…},{…}, | {…},{…} ],"total":0}
 *           └ slice 0 ───────┘└ slice 1 ─┘└ slice 2 ┘└ handed back
 */
import type { DecodedSpans, JaegerBytesDecoder } from '@pathprof/engine';
import { findTraceStart } from './find-trace-start.js';
import { readSlice } from './read-slice.js';
import type { SliceEnd } from './read-slice.js';

/** What a slicer needs from the threads that read slices. */
export interface SliceThreads {
  readonly decoder: JaegerBytesDecoder;
  /** A sequence number for the next slice and the worker that reads it (-1: this thread). */
  assign(bytes: number): { readonly seq: number; readonly worker: number };
  send(
    worker: number,
    seq: number,
    proven: boolean,
    bytes: Uint8Array<ArrayBuffer>,
  ): void;
  commit(worker: number, seq: number): void;
  /** Workers drop the slices they hold from `seq` on. */
  drop(seq: number): void;
  /** Resolves at the next worker message; throws a worker's failure. */
  next(): Promise<void>;
}

/** A slice a worker has read. */
export interface SliceResult {
  readonly seq: number;
  readonly end: SliceEnd;
  readonly at: number;
  readonly spans: number;
  readonly rejected: number;
  readonly bytes: Uint8Array<ArrayBuffer>;
}

/** Bytes the splitter reads on with, from stream offset `offset`. */
export interface HandBack {
  readonly offset: number;
  readonly chunks: readonly Uint8Array[];
}

interface Slice {
  readonly seq: number;
  readonly worker: number;
  readonly proven: boolean;
  /** Stream offset of its first byte. */
  readonly start: number;
  /** Its bytes (absent while a worker has them). */
  bytes: Uint8Array | undefined;
  /** How it ended, once read. */
  end: SliceEnd | undefined;
  at: number;
  spans: number;
  rejected: number;
  /** Traces read on this thread and held. */
  traces: DecodedSpans[];
}

/** A slice is not cut before this much lookahead past its nominal end is buffered. */
const LOOKAHEAD_BYTES = 64 * 1024;
/** How far past a slice's nominal end a cut point is looked for before one thread reads on. */
const MAX_SEARCH_BYTES = 32 * 1024 * 1024;

export class DataSlicer {
  /** True from `begin` until the bytes are handed back. */
  active = false;
  /** Set once slicing stopped short in this input: the splitter reads the rest. */
  sequential = false;
  /** Spans and rejected spans the workers profiled. */
  workerSpans = 0;
  workerRejected = 0;
  private buffer = new Uint8Array(0);
  private used = 0;
  /** Stream offset of `buffer[0]`. */
  private start = 0;
  /** Slices cut and not yet profiled (or dropped), in input order. */
  private readonly queue: Slice[] = [];
  /** No more slices are cut. */
  private stopped = false;
  /** Where the splitter resumes, once the queue is settled. */
  private rewind: { offset: number; first: Uint8Array } | undefined;
  private ready: HandBack | undefined;
  /** Buffers of profiled slices, for the next ones (a new one each time would keep the collector busy). */
  private spare: Uint8Array<ArrayBuffer>[] = [];
  /**
   * The size of a slice buffer: a slice, its lookahead and the largest
   * chunk pushed (a slice is cut once a chunk takes the buffer past the
   * slice and lookahead, so a buffer of this size takes any chunk seen
   * without growing).
   */
  private bufferBytes: number;

  constructor(
    private readonly threads: SliceThreads,
    private readonly sliceBytes: number,
    /** Receives each trace read on this thread, in input order, once proven. */
    private readonly deliver: (decoded: DecodedSpans) => void,
  ) {
    this.bufferBytes = sliceBytes + LOOKAHEAD_BYTES * 2;
  }

  /** Takes over the stream at `offset`, where an element of a `data` array starts. */
  begin(offset: number): void {
    this.active = true;
    this.stopped = false;
    this.rewind = undefined;
    this.start = offset;
    this.used = 0;
  }

  /** The next bytes of the stream (after those given before). */
  push(bytes: Uint8Array): void {
    this.append(bytes);
    this.cut();
  }

  /** The bytes to hand back to the splitter, once; undefined until the slicer has stopped and settled. */
  takeBack(): HandBack | undefined {
    const back = this.ready;
    this.ready = undefined;
    return back;
  }

  /** Told of a slice a worker read. */
  receive(result: SliceResult): void {
    const slice = this.queue.find((s) => s.seq === result.seq);
    if (slice === undefined) {
      return;
    }
    slice.end = result.end;
    slice.at = result.at;
    slice.bytes = result.bytes;
    slice.spans = result.spans;
    slice.rejected = result.rejected;
    this.advance();
  }

  /**
   * The stream ended: the rest is the last slice. Resolves once every slice
   * is profiled or dropped; the bytes to hand back are then in `takeBack`.
   */
  async finish(): Promise<void> {
    if (this.active && !this.stopped && this.used > 0) {
      this.dispatch(this.used);
    }
    this.stopped = true;
    this.advance();
    while (this.active) {
      await this.threads.next();
    }
  }

  /** Waits while `limit` slices or more are pending (or until the slicer stops). */
  async drain(limit: number): Promise<void> {
    while (
      this.active &&
      this.queue.length >= limit &&
      this.ready === undefined
    ) {
      await this.threads.next();
    }
  }

  private append(bytes: Uint8Array): void {
    const need = this.used + bytes.length;
    if (need > this.buffer.length) {
      const fits = this.sliceBytes + LOOKAHEAD_BYTES + bytes.length;
      if (fits > this.bufferBytes) {
        // larger chunks than before: buffers of the new size from now on
        this.bufferBytes = fits;
        this.spare = [];
      }
      const grown = new Uint8Array(
        Math.max(need, this.bufferBytes, this.buffer.length * 2),
      );
      grown.set(this.buffer.subarray(0, this.used));
      this.buffer = grown;
    }
    this.buffer.set(bytes, this.used);
    this.used = need;
  }

  /** Cuts and sends the slices the buffer holds. */
  private cut(): void {
    while (!this.stopped && this.used >= this.sliceBytes + LOOKAHEAD_BYTES) {
      const view = Buffer.from(this.buffer.buffer, 0, this.used);
      const at = findTraceStart(view, this.sliceBytes, this.used);
      if (at < 0) {
        if (this.used >= this.sliceBytes * 4 + MAX_SEARCH_BYTES) {
          // no cut point in sight (another writer's layout, or a huge trace): one thread reads on
          this.sequential = true;
          this.stopped = true;
          this.advance();
        }
        return;
      }
      this.dispatch(at);
    }
  }

  /** Sends `buffer[0, length)` as a slice; the rest moves to a new buffer. */
  private dispatch(length: number): void {
    const bytes = this.buffer.subarray(0, length) as Uint8Array<ArrayBuffer>;
    const rest = this.used - length;
    const size = this.bufferBytes;
    const next =
      rest <= size
        ? (this.spare.pop() ?? new Uint8Array(size))
        : new Uint8Array(rest);
    next.set(this.buffer.subarray(length, this.used));
    this.buffer = next;
    this.used = rest;
    const start = this.start;
    this.start += length;
    const { seq, worker } = this.threads.assign(length);
    const proven = this.queue.length === 0;
    const slice: Slice = {
      seq,
      worker,
      proven,
      start,
      bytes,
      end: undefined,
      at: 0,
      spans: 0,
      rejected: 0,
      traces: [],
    };
    this.queue.push(slice);
    if (worker >= 0) {
      slice.bytes = undefined;
      this.threads.send(worker, seq, proven, bytes);
      return;
    }
    const read = readSlice(
      this.threads.decoder,
      bytes,
      0,
      bytes.length,
      proven ? this.deliver : undefined,
    );
    slice.end = read.end;
    slice.at = read.at;
    slice.traces = read.traces;
    this.advance();
  }

  /** Profiles the slices at the head of the queue that are read; stops where one does not end with a comma. */
  private advance(): void {
    while (this.rewind === undefined && this.queue.length > 0) {
      const head = this.queue[0]!;
      if (head.end === undefined) {
        return;
      }
      this.queue.shift();
      this.commit(head);
      if (head.end !== 'comma') {
        // the array closed, or what follows is for one thread to read
        this.stopped = true;
        this.sequential ||= head.end === 'stop';
        this.rewind = {
          offset: head.start + head.at,
          first: head.bytes!.subarray(head.at),
        };
        this.threads.drop(head.seq + 1);
      }
    }
    if (this.rewind !== undefined) {
      if (this.queue.every((s) => s.end !== undefined)) {
        this.settle(this.rewind);
      }
    } else if (this.stopped && this.active) {
      // stopped with every slice profiled: the splitter reads the rest
      this.settle({ offset: this.start, first: new Uint8Array(0) });
    }
  }

  /** Hands back the rewind point's bytes, the dropped slices' and the buffer's. */
  private settle(at: { offset: number; first: Uint8Array }): void {
    const chunks: Uint8Array[] = [at.first];
    for (const s of this.queue) {
      chunks.push(s.bytes!);
    }
    chunks.push(this.buffer.subarray(0, this.used));
    this.queue.length = 0;
    this.buffer = new Uint8Array(0);
    this.used = 0;
    this.rewind = undefined;
    this.active = false;
    this.ready = { offset: at.offset, chunks };
  }

  private commit(slice: Slice): void {
    if (slice.worker >= 0) {
      if (!slice.proven) {
        this.threads.commit(slice.worker, slice.seq);
      }
      this.workerSpans += slice.spans;
      this.workerRejected += slice.rejected;
    } else {
      const traces = slice.traces;
      slice.traces = [];
      for (const decoded of traces) {
        this.deliver(decoded);
      }
    }
    // a slice that ends with a comma is done with its bytes
    const buffer = slice.bytes?.buffer;
    if (
      slice.end === 'comma' &&
      buffer !== undefined &&
      buffer.byteLength === this.bufferBytes &&
      this.spare.length < 4
    ) {
      this.spare.push(new Uint8Array(buffer as ArrayBuffer));
    }
  }
}
