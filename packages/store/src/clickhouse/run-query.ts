/**
 * Small wrappers over the client: rows of a SELECT, rows streamed, and an
 * INSERT retried on transient failures. Every SELECT asks for JSONEachRow,
 * a format ClickHouse 18.16 already speaks (its 64-bit integers come back as
 * text, which callers turn into numbers).
 */
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ClickHouseClient } from '@clickhouse/client';
import { isTransient } from './clickhouse-errors.js';

/** Statements with long `IN (...)` lists exceed the default 256 KiB. */
const QUERY_SETTINGS = { max_query_size: '16777216' } as const;

export async function selectRows<T>(
  client: ClickHouseClient,
  query: string,
): Promise<T[]> {
  const result = await client.query({
    query,
    format: 'JSONEachRow',
    clickhouse_settings: QUERY_SETTINGS,
  });
  return result.json<T>();
}

/** Calls `onRow` for each row as it arrives: memory holds one chunk. */
export async function streamRows<T>(
  client: ClickHouseClient,
  query: string,
  onRow: (row: T) => void,
): Promise<void> {
  const result = await client.query({
    query,
    format: 'JSONEachRow',
    clickhouse_settings: QUERY_SETTINGS,
  });
  for await (const rows of result.stream<T>()) {
    for (const row of rows) {
      onRow(row.json());
    }
  }
}

export async function runCommand(
  client: ClickHouseClient,
  query: string,
): Promise<void> {
  await client.command({ query, clickhouse_settings: QUERY_SETTINGS });
}

export interface RetryPolicy {
  /** Tries in all, at least 1. */
  readonly attempts: number;
  /** Wait before the second try; doubled before each later one. */
  readonly delayMillis: number;
}

/**
 * One INSERT of JSON rows, tried again after transient failures (server
 * unreachable, too many parts, memory). Resolves only once ClickHouse has
 * answered 200, i.e. written the block to a part on disk.
 */
export async function insertRows(
  client: ClickHouseClient,
  table: string,
  rows: readonly object[],
  retry: RetryPolicy,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.insert({
        table,
        values: rows as object[],
        format: 'JSONEachRow',
      });
      return;
    } catch (err) {
      if (attempt >= retry.attempts || !isTransient(err)) {
        throw err;
      }
      await sleep(retry.delayMillis * 2 ** (attempt - 1));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * One INSERT of rows already in ClickHouse's RowBinary format (`columns` in
 * the rows' order), retried like `insertRows`. The chunks are sent one after
 * another as the request body.
 */
export async function insertRowBinary(
  client: ClickHouseClient,
  table: string,
  columns: readonly string[],
  chunks: readonly Uint8Array[],
  retry: RetryPolicy,
): Promise<void> {
  const query = `INSERT INTO ${table} (${columns.join(', ')}) FORMAT RowBinary`;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await client.exec({
        query,
        values: Readable.from(
          chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)),
        ),
        clickhouse_settings: QUERY_SETTINGS,
      });
      // The answer is empty; reading it to the end frees the connection.
      result.stream.resume();
      await finished(result.stream);
      return;
    } catch (err) {
      if (attempt >= retry.attempts || !isTransient(err)) {
        throw err;
      }
      await sleep(retry.delayMillis * 2 ** (attempt - 1));
    }
  }
}
