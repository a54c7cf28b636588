/**
 * ClickHouse failures as `StoreError`s. Messages name the server (without
 * credentials) and the ClickHouse error code, never the SQL or span contents;
 * the original error stays in `cause`.
 */
import { ClickHouseError } from '@clickhouse/client';
import { StoreError } from '../store-error.js';
import type { StoreErrorCode } from '../store-error.js';

/** Node socket errors that mean the server did not answer at all. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
]);

/** ClickHouse codes worth retrying: too many parts, memory, network, timeouts. */
const TRANSIENT_SERVER_CODES = new Set([
  '159', // TIMEOUT_EXCEEDED
  '164', // READONLY (a replica in recovery)
  '202', // TOO_MANY_SIMULTANEOUS_QUERIES
  '209', // SOCKET_TIMEOUT
  '210', // NETWORK_ERROR
  '241', // MEMORY_LIMIT_EXCEEDED
  '252', // TOO_MANY_PARTS
  '279', // ALL_CONNECTION_TRIES_FAILED (a shard of a cluster is down)
]);

/** Whether the server could not be reached (refused, reset, timed out). */
export function isUnreachable(err: unknown): boolean {
  if (!(err instanceof Error)) {
    return false;
  }
  const code = (err as { code?: unknown }).code;
  return (
    (typeof code === 'string' && UNREACHABLE_CODES.has(code)) ||
    /socket hang up|timeout/i.test(err.message)
  );
}

/**
 * The server's error code (`'44'`), or undefined when the server did not
 * answer with one. The client parses only the newer servers' messages
 * (`… (TYPE)`); 18.16 answers `Code: 44, e.displayText() = …`, read here.
 */
export function serverErrorCode(err: unknown): string | undefined {
  if (err instanceof ClickHouseError) {
    return err.code;
  }
  return err instanceof Error
    ? /^Code: (\d+)[,.]/.exec(err.message)?.[1]
    : undefined;
}

/** Whether trying the same request again may succeed. */
export function isTransient(err: unknown): boolean {
  const server = serverErrorCode(err);
  return (
    isUnreachable(err) ||
    (server !== undefined && TRANSIENT_SERVER_CODES.has(server))
  );
}

/** The server's address for messages: origin only, no user or password. */
export function describeServer(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the configured URL';
  }
}

export function toStoreError(
  err: unknown,
  code: StoreErrorCode,
  what: string,
  server: string,
): StoreError {
  if (err instanceof StoreError) {
    return err;
  }
  const tail =
    code === 'PATHPROF_ERR_STORE_WRITE' ? '; nothing of it was stored' : '';
  if (isUnreachable(err)) {
    const reason = (err as { code?: unknown }).code;
    return new StoreError(
      code,
      `ClickHouse at ${server} is unreachable (${typeof reason === 'string' ? reason : 'no answer'}): ${what} failed${tail}. The store reconnects by itself once ClickHouse answers again.`,
      { cause: err },
    );
  }
  const refusal = serverErrorCode(err);
  if (refusal !== undefined) {
    return new StoreError(
      code,
      `ClickHouse at ${server} refused the ${what} (error code ${refusal})${tail}`,
      { cause: err },
    );
  }
  return new StoreError(
    code,
    `the ${what} failed against ClickHouse at ${server}${tail}`,
    { cause: err },
  );
}
