/**
 * A bad command-line value. The CLI prints `message` to stderr and exits with
 * code 2; `flag` names the offending option (`--start`), so `--format json`
 * can report it as a field.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 2;

  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(message);
  }
}
