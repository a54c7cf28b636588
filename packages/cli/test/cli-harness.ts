/** Runs `main` in-process with captured stdout/stderr and an optional stdin text. */
import { PassThrough, Readable } from 'node:stream';
import { main } from '../src/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  argv: string[],
  stdinText?: string | Uint8Array,
): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const stdin = Readable.from(
    stdinText === undefined
      ? []
      : [
          typeof stdinText === 'string'
            ? Buffer.from(stdinText)
            : Buffer.from(stdinText),
        ],
  );
  const code = await main(argv, {
    stdin,
    stdout,
    stderr,
    nowMicros: () => 1_700_000_000_000_000,
  });
  return { code, stdout: out, stderr: err };
}
