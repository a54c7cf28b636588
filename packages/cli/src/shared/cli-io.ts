import type { Readable, Writable } from 'node:stream';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable;
  readonly stderr: Writable & { isTTY?: boolean };
  /** Microseconds since the epoch. */
  readonly nowMicros: () => number;
  readonly fetch?: typeof fetch;
}

export function createProcessIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    nowMicros: () => Date.now() * 1000,
  };
}

/** Writes text and waits until the stream has taken it (so piping to `head` and exiting is safe). */
export function writeOut(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (err) =>
      err === null || err === undefined ? resolve() : reject(err),
    );
  });
}
