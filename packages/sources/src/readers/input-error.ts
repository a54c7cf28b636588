/**
 * The error class of trace-file reading, after the store's `StoreError`:
 * callers switch on `code`. The class keeps the name `InputError` that
 * callers already import; a live Jaeger's failures are `JaegerSourceError`,
 * whose `reason` plays the same part.
 */
export const INPUT_ERROR_CODES = [
  /** The file cannot be opened or read to the end. */
  'PATHPROF_ERR_INPUT_READ',
  /** Not well-formed JSON or OTLP protobuf; `offset` says where reading stopped. */
  'PATHPROF_ERR_INPUT_MALFORMED',
  /**
   * Well formed, but not traces in a format pathprof reads: an unknown shape,
   * a Jaeger error answer, a value that is not what a trace file holds there.
   */
  'PATHPROF_ERR_INPUT_FORMAT',
  /** An OTLP protobuf file larger than the reader holds in memory. */
  'PATHPROF_ERR_INPUT_TOO_LARGE',
] as const;

/** One of `INPUT_ERROR_CODES`. */
export type InputErrorCode = (typeof INPUT_ERROR_CODES)[number];

/** A problem with an input file: the message names the file and, where known, the byte offset. */
export class InputError extends Error {
  override readonly name = 'InputError';

  constructor(
    readonly code: InputErrorCode,
    readonly file: string,
    detail: string,
    /** Bytes from the start of the file, where known. */
    readonly offset?: number,
  ) {
    super(
      offset === undefined
        ? `${file}: ${detail}`
        : `${file}: ${detail} at byte offset ${offset}`,
    );
  }

  /** Code, message, file and offset only: no stack. */
  toJSON(): {
    code: InputErrorCode;
    message: string;
    file: string;
    offset?: number;
  } {
    return {
      code: this.code,
      message: this.message,
      file: this.file,
      ...(this.offset === undefined ? {} : { offset: this.offset }),
    };
  }
}

/** Whether `err` is an {@link InputError}, optionally of one code. */
export function isInputError(
  err: unknown,
  code?: InputErrorCode,
): err is InputError {
  return err instanceof InputError && (code === undefined || err.code === code);
}
