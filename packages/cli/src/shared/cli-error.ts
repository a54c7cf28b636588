/**
 * The one error class of the CLI, after the store's `StoreError`: callers and
 * `main` switch on `code`; `details` holds what `--format json` reports next
 * to the message (the flag, the data directory). Exit codes come from one
 * table in `describe-cli-error.ts`, never from the class.
 */
export const CLI_ERROR_CODES = [
  /** A flag or argument is not valid (exit 2). */
  'PATHPROF_ERR_USAGE',
  /** The collector or its store could not start: a port is taken, the data directory is locked or unreadable. */
  'PATHPROF_ERR_SERVE',
  /** A deploy could not go on: a tool is missing, a step failed. */
  'PATHPROF_ERR_DEPLOY',
  /** The showcase could not be started: a service failed, a port was taken. */
  'PATHPROF_ERR_SHOWCASE',
  /** `load` or `demo` reached its target, but no request got a 2xx answer. */
  'PATHPROF_ERR_LOAD',
  /** `import` could not write to the collector: unreachable, or an HTTP error answer. */
  'PATHPROF_ERR_IMPORT',
  /**
   * `compare` found a significant regression (exit 3, for a CI gate): not a
   * failure; its report is written and nothing more is printed.
   */
  'PATHPROF_ERR_REGRESSION',
] as const;

/** One of `CLI_ERROR_CODES`. */
export type CliErrorCode = (typeof CLI_ERROR_CODES)[number];

/** Plain fields naming what was at fault: a flag, a file, a URL. */
export type CliErrorDetails = Readonly<Record<string, string | number>>;

/** A failure the user can act on; `code` says which (see `CLI_ERROR_CODES`). */
export class CliError extends Error {
  override readonly name: string = 'CliError';

  constructor(
    readonly code: CliErrorCode,
    message: string,
    readonly details: CliErrorDetails = {},
  ) {
    super(message);
  }

  /** Code, message and details only: no stack. */
  toJSON(): { code: CliErrorCode; message: string; details: CliErrorDetails } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/**
 * The collector could not start. `what` names the flag or value at fault
 * (`--data ./dir`), when one is; the message is then `what: detail`.
 */
export function createServeError(
  what: string | undefined,
  detail: string,
): CliError {
  return what === undefined
    ? new CliError('PATHPROF_ERR_SERVE', detail)
    : new CliError('PATHPROF_ERR_SERVE', `${what}: ${detail}`, { what });
}
