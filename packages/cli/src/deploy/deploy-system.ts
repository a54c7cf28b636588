/** What `pathprof deploy` touches outside itself; tests pass a fake. */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

export interface RunOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin?: string;
  /** Capture standard output instead of passing it through. */
  readonly capture?: boolean;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
}

export interface DeploySystem {
  /** Full path of a program on PATH, or null. */
  which(tool: string): Promise<string | null>;
  run(argv: readonly string[], options: RunOptions): Promise<RunResult>;
  /** Whether a file exists (to find the repository root). */
  exists(path: string): Promise<boolean>;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function createProcessDeploySystem(): DeploySystem {
  const env = process.env;
  return {
    cwd: process.cwd(),
    env,
    which: (tool) => findOnPath(tool, env['PATH'] ?? ''),
    run: runProcess,
    exists: (path) =>
      access(path, constants.F_OK).then(
        () => true,
        () => false,
      ),
  };
}

async function findOnPath(tool: string, path: string): Promise<string | null> {
  for (const dir of path.split(delimiter).filter((d) => d !== '')) {
    const candidate = join(dir, tool);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

function runProcess(
  argv: readonly string[],
  options: RunOptions,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const [command, ...args] = argv;
    const child = spawn(command ?? '', args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [
        options.stdin === undefined ? 'ignore' : 'pipe',
        options.capture === true ? 'pipe' : 'inherit',
        'inherit',
      ],
    });
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stdin?.end(options.stdin);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout }));
  });
}
