/**
 * The one error class of the store. Callers switch on `code`; the message
 * names the data directory where that helps, never span contents.
 */
export const STORE_ERROR_CODES = [
  /** Another process, or this one through another store, has the data directory open. */
  'PATHPROF_ERR_STORE_LOCKED',
  /** The database file is not a readable database. */
  'PATHPROF_ERR_STORE_CORRUPT',
  /** The data was written by a newer pathprof with a schema this one does not know. */
  'PATHPROF_ERR_STORE_SCHEMA',
  /** The data directory cannot be created or opened. */
  'PATHPROF_ERR_STORE_OPEN',
  /** A query parameter is out of range (negative limit, min above max…). */
  'PATHPROF_ERR_STORE_BAD_QUERY',
  /** A write failed; nothing of that batch was stored. */
  'PATHPROF_ERR_STORE_WRITE',
  /**
   * The store's write path is full (acknowledged spans still being loaded);
   * nothing of that batch was stored. `retryAfterSeconds` says when to try again.
   */
  'PATHPROF_ERR_STORE_BUSY',
  /** A read failed. */
  'PATHPROF_ERR_STORE_READ',
  /** The store was closed. */
  'PATHPROF_ERR_STORE_CLOSED',
] as const;

/** One of `STORE_ERROR_CODES`. */
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

/** A store failure; `code` says which (see `STORE_ERROR_CODES`). */
export class StoreError extends Error {
  override readonly name = 'StoreError';

  /** With `PATHPROF_ERR_STORE_BUSY`: how long to wait before sending again. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  /** Code and message only: no stack, no cause. */
  toJSON(): { code: StoreErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** Whether `err` is a {@link StoreError}, optionally of one code. */
export function isStoreError(
  err: unknown,
  code?: StoreErrorCode,
): err is StoreError {
  return err instanceof StoreError && (code === undefined || err.code === code);
}
