/** `pathprof load`: flags and help; the work is in load/. */
import { Option } from 'commander';
import type { Command } from 'commander';
import type { LoadFlags } from '../load/load-options.js';
import type { CliIo } from '../shared/cli-io.js';
import type { CommandState } from './command-state.js';

export function registerLoadCommand(
  program: Command,
  io: CliIo,
  state: CommandState,
): void {
  program
    .command('load')
    .description(
      'open-loop HTTP load at a fixed arrival rate (no coordinated omission): per-route rate, latency p50/p90/p99/max and errors',
    )
    .option(
      '--target <url>',
      'base URL to load, e.g. http://127.0.0.1:8080/a/v1',
    )
    .option(
      '--sys <system>',
      'start a local showcase system (multi-svc or toy), load it, stop it',
    )
    .option(
      '--routes <list>',
      'routes below the target, each optionally weighted: a1,a2:3 (default with --sys multi-svc: a1,a2,a3,a4; toy: rolldice; with --target: the URL itself)',
    )
    .option('--rps <n>', 'arrival rate, requests per second')
    .option('--duration <duration>', 'how long to send, e.g. 30s, 2m')
    .option(
      '--concurrency <n>',
      'most requests in flight; an arrival beyond it is counted as dropped, not queued (default max(64, rps))',
    )
    .option(
      '--timeout <duration>',
      'per request, from its send to the end of the answer (default 10s)',
    )
    .addOption(
      new Option('--format <format>', 'table or json').default('table'),
    )
    .option('--no-progress', 'never draw the progress line')
    .action(async (flags: LoadFlags) => {
      state.setJsonErrors(flags.format === 'json');
      const [{ parseLoadFlags }, { runLoadCommand }] = await Promise.all([
        import('../load/load-options.js'),
        import('../load/run-load-command.js'),
      ]);
      await runLoadCommand(parseLoadFlags(flags), io);
    });
}
