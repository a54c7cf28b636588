import { CliError } from './cli-error.js';

/**
 * A bad command-line value: a `CliError` of code `PATHPROF_ERR_USAGE`. The CLI
 * prints `message` to stderr and exits with code 2; `flag` names the
 * offending option (`--start`), so `--format json` can report it as a field.
 */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
  readonly exitCode = 2;

  constructor(
    readonly flag: string,
    message: string,
  ) {
    super('PATHPROF_ERR_USAGE', message, { flag });
  }
}
