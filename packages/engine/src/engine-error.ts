/**
 * The one error class of the engine, after the store's `StoreError`. The
 * engine does not throw on data anomalies (it repairs them and reports
 * warnings); it throws only where it is asked to do what the input cannot
 * give: `--compat seed` reproduces a program that would crash or hang there.
 * Callers switch on `code`.
 */
export const ENGINE_ERROR_CODES = [
  /**
   * `--compat seed`: the JSON is malformed as Python's `json` module reads it
   * (including `NaN`, `Infinity` and float literals beyond a double, which
   * Python accepts and the seed would then misprint). `offset` says where.
   */
  'PATHPROF_ERR_SEED_JSON',
  /**
   * `--compat seed`: the JSON is well formed but the seed would crash on it
   * (a trace that is not an object, a missing field, a metric that is not a
   * number, too many paths in one trace). The message names the trace and
   * the field.
   */
  'PATHPROF_ERR_SEED_INPUT',
] as const;

/** One of `ENGINE_ERROR_CODES`. */
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

/** Where in a file the failing input was read. */
export interface EngineErrorLocation {
  readonly file: string;
  /** Bytes from the start of the file. */
  readonly offset: number;
}

/** An input the engine cannot process; `code` says why (see `ENGINE_ERROR_CODES`). */
export class EngineError extends Error {
  override readonly name = 'EngineError';

  /**
   * Where reading failed: with `file`, bytes from the start of that file;
   * without, the index in the text given to the engine (for
   * `PATHPROF_ERR_SEED_JSON`, as Python's `JSONDecodeError.pos`).
   */
  readonly offset: number | undefined;
  /** The file the input came from, when the caller said. */
  readonly file: string | undefined;

  constructor(
    readonly code: EngineErrorCode,
    message: string,
    options?: { offset?: number; file?: string },
  ) {
    super(message);
    this.offset = options?.offset;
    this.file = options?.file;
  }

  /** Code, message and location only: no stack. */
  toJSON(): {
    code: EngineErrorCode;
    message: string;
    file?: string;
    offset?: number;
  } {
    return {
      code: this.code,
      message: this.message,
      ...(this.file === undefined ? {} : { file: this.file }),
      ...(this.offset === undefined ? {} : { offset: this.offset }),
    };
  }
}

/** Whether `err` is an {@link EngineError}, optionally of one code. */
export function isEngineError(
  err: unknown,
  code?: EngineErrorCode,
): err is EngineError {
  return (
    err instanceof EngineError && (code === undefined || err.code === code)
  );
}
