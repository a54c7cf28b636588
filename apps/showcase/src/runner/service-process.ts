/** One service as a child `node` process: its log lines, its exit, and a way to stop it. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export const LOG_TAIL_LINES = 20;

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the process could not be spawned at all. */
  readonly error?: Error;
}

export interface ServiceProcess {
  readonly name: string;
  readonly pid: number | undefined;
  /** Resolves once the process is gone. */
  readonly exited: Promise<ProcessExit>;
  /** Whether `exited` has resolved. */
  hasExited(): boolean;
  /** The last LOG_TAIL_LINES lines of stdout and stderr. */
  logTail(): readonly string[];
  kill(signal: NodeJS.Signals): void;
}

export interface SpawnServiceOptions {
  readonly name: string;
  readonly entry: string;
  readonly env: NodeJS.ProcessEnv;
  readonly onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
}

export function spawnServiceProcess(
  options: SpawnServiceOptions,
): ServiceProcess {
  const child: ChildProcess = spawn(process.execPath, [options.entry], {
    env: options.env,
    // stdin stays an open pipe: the service exits when it closes, i.e. when the runner dies
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  let done = false;
  for (const stream of ['stdout', 'stderr'] as const) {
    const source = child[stream];
    if (source === null) {
      continue;
    }
    createInterface({ input: source, crlfDelay: Infinity }).on(
      'line',
      (line) => {
        tail.push(line);
        if (tail.length > LOG_TAIL_LINES) {
          tail.shift();
        }
        options.onLine?.(stream, line);
      },
    );
  }
  child.stdin?.on('error', () => {});
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
    child.once('error', (error) => {
      if (child.pid === undefined) {
        done = true;
        resolve({ code: null, signal: null, error });
      }
    });
  });
  return {
    name: options.name,
    pid: child.pid,
    exited,
    hasExited: () => done,
    logTail: () => [...tail],
    kill: (signal) => {
      if (!done) {
        child.kill(signal);
      }
    },
  };
}

export function describeExit(exit: ProcessExit): string {
  if (exit.error !== undefined) {
    return `could not be started (${exit.error.message})`;
  }
  return exit.signal !== null
    ? `was killed by ${exit.signal}`
    : `exited with code ${exit.code}`;
}
