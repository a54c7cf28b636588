/**
 * The ingest log: an append-only, checksummed log of accepted batches in the
 * data directory. An append resolves once its record is on disk
 * (`fdatasync`), which is what an acknowledgement waits for; the store moves
 * logged batches into its database in the background and tells the log how
 * far it got (`release`), and on open the records past that point are
 * replayed.
 *
 * Group commit: records appended while a write and sync run wait and go out
 * together in the next one (one `writev`, one `fdatasync`), so the cost of a
 * sync is shared by every request that arrived during the previous one.
 *
 * Files: `<first sequence number, 16 digits>.log`, each up to
 * `segmentBytes`; a new one is started on open and when the current one is
 * full. A segment whose records have all been moved is deleted. Records are
 * framed by `log-record.ts`; replay stops a segment at the first record that
 * is not whole and intact (a write torn by a crash, which was never
 * acknowledged) and cuts the file there.
 */
import {
  mkdir,
  open,
  readdir,
  readFile,
  truncate,
  unlink,
} from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeRecordAt, encodeRecord } from './log-record.js';
import type { LogRecord } from './log-record.js';

export const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;
const SEGMENT_NAME = /^(\d{16})\.log$/;

interface Segment {
  readonly path: string;
  readonly firstSeq: number;
  /** Sequence number of its last record; firstSeq − 1 while empty. */
  lastSeq: number;
}

interface PendingAppend {
  readonly seq: number;
  readonly bytes: Buffer;
  readonly resolve: (seq: number) => void;
  readonly reject: (err: unknown) => void;
}

export interface OpenedIngestLog {
  readonly log: IngestLog;
  /** Records after `movedSeq`, oldest first: to move again. */
  readonly pending: LogRecord[];
  /** Bytes cut from segments whose end was not a whole record. */
  readonly truncatedBytes: number;
}

export class IngestLog {
  readonly #dir: string;
  readonly #segmentBytes: number;
  /** Closed segments, oldest first. */
  readonly #closed: Segment[];
  #active: Segment | undefined;
  #handle: FileHandle | undefined;
  #activeBytes = 0;
  #nextSeq: number;
  #queue: PendingAppend[] = [];
  #flushing: Promise<void> | undefined;
  #failed: Error | undefined;
  #closing = false;

  private constructor(
    dir: string,
    segmentBytes: number,
    closed: Segment[],
    nextSeq: number,
  ) {
    this.#dir = dir;
    this.#segmentBytes = segmentBytes;
    this.#closed = closed;
    this.#nextSeq = nextSeq;
  }

  /**
   * Opens (creating) the log in `dir`: reads every segment, keeps the records
   * after `movedSeq` for replay, deletes segments with none, and cuts torn
   * tails.
   */
  static async open(
    dir: string,
    movedSeq: number,
    segmentBytes = DEFAULT_SEGMENT_BYTES,
  ): Promise<OpenedIngestLog> {
    await mkdir(dir, { recursive: true });
    const names = (await readdir(dir))
      .map((name) => SEGMENT_NAME.exec(name))
      .filter((m) => m !== null)
      .map((m) => ({ name: m[0], firstSeq: Number(m[1]) }))
      .sort((a, b) => a.firstSeq - b.firstSeq);
    const pending: LogRecord[] = [];
    const closed: Segment[] = [];
    let lastSeq = movedSeq;
    let truncatedBytes = 0;
    for (const { name, firstSeq } of names) {
      const path = join(dir, name);
      const bytes = await readFile(path);
      const segment: Segment = { path, firstSeq, lastSeq: firstSeq - 1 };
      let offset = 0;
      for (;;) {
        const next = decodeRecordAt(bytes, offset);
        if (next === null) {
          break;
        }
        offset = next.end;
        segment.lastSeq = next.record.seq;
        lastSeq = Math.max(lastSeq, next.record.seq);
        if (next.record.seq > movedSeq) {
          pending.push(next.record);
        }
      }
      if (offset < bytes.length) {
        truncatedBytes += bytes.length - offset;
        await truncate(path, offset);
      }
      if (segment.lastSeq <= movedSeq) {
        await unlink(path);
      } else {
        closed.push(segment);
      }
    }
    pending.sort((a, b) => a.seq - b.seq);
    const log = new IngestLog(dir, segmentBytes, closed, lastSeq + 1);
    return { log, pending, truncatedBytes };
  }

