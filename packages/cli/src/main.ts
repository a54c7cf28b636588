/**
 * The pathprof command line. Exit codes: 0 success, 1 failure (bad input,
 * unreachable server), 2 usage error, 3 `compare` found a significant regression.
 */
import { Command, CommanderError } from 'commander';
import { registerAnalyzeCommand } from './commands/analyze-command.js';
import { registerCompareCommand } from './commands/compare-command.js';
import { RegressionFound } from './compare/regression-found.js';
import { registerDemoCommand } from './commands/demo-command.js';
import { registerDeployCommand } from './commands/deploy-command.js';
import { registerImportCommand } from './commands/import-command.js';
import { registerLoadCommand } from './commands/load-command.js';
import { registerOverheadCommand } from './commands/overhead-command.js';
import { registerServeCommand } from './commands/serve-command.js';
import { registerShowcaseCommand } from './commands/showcase-command.js';
import type { CommandState } from './commands/command-state.js';
import type { CliIo } from './commands/cli-io.js';
import { createProcessIo } from './commands/cli-io.js';
import { UsageError } from './usage-error.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_REGRESSION = 3;

/** Runs the pathprof command line; resolves to the process exit code. */
export async function main(
  argv: readonly string[],
  io: CliIo = createProcessIo(),
): Promise<number> {
  let jsonErrors = false;
  const program = new Command('pathprof')
    .description(
      'Path-based performance profiler for microservices: which request paths are slow, and where the time goes',
    )
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeErr: (s) => io.stderr.write(s),
      writeOut: (s) => io.stdout.write(s),
    });

  const state: CommandState = {
    setJsonErrors: (on) => {
      jsonErrors = on;
    },
  };
  registerDemoCommand(program, io, state);
  registerAnalyzeCommand(program, io, state);
  registerCompareCommand(program, io, state);
  registerLoadCommand(program, io, state);
  registerOverheadCommand(program, io, state);
  registerShowcaseCommand(program, io, state);
  registerServeCommand(program, io, state);
  registerImportCommand(program, io, state);
  registerDeployCommand(program, io, state);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (err instanceof RegressionFound) {
      return EXIT_REGRESSION;
    }
    const code = err instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
    const message = await describeError(err);
    if (jsonErrors) {
      io.stderr.write(
        `${JSON.stringify({ data: null, errors: [{ code, msg: message }] })}\n`,
      );
    } else {
      io.stderr.write(`pathprof: ${message}\n`);
      if (code === EXIT_USAGE) {
        io.stderr.write('(run with --help for usage)\n');
      }
    }
    return code;
  }
}

/**
 * The message of an error the user can act on; anything else is a bug and is
 * rethrown. The error classes are loaded here, on failure only, so that
 * starting the command loads no engine, store or reader code.
 */
async function describeError(err: unknown): Promise<string> {
  const [
    { PythonJsonSyntaxError, SeedInputError },
    { isStoreError },
    { InputError, JaegerSourceError },
  ] = await Promise.all([
    import('@pathprof/engine'),
    import('@pathprof/store'),
    import('@pathprof/sources'),
  ]);
  if (
    err instanceof UsageError ||
    err instanceof InputError ||
    err instanceof JaegerSourceError ||
    err instanceof SeedInputError ||
    err instanceof PythonJsonSyntaxError
  ) {
    return err.message;
  }
  if (isStoreError(err)) {
    return `store: ${err.message}`;
  }
  throw err;
}
