/** `pathprof demo`: flags and help; the work is in demo/run-demo.ts. */
import type { Command } from 'commander';
import type { DemoFlags } from '../demo/demo-options.js';
import type { CliIo } from '../shared/cli-io.js';
import type { CommandState } from './command-state.js';

export function registerDemoCommand(
  program: Command,
  io: CliIo,
  state: CommandState,
): void {
  program
    .command('demo')
    .description(
      'start the collector and a showcase system exporting to it, drive load through every entry route, and print the path profile; Ctrl-C stops everything',
    )
    .option('--sys <system>', 'multi-svc or toy', 'multi-svc')
    .option(
      '--duration <duration>',
      'how long to send load, e.g. 20s, 1m',
      '20s',
    )
    .option('--rps <n>', 'requests per second', '20')
    .option('--once', 'exit after printing the profile')
    .option(
      '--format <format>',
      'table or json (the report; addresses go to stderr)',
      'table',
    )
    .option(
      '--port <port>',
      'query API port (default 16686; 0 picks a free one)',
    )
    .option(
      '--data <dir>',
      'keep the spans in this data directory (default :memory:)',
    )
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (flags: DemoFlags) => {
      state.setJsonErrors(flags.format === 'json');
      const [{ parseDemoFlags }, { runDemo }, { waitForStopSignal }] =
        await Promise.all([
          import('../demo/demo-options.js'),
          import('../demo/run-demo.js'),
          import('../showcase/run-showcase-up.js'),
        ]);
      await runDemo(parseDemoFlags(flags), io, {
        untilStopped: waitForStopSignal,
      });
    });
}
