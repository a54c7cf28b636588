/**
 * What the CLI reports for an error: the exit code, a stable code, the
 * message and the details `--format json` prints. The one table from error
 * codes to exit codes is here: 2 for usage errors, 1 for everything else.
 */
import { CliError } from './cli-error.js';

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * Codes other packages' errors are reported under, next to their own codes:
 * `CLI_ERROR_CODES`, sources' `INPUT_ERROR_CODES` and the engine's
 * `ENGINE_ERROR_CODES` (both with `details.file` and `details.offset`), and
 * the store's.
 */
export type ForeignErrorCode =
  /** A live Jaeger failed (sources' `JaegerSourceError`): `details.url`, `details.status`, `details.reason`. */
  | 'PATHPROF_ERR_JAEGER'
  /** Not an error the user can act on: a bug; `details.name` is the error's class. */
  | 'PATHPROF_ERR_INTERNAL';

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
};

/**
 * Describes `err`. The other packages' error classes are loaded here, on
 * failure only, so that starting the command loads no engine, store or
 * reader code.
 */
export async function describeCliError(err: unknown): Promise<CliErrorReport> {
  const [
    { isEngineError },
    { isStoreError },
    { isInputError, JaegerSourceError },
  ] = await Promise.all([
    import('@pathprof/engine'),
    import('@pathprof/store'),
    import('@pathprof/sources'),
  ]);
  if (err instanceof CliError) {
    return report(err.code, err.message, err.details);
  }
  if (isInputError(err)) {
    return report(err.code, err.message, {
      file: err.file,
      ...(err.offset === undefined ? {} : { offset: err.offset }),
    });
  }
  if (err instanceof JaegerSourceError) {
    return report('PATHPROF_ERR_JAEGER', err.message, {
      url: err.url,
      reason: err.reason,
      ...(err.status === undefined ? {} : { status: err.status }),
    });
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
