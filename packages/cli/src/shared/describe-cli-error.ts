/**
 * What the CLI reports for an error: the exit code, a stable code, the
 * message and the details `--format json` prints. The one table from error
 * codes to exit codes is here: 2 for usage errors, 3 for a regression that
 * `compare` found, 1 for everything else.
 */
import { CliError } from './cli-error.js';

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_REGRESSION = 3;

/**
 * Codes other errors are reported under, next to each package's own codes:
 * `CLI_ERROR_CODES`, sources' `SOURCE_ERROR_CODES` (input files with
 * `details.file` and `details.offset`; a live Jaeger with `details.url`,
 * `details.reason` and `details.status`), the engine's `ENGINE_ERROR_CODES`
 * (`details.file`, `details.offset`) and the store's `STORE_ERROR_CODES`.
 */
export type ForeignErrorCode =
  /** Not an error the user can act on: a bug; `details.name` is the error's class. */
  'PATHPROF_ERR_INTERNAL';

export interface CliErrorReport {
  readonly exitCode: number;
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, string | number>>;
  /** False for `PATHPROF_ERR_INTERNAL`: a bug, whose stack a human should see. */
  readonly expected: boolean;
}

const EXIT_CODES: Readonly<Record<string, number>> = {
  PATHPROF_ERR_USAGE: EXIT_USAGE,
  PATHPROF_ERR_REGRESSION: EXIT_REGRESSION,
};

/**
 * Describes `err`. The other packages' error classes are loaded here, on
 * failure only, so that starting the command loads no engine, store or
 * reader code.
 */
export async function describeCliError(err: unknown): Promise<CliErrorReport> {
  const [{ isEngineError }, { isStoreError }, { isSourceError }] =
    await Promise.all([
      import('@pathprof/engine'),
      import('@pathprof/store'),
      import('@pathprof/sources'),
    ]);
  if (err instanceof CliError) {
    return report(err.code, err.message, err.details);
  }
  if (isSourceError(err)) {
    // sources' factories set only the fields they have, never `undefined`
    return report(
      err.code,
      err.message,
      err.details as Readonly<Record<string, string | number>>,
    );
  }
  if (isEngineError(err)) {
    return report(err.code, err.message, {
      ...(err.file === undefined ? {} : { file: err.file }),
      ...(err.offset === undefined ? {} : { offset: err.offset }),
    });
  }
  if (isStoreError(err)) {
    return report(err.code, `store: ${err.message}`, {});
  }
  const name = err instanceof Error ? err.name : typeof err;
  return {
    ...report(
      'PATHPROF_ERR_INTERNAL',
      err instanceof Error ? err.message : String(err),
      { name },
    ),
    expected: false,
  };
}

function report(
  code: string,
  message: string,
  details: Readonly<Record<string, string | number>>,
): CliErrorReport {
  return {
    exitCode: EXIT_CODES[code] ?? EXIT_FAILURE,
    code,
    message,
    details,
    expected: true,
  };
}
