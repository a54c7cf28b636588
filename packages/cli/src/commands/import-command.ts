/** `pathprof import`: flags and help; the work is in import/run-import.ts. */
import type { Command } from 'commander';
import type { ImportFlags } from '../import/import-options.js';
import { UsageError } from '../shared/usage-error.js';
import { TOKEN_ENV } from '../serve/collector-defaults.js';
import type { CliIo } from '../shared/cli-io.js';
import type { CommandState } from './command-state.js';
import { addDataOption } from './collector-options.js';

export function registerImportCommand(
  program: Command,
  io: CliIo,
  state: CommandState,
): void {
  const command = program
    .command('import')
    .description(
      'load trace files (Jaeger JSON, OTLP JSON or protobuf, Zipkin v2; auto-detected) into the embedded store or a running collector',
    )
    .argument('<file...>', 'trace files');
  addDataOption(command)
    .option(
      '--to <url>',
      "post to a running collector's OTLP/HTTP port instead, e.g. http://127.0.0.1:4318",
    )
    .option('--token <token>', `bearer token for --to (default $${TOKEN_ENV})`)
    .option('--batch-spans <n>', 'spans per write (default 5000)')
    .option('--format <format>', 'summary: table or json', 'table')
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (files: string[], flags: ImportFlags) => {
      state.setJsonErrors(flags.format === 'json');
      const { IMPORT_MESSAGES, parseImportFlags } =
        await import('../import/import-options.js');
      if (files.length === 0) {
        throw new UsageError('FILE', IMPORT_MESSAGES.noFiles);
      }
      const settings = parseImportFlags(flags, process.env);
      const { runImport } = await import('../import/run-import.js');
      const writer =
        settings.target.kind === 'store'
          ? await (
              await import('../import/store-span-writer.js')
            ).openStoreSpanWriter(settings.target.data, io.nowMicros)
          : (
              await import('../import/collector-span-writer.js')
            ).createCollectorSpanWriter({
              url: settings.target.url,
              token: settings.target.token,
              encode: (await import('@pathprof/engine')).toOtlpJson,
              ...(io.fetch === undefined ? {} : { fetch: io.fetch }),
            });
      await runImport(files, settings, writer, io);
    });
}
