/**
 * The pathprof command line. Exit codes: 0 success, 1 failure (bad input,
 * unreachable server), 2 usage error, 3 `compare` found a significant regression.
 */
import { Command, CommanderError } from 'commander';
import { registerAnalyzeCommand } from './commands/analyze-command.js';
import { registerCompareCommand } from './commands/compare-command.js';
import { registerDemoCommand } from './commands/demo-command.js';
import { registerDeployCommand } from './commands/deploy-command.js';
import { registerImportCommand } from './commands/import-command.js';
import { registerLoadCommand } from './commands/load-command.js';
import { registerOverheadCommand } from './commands/overhead-command.js';
import { registerServeCommand } from './commands/serve-command.js';
import { registerShowcaseCommand } from './commands/showcase-command.js';
import type { CommandState } from './commands/command-state.js';
import type { CliIo } from './shared/cli-io.js';
import { createProcessIo } from './shared/cli-io.js';
import {
  EXIT_FAILURE,
  EXIT_REGRESSION,
  EXIT_USAGE,
  describeCliError,
} from './shared/describe-cli-error.js';

export const EXIT_OK = 0;
export { EXIT_FAILURE, EXIT_REGRESSION, EXIT_USAGE };

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
    const report = await describeCliError(err);
    if (report.code === 'PATHPROF_ERR_REGRESSION') {
      // the comparison's report says it all
      return report.exitCode;
    }
    if (jsonErrors) {
      // `code` and `msg` as Jaeger's error envelope; `error` and `details` name what failed.
      const entry = {
        code: report.exitCode,
        msg: report.message,
        error: report.code,
        details: report.details,
      };
      io.stderr.write(`${JSON.stringify({ data: null, errors: [entry] })}\n`);
      return report.exitCode;
    }
    if (!report.expected) {
      throw err;
    }
    io.stderr.write(`pathprof: ${report.message}\n`);
    if (report.exitCode === EXIT_USAGE) {
      io.stderr.write('(run with --help for usage)\n');
    }
    return report.exitCode;
  }
}
