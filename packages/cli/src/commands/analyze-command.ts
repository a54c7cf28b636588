/** `pathprof analyze`: flags and help; the work is in analyze.ts. */
import { Option } from 'commander';
import type { Command } from 'commander';
import type { AnalyzeFlags } from '../analyze/analyze-options.js';
import type { CliIo } from '../shared/cli-io.js';
import type { CommandState } from './command-state.js';

export function registerAnalyzeCommand(
  program: Command,
  io: CliIo,
  state: CommandState,
): void {
  program
    .command('analyze')
    .description(
      'profile the call paths of traces from files (Jaeger JSON, OTLP JSON/protobuf, Zipkin v2), stdin or a live Jaeger',
    )
    .argument('[files...]', 'trace files; - reads standard input')
    .addOption(
      new Option(
        '--group-by <what>',
        'profile per path, shape (whole request tree) or hop',
      ).default('path'),
    )
    .addOption(
      new Option('--format <format>', 'table, json, csv or markdown').default(
        'table',
      ),
    )
    .option('--top <n>', 'show only the N groups with the most requests')
    .option(
      '--anomalies',
      'list the abnormal requests of each path, one row per trace, with the metrics that fired and the responsible hop',
    )
    .option(
      '--anomaly-rule <rule>',
      "robust (default: modified z-score of the log value above the threshold, and at least 5% and 5 ms slower than the path's median) or seed (mean + 2σ)",
    )
    .option(
      '--anomaly-threshold <z>',
      'modified z-score threshold of the robust rule (default 3.5)',
    )
    .option(
      '--critical-path',
      "show each hop's share of the critical path (--group-by path or hop)",
    )
    .option(
      '--through <service>',
      'list only the paths through this service (with --jaeger, --service does this too)',
    )
    .option(
      '--verbose',
      'list the first warnings of each kind: trace, span and what was repaired',
    )
    .option('--keep-proxies', 'keep Istio/Envoy proxy spans as hops')
    .addOption(
      new Option(
        '--path-key <strategy>',
        'service+operation, service, or service-collapsed',
      ).default('service+operation'),
    )
    .option(
      '--compat <mode>',
      'seed: print exactly the seed prototype aggregator report (Jaeger JSON only)',
    )
    .option(
      '--max-buffered-spans <n>',
      'spans held while grouping OTLP/Zipkin spans into traces (default 1000000)',
    )
    .option(
      '--threads <n>',
      'worker threads profiling large Jaeger JSON inputs (default: one per core but the reading one, none on 1–2 cores; 0: none)',
    )
    .option('--no-progress', 'never draw a progress bar')
    .option(
      '--jaeger <url>',
      'read from a live Jaeger query service, e.g. http://jaeger:16686 or http://host/jaeger',
    )
    .option('--service <name>', '(with --jaeger) service to search')
    .option('--operation <name>', '(with --jaeger) operation to search')
    .option(
      '--tags <json>',
      '(with --jaeger) tags to match, a JSON object such as \'{"error":"true"}\'',
    )
    .option(
      '--start <time>',
      '(with --jaeger) start: RFC 3339 or epoch s/ms/µs (default: end - lookback)',
    )
    .option(
      '--end <time>',
      '(with --jaeger) end: RFC 3339, epoch s/ms/µs, or now (default now)',
    )
    .option(
      '--lookback <duration>',
      '(with --jaeger) how far back from the end, e.g. 30m, 1h, 2d (default 1h)',
    )
    .option('--limit <n>', '(with --jaeger) most traces to read (default 1000)')
    .option(
      '--token <token>',
      '(with --jaeger) send Authorization: Bearer <token>, e.g. to a pathprof collector started with --token',
    )
    .option(
      '--min-duration <duration>',
      '(with --jaeger) only traces at least this long, e.g. 1.2s',
    )
    .option(
      '--max-duration <duration>',
      '(with --jaeger) only traces at most this long, e.g. 5s',
    )
    .action(async (files: string[], flags: AnalyzeFlags) => {
      state.setJsonErrors(flags.format === 'json');
      const { runAnalyze } = await import('../analyze/run-analyze.js');
      await runAnalyze(files, flags, io);
    });
}
