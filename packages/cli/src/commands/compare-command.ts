/** `pathprof compare`: flags and help; the work is in compare/run-compare.ts. */
import { existsSync } from 'node:fs';
import { Option } from 'commander';
import type { Command } from 'commander';
import type { CompareFlags } from '../compare/compare-settings.js';
import type { CliIo } from '../shared/cli-io.js';
import type { CommandState } from './command-state.js';

export function registerCompareCommand(
  program: Command,
  io: CliIo,
  state: CommandState,
): void {
  program
    .command('compare')
    .description(
      'compare two sets of traces path by path (two files, two time windows, or two values of an attribute) and name the hop behind each significant regression; exit code 3 when a path regressed',
    )
    .argument(
      '[files...]',
      'with --by: trace files to split; - reads standard input',
    )
    .option('--baseline <files...>', 'baseline trace files')
    .option('--candidate <files...>', 'candidate trace files')
    .option(
      '--baseline-window <range>',
      'baseline time window START..END (now, -2h, RFC 3339 or epoch), with --jaeger or --data',
    )
    .option(
      '--candidate-window <range>',
      'candidate time window, e.g. -1h..now',
    )
    .option(
      '--by <key=v1,v2>',
      'split one source by an attribute: traces with a span carrying key=v1 are the baseline, key=v2 the candidate',
    )
    .option(
      '--window <range>',
      '(with --by and --jaeger/--data) window to read (default -1h..now)',
    )
    .option(
      '--jaeger <url>',
      'read from a live Jaeger query service, e.g. http://jaeger:16686',
    )
    .option(
      '--service <name>',
      'with --jaeger: service to search; with --data: only traces through it; with --by: only its spans decide the side',
    )
    .option(
      '--limit <n>',
      '(with --jaeger) most traces read per side (default 1000)',
    )
    .option('--data <dir>', 'read from the store in this data directory')
    .addOption(
      new Option('--format <format>', 'table, json or markdown').default(
        'table',
      ),
    )
    .option(
      '--alpha <p>',
      'family-wise significance level across paths (default 0.01)',
    )
    .option(
      '--min-effect <fraction>',
      'smallest relative p50 change that counts (default 0.05)',
    )
    .option(
      '--min-samples <n>',
      'fewest traces per side for a path to be tested (default 20)',
    )
    .addOption(
      new Option(
        '--path-key <strategy>',
        'service+operation, service, or service-collapsed',
      ).default('service+operation'),
    )
    .option('--keep-proxies', 'keep Istio/Envoy proxy spans as hops')
    .option('--all', 'also list unchanged paths (table and markdown)')
    .action(async (files: string[], flags: CompareFlags) => {
      state.setJsonErrors(flags.format === 'json');
      const [{ parseCompareFlags }, { runCompare }] = await Promise.all([
        import('../compare/compare-options.js'),
        import('../compare/run-compare.js'),
      ]);
      await runCompare(
        parseCompareFlags(files, flags, io.nowMicros(), existsSync),
        io,
      );
    });
}
