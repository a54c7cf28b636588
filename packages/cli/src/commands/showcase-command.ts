/** `pathprof showcase up`: flags and help; the work is in showcase/run-showcase-up.ts. */
import type { Command } from 'commander';
import type { ShowcaseUpFlags } from '../showcase/run-showcase-up.js';
import type { CliIo } from '../shared/cli-io.js';
import type { CommandState } from './command-state.js';

export function registerShowcaseCommand(
  program: Command,
  io: CliIo,
  state: CommandState,
): void {
  const showcase = program
    .command('showcase')
    .description('run the seed showcase systems (multi-svc, toy) locally');
  showcase
    .command('up')
    .description(
      'start every service of a showcase system on free 127.0.0.1 ports; Ctrl-C stops them all',
    )
    .requiredOption(
      '--sys <system>',
      'multi-svc (svc-a … svc-g) or toy (rolldice-a, rolldice-b)',
    )
    .option(
      '--otlp-endpoint <url>',
      'OTLP/HTTP endpoint the services export spans to, e.g. http://127.0.0.1:4318 (default: $OTEL_EXPORTER_OTLP_ENDPOINT, else no export)',
    )
    .option(
      '--base-port <n>',
      'first port; the services take consecutive ports (default: any free ports)',
    )
    .option('--quiet', "don't print the services' log lines")
    .action(async (flags: ShowcaseUpFlags) => {
      state.setJsonErrors(false);
      const { runShowcaseUp, waitForStopSignal } =
        await import('../showcase/run-showcase-up.js');
      await runShowcaseUp(flags, io, waitForStopSignal);
    });
}
