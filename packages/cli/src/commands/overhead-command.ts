/** `pathprof overhead`: flags and help; the work is in overhead/ and @pathprof/measure. */
import { Option } from 'commander';
import type { Command } from 'commander';
import { DEFAULT_OVERHEAD_ROUTES, SDK_MODE_ENV } from '@pathprof/measure';
import type { OverheadFlags } from '../overhead/overhead-options.js';
import {
  OVERHEAD_DEFAULTS,
  parseOverheadFlags,
} from '../overhead/overhead-options.js';
import type { CliIo } from '../shared/cli-io.js';
import type { CommandState } from './command-state.js';

export function registerOverheadCommand(
  program: Command,
  io: CliIo,
  state: CommandState,
): void {
  const d = OVERHEAD_DEFAULTS;
  program
    .command('overhead')
    .description(
      'measure the instrumentation overhead on the local showcase: decorated routes vs their undecorated twins (and vs plain OTel / no SDK), with bootstrap intervals and CPU per decorated call',
    )
    .option('--sys <system>', 'the showcase system (only multi-svc)')
    .option(
      '--routes <list>',
      `multi-svc routes to measure (default ${DEFAULT_OVERHEAD_ROUTES}; a3 and e1 include e1's 200 ms sleep)`,
    )
    .option(
      '--samples <n>',
      `latency samples per arm and route (default ${d.samples})`,
    )
    .option(
      '--warmup <n>',
      `warm-up rounds per route, discarded (default ${d.warmup})`,
    )
    .option(
      '--cpu-calls <n>',
      'requests per arm and route in the CPU phase, 0 to skip (default: twice --samples)',
    )
    .option('--cpu-block <n>', 'requests per arm in each CPU round (default 1)')
    .option(
      '--baselines <list>',
      `instrumentation levels to compare with, via ${SDK_MODE_ENV}: otel-only, off, or none (default ${d.baselines})`,
    )
    .option('--resamples <n>', `bootstrap resamples (default ${d.resamples})`)
    .option(
      '--seed <n>',
      `seed of the order and the bootstrap (default ${d.seed})`,
    )
    .option('--timeout <duration>', `per request (default ${d.timeout})`)
    .addOption(
      new Option('--format <format>', 'table, json or markdown').default(
        'table',
      ),
    )
    .option(
      '--doc <file>',
      'also write the Markdown section into this file between its markers, e.g. docs/BENCHMARKS.md',
    )
    .option('--no-progress', 'never draw a progress bar')
    .action(async (flags: OverheadFlags) => {
      state.setJsonErrors(flags.format === 'json');
      const { runOverheadCommand } =
        await import('../overhead/run-overhead-command.js');
      await runOverheadCommand(parseOverheadFlags(flags), io);
    });
}
