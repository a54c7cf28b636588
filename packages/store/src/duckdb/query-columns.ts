import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

/**
 * Runs `sql` and returns its result column by column. DuckDB materialises the
 * result in one asynchronous step; its chunks are then read synchronously.
 * `runAndReadAll` instead takes one asynchronous round trip per chunk, and
 * each waits for the event loop, which a busy consumer may not give back
 * for a while (see `stream-traces.ts`).
 */
export async function queryColumns(
  conn: DuckDBConnection,
  sql: string,
): Promise<DuckDBValue[][]> {
  const result = await conn.run(sql);
  const columns: DuckDBValue[][] = Array.from(
    { length: result.columnCount },
    () => [],
  );
  for (let i = 0; i < result.chunkCount; i++) {
    const chunk = result.getChunk(i);
    const rows = chunk.rowCount;
    columns.forEach((column, c) => {
      const vector = chunk.getColumnVector(c);
      for (let r = 0; r < rows; r++) {
        column.push(vector.getItem(r));
      }
    });
  }
  return columns;
}

/** `text` as an SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * `text` as an SQL expression that cannot break out of its place whatever
 * the text holds: its UTF-8 bytes in hex, decoded by DuckDB.
 */
export function sqlTextFromHex(text: string): string {
  return `decode(from_hex('${Buffer.from(text, 'utf8').toString('hex')}'))`;
}