  /** The sequence number the next append gets. */
  get nextSeq(): number {
    return this.#nextSeq;
  }

  /**
   * Appends a record; resolves with its sequence number once it is on disk.
   * Sequence numbers follow call order.
   */
  append(
    payload: Uint8Array,
    receivedMicros: number,
    spanCount: number,
  ): Promise<number> {
    if (this.#failed !== undefined) {
      return Promise.reject(this.#failed);
    }
    if (this.#closing) {
      return Promise.reject(new Error('the ingest log is closed'));
    }
    const seq = this.#nextSeq++;
    const bytes = encodeRecord({ seq, receivedMicros, spanCount, payload });
    return new Promise<number>((resolve, reject) => {
      this.#queue.push({ seq, bytes, resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  /** Deletes the segments whose records all have a sequence number ≤ `movedSeq`. */
  async release(movedSeq: number): Promise<void> {
    while (
      this.#closed[0] !== undefined &&
      this.#closed[0].lastSeq <= movedSeq
    ) {
      const segment = this.#closed.shift()!;
      await unlink(segment.path).catch(() => undefined);
    }
  }

  /** Waits for appends in progress, then closes the file. Later appends reject. */
  async close(): Promise<void> {
    this.#closing = true;
    while (this.#flushing !== undefined) {
      await this.#flushing;
    }
    await this.#handle?.close();
    this.#handle = undefined;
  }

  async #flush(): Promise<void> {
    // The caller stores this promise in `#flushing` before the loop can clear it.
    await Promise.resolve();
    for (;;) {
      if (this.#queue.length === 0) {
        // Cleared in the same tick as the queue is found empty: an append
        // made after this starts a new flush instead of joining a finished one.
        this.#flushing = undefined;
        return;
      }
      const group = this.#queue;
      this.#queue = [];
      if (this.#failed !== undefined) {
        group.forEach((a) => a.reject(this.#failed));
        continue;
      }
      let written = 0;
      try {
        const handle = await this.#writableHandle(group[0]!.seq);
        const buffers = group.map((a) => a.bytes);
        for (const b of buffers) {
          written += b.length;
        }
        await writeAll(handle, buffers, this.#activeBytes);
        await handle.datasync();
      } catch (err) {
        // Whatever reached the file is cut off again, so that no later record
        // sits behind a damaged one; if that fails too, the log stops.
        this.#failed = new Error(
          `the ingest log in ${this.#dir} cannot be written: ${err instanceof Error ? err.message : String(err)}`,
          { cause: err },
        );
        await this.#handle?.truncate(this.#activeBytes).catch(() => undefined);
        group.forEach((a) => a.reject(this.#failed));
        continue;
      }
      this.#activeBytes += written;
      this.#active!.lastSeq = group[group.length - 1]!.seq;
      group.forEach((a) => a.resolve(a.seq));
    }
  }

  /** The active segment's file, starting a new one on first use or once it is full. */
  async #writableHandle(firstSeq: number): Promise<FileHandle> {
    if (this.#handle !== undefined && this.#activeBytes < this.#segmentBytes) {
      return this.#handle;
    }
    if (this.#handle !== undefined) {
      await this.#handle.close();
      this.#closed.push(this.#active!);
      this.#handle = undefined;
    }
    const path = join(this.#dir, `${String(firstSeq).padStart(16, '0')}.log`);
    const handle = await open(path, 'wx');
    // The new file's directory entry must survive a crash too.
    const dir = await open(this.#dir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    this.#handle = handle;
    this.#active = { path, firstSeq, lastSeq: firstSeq - 1 };
    this.#activeBytes = 0;
    return handle;
  }
}

/** Writes every buffer at `position`, however many calls that takes. */
async function writeAll(
  handle: FileHandle,
  buffers: Buffer[],
  position: number,
): Promise<void> {
  let pos = position;
  let rest = buffers;
  while (rest.length > 0) {
    const { bytesWritten } = await handle.writev(rest, pos);
    pos += bytesWritten;
    let skip = bytesWritten;
    const next: Buffer[] = [];
    for (const b of rest) {
      if (skip >= b.length) {
        skip -= b.length;
      } else {
        next.push(skip === 0 ? b : b.subarray(skip));
        skip = 0;
      }
    }
    rest = next;
  }
}
