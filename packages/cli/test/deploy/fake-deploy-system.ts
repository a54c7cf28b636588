/** A DeploySystem that runs nothing: it records commands and answers from tables. */
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/shared/cli-io.js';
import type {
  DeploySystem,
  RunOptions,
} from '../../src/deploy/deploy-system.js';

export interface RecordedRun {
  readonly argv: readonly string[];
  readonly options: RunOptions;
}

export interface FakeDeploySystem extends DeploySystem {
  readonly runs: RecordedRun[];
}

export function createFakeDeploySystem(
  options: {
    missing?: readonly string[];
    /** Exit code per command, by its first two words (`docker build`). */
    exitCodes?: Readonly<Record<string, number>>;
    dockerEnv?: string;
    repoRoot?: string | null;
  } = {},
): FakeDeploySystem {
  const runs: RecordedRun[] = [];
  const root = options.repoRoot === undefined ? '/repo' : options.repoRoot;
  return {
    cwd: '/repo/packages/cli',
    env: { PATH: '/usr/bin', HOME: '/home/user' },
    runs,
    which: (tool) =>
      Promise.resolve(
        options.missing?.includes(tool) === true ? null : `/usr/bin/${tool}`,
      ),
    exists: (path) =>
      Promise.resolve(
        root !== null && path === `${root}/deploy/helm/pathprof/Chart.yaml`,
      ),
    run: (argv, runOptions) => {
      runs.push({ argv, options: runOptions });
      const key = argv.slice(0, 2).join(' ');
      const code = options.exitCodes?.[key] ?? 0;
      const stdout =
        argv.includes('docker-env') === true
          ? (options.dockerEnv ??
            'DOCKER_TLS_VERIFY="1"\nDOCKER_HOST="tcp://192.168.49.2:2376"\nMINIKUBE_ACTIVE_DOCKERD="pathprof"\n')
          : '';
      return Promise.resolve({ code, stdout });
    },
  };
}

export function captureIo(): {
  io: CliIo;
  stdout: () => string;
  stderr: () => string;
} {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return {
    io: {
      stdin: new PassThrough(),
      stdout,
      stderr,
      nowMicros: () => 0,
    },
    stdout: () => out,
    stderr: () => err,
  };
}
