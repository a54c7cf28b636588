/**
 * The one error class of the trace sources, after the store's `StoreError`:
 * callers switch on `code`; `details` names what was at fault (the file and
 * byte offset of an input, the URL, status and reason of a live Jaeger's
 * failure). Messages never hold a stack or span contents.
 */
export const SOURCE_ERROR_CODES = [
  /** The file cannot be opened or read to the end. */
  'PATHPROF_ERR_INPUT_READ',
  /** Not well-formed JSON or OTLP protobuf; `details.offset` says where reading stopped. */
  'PATHPROF_ERR_INPUT_MALFORMED',
  /**
   * Well formed, but not traces in a format pathprof reads: an unknown shape,
   * a Jaeger error answer, a value that is not what a trace file holds there.
   */
  'PATHPROF_ERR_INPUT_FORMAT',
  /** An OTLP protobuf file larger than the reader holds in memory. */
  'PATHPROF_ERR_INPUT_TOO_LARGE',
  /**
   * A live Jaeger failed: `details.url`, `details.reason` (how) and, for a
   * non-2xx answer, `details.status`.
   */
  'PATHPROF_ERR_JAEGER',
] as const;

/** One of `SOURCE_ERROR_CODES`. */
export type SourceErrorCode = (typeof SOURCE_ERROR_CODES)[number];

/** The codes of input files (`details.file`, `details.offset`). */
export type InputErrorCode = Exclude<SourceErrorCode, 'PATHPROF_ERR_JAEGER'>;

/** How a request to a live Jaeger failed; stable strings, safe to branch on and print. */
export type JaegerFailureReason =
  /** No socket: refused, unknown host, reset. */
  | 'connect'
  /** No complete answer within the configured timeout. */
  | 'timeout'
  /** A non-2xx status (other than api_v3's "no traces" 404). */
  | 'http'
  /** A 2xx answer whose body is not JSON (a proxy's HTML page, a wrong base path). */
  | 'not-json'
  /** JSON, but not the shape this API answers with. */
  | 'bad-shape'
  /** Neither the v1 nor the api_v3 query API answers at the base URL. */
  | 'no-api'
  /** The caller's AbortSignal fired. */
  | 'aborted';

export interface SourceErrorDetails {
  /** The input file (`stdin` for standard input). */
  readonly file?: string;
  /** Bytes from the start of the file, where known. */
  readonly offset?: number;
  /** The Jaeger URL that failed. */
  readonly url?: string;
  readonly reason?: JaegerFailureReason;
  /** The HTTP status of a non-2xx answer. */
  readonly status?: number;
}

/** A trace source failed; `code` says which way (see `SOURCE_ERROR_CODES`). */
export class SourceError extends Error {
  override readonly name = 'SourceError';

  constructor(
    readonly code: SourceErrorCode,
    message: string,
    readonly details: SourceErrorDetails,
  ) {
    super(message);
  }

  get file(): string | undefined {
    return this.details.file;
  }

  get offset(): number | undefined {
    return this.details.offset;
  }

  get url(): string | undefined {
    return this.details.url;
  }

  get reason(): JaegerFailureReason | undefined {
    return this.details.reason;
  }

  get status(): number | undefined {
    return this.details.status;
  }

  /** Code, message and details only: no stack. */
  toJSON(): {
    code: SourceErrorCode;
    message: string;
    details: SourceErrorDetails;
  } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** A problem with an input file: the message names the file and, where known, the byte offset. */
export function createInputError(
  code: InputErrorCode,
  file: string,
  detail: string,
  offset?: number,
): SourceError {
  return new SourceError(
    code,
    offset === undefined
      ? `${file}: ${detail}`
      : `${file}: ${detail} at byte offset ${offset}`,
    offset === undefined ? { file } : { file, offset },
  );
}

/**
 * A failure talking to a live Jaeger. The message names the URL and, for
 * HTTP errors, the status and Jaeger's own error text.
 */
export function createJaegerError(
  reason: JaegerFailureReason,
  url: string,
  message: string,
  status?: number,
): SourceError {
  return new SourceError(
    'PATHPROF_ERR_JAEGER',
    message,
    status === undefined ? { url, reason } : { url, reason, status },
  );
}

/** Whether `err` is a {@link SourceError}, optionally of one code. */
export function isSourceError(
  err: unknown,
  code?: SourceErrorCode,
): err is SourceError {
  return (
    err instanceof SourceError && (code === undefined || err.code === code)
  );
}
