/**
 * The one error class of the collector, after the store's `StoreError`.
 * Routes and receivers throw it; the query port's error handler
 * (`server/query-error-replies.ts`), the gRPC query services and the ingest
 * path switch on `code` to choose the answer. Messages name the parameter
 * or limit at fault, never span contents.
 */
export const COLLECTOR_ERROR_CODES = [
  /**
   * A request parameter (query string, path segment or gRPC request field)
   * cannot be used; the message names it. HTTP 400, gRPC INVALID_ARGUMENT.
   */
  'PATHPROF_ERR_COLLECTOR_BAD_PARAM',
  /** gRPC query services: the trace asked for is not stored. gRPC NOT_FOUND. */
  'PATHPROF_ERR_COLLECTOR_NOT_FOUND',
  /** gRPC query services: a method the collector does not serve. gRPC UNIMPLEMENTED. */
  'PATHPROF_ERR_COLLECTOR_UNIMPLEMENTED',
  /**
   * Ingest: the write queue holds as many spans as it may; nothing of the
   * batch was queued. `retryAfterSeconds` says when to try again (HTTP 429).
   */
  'PATHPROF_ERR_COLLECTOR_QUEUE_FULL',
  /** Ingest: the collector is shutting down and takes no more batches (HTTP 503). */
  'PATHPROF_ERR_COLLECTOR_CLOSING',
  /**
   * Ingest: a body refused while it was arriving (too large, too slow, too
   * many uploads from one client); the ingest route answers it.
   */
  'PATHPROF_ERR_COLLECTOR_BODY_REFUSED',
] as const;

/** One of `COLLECTOR_ERROR_CODES`. */
export type CollectorErrorCode = (typeof COLLECTOR_ERROR_CODES)[number];

/** A collector failure; `code` says which (see `COLLECTOR_ERROR_CODES`). */
export class CollectorError extends Error {
  override readonly name = 'CollectorError';

  /** With `PATHPROF_ERR_COLLECTOR_QUEUE_FULL`: how long to wait before sending again. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: CollectorErrorCode,
    message: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  /** Code and message only: no stack, no cause. */
  toJSON(): { code: CollectorErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** Whether `err` is a {@link CollectorError}, optionally of one code. */
export function isCollectorError(
  err: unknown,
  code?: CollectorErrorCode,
): err is CollectorError {
  return (
    err instanceof CollectorError && (code === undefined || err.code === code)
  );
}

/** A `PATHPROF_ERR_COLLECTOR_BAD_PARAM` error; `message` names the parameter. */
export function badParam(message: string): CollectorError {
  return new CollectorError('PATHPROF_ERR_COLLECTOR_BAD_PARAM', message);
}
