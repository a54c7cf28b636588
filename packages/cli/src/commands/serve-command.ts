/** `pathprof serve`: flags and help; the work is in serve/run-serve.ts. */
import type { Command } from 'commander';
import type { ServeFlags } from '../serve/run-serve.js';
import type { CliIo } from '../shared/cli-io.js';
import type { CommandState } from './command-state.js';
import { addCollectorOptions } from './collector-options.js';

export function registerServeCommand(
  program: Command,
  io: CliIo,
  state: CommandState,
): void {
  const serve = program
    .command('serve')
    .description(
      'run the collector: OTLP/HTTP and Zipkin receivers, the embedded store, the Jaeger query API, the path API and /metrics; Ctrl-C stops it',
    );
  addCollectorOptions(serve)
    .option('--format <format>', 'startup message: table or json', 'table')
    .option('--quiet', 'log only warnings and errors to stderr')
    .action(async (flags: ServeFlags) => {
      state.setJsonErrors(flags.format === 'json');
      const [{ runServe }, { waitForStopSignal }] = await Promise.all([
        import('../serve/run-serve.js'),
        import('../showcase/run-showcase-up.js'),
      ]);
      await runServe(flags, io, process.env, waitForStopSignal);
    });
}
