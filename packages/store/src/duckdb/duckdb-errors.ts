import { StoreError } from '../store-error.js';
import type { StoreErrorCode } from '../store-error.js';

/** Maps a DuckDB error met while opening `where` to a StoreError with advice. */
export function toOpenError(err: unknown, where: string): StoreError {
  if (err instanceof StoreError) {
    return err;
  }
  const message = err instanceof Error ? err.message : String(err);
  if (/Could not set lock|Conflicting lock/i.test(message)) {
    const pid = /PID (\d+)/.exec(message)?.[1];
    return new StoreError(
      'PATHPROF_ERR_STORE_LOCKED',
      `${where} is in use by another process${pid === undefined ? '' : ` (PID ${pid})`}; stop it or choose another --data directory`,
      { cause: err },
    );
  }
  if (isCorruption(message)) {
    return new StoreError(
      'PATHPROF_ERR_STORE_CORRUPT',
      `${where} is not a readable pathprof database (${firstLine(message)}); move it away or choose another --data directory`,
      { cause: err },
    );
  }
  if (/database file with version number|storage version/i.test(message)) {
    return new StoreError(
      'PATHPROF_ERR_STORE_SCHEMA',
      `${where} was written by an incompatible DuckDB version (${firstLine(message)})`,
      { cause: err },
    );
  }
  return new StoreError(
    'PATHPROF_ERR_STORE_OPEN',
    `cannot open ${where}: ${firstLine(message)}`,
    { cause: err },
  );
}

/** Wraps a failure of a read or write; corruption found late keeps its own code. */
export function toOperationError(
  err: unknown,
  code: StoreErrorCode,
  what: string,
): StoreError {
  if (err instanceof StoreError) {
    return err;
  }
  const message = err instanceof Error ? err.message : String(err);
  return new StoreError(
    isCorruption(message) ? 'PATHPROF_ERR_STORE_CORRUPT' : code,
    `${what} failed: ${firstLine(message)}`,
    { cause: err },
  );
}

function isCorruption(message: string): boolean {
  return /not a valid DuckDB database|Corrupt|checksum|Serialization Error/i.test(
    message,
  );
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0]!;
}
