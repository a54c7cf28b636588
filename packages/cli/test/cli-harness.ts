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
  options: { stderrIsTTY?: boolean } = {},
): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), {
    isTTY: options.stderrIsTTY ?? false,
  });
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
