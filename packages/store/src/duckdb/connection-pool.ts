import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/**
 * Read connections of one database, opened on demand up to `size`. DuckDB runs
 * queries of different connections in parallel and gives each a consistent
 * snapshot; one connection runs one query at a time.
 */
export class ConnectionPool {
  readonly #idle: DuckDBConnection[] = [];
  readonly #all: DuckDBConnection[] = [];
  readonly #waiting: ((conn: DuckDBConnection) => void)[] = [];
  #opening = 0;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly size: number,
  ) {}

  async use<T>(body: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const conn = await this.#acquire();
    try {
      return await body(conn);
    } finally {
      this.#release(conn);
    }
  }

  closeAll(): void {
    for (const conn of this.#all) {
      conn.closeSync();
    }
    this.#all.length = 0;
    this.#idle.length = 0;
  }

  async #acquire(): Promise<DuckDBConnection> {
    const idle = this.#idle.pop();
    if (idle !== undefined) {
      return idle;
    }
    if (this.#all.length + this.#opening < this.size) {
      this.#opening++;
      try {
        const conn = await this.instance.connect();
        this.#all.push(conn);
        return conn;
      } finally {
        this.#opening--;
      }
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(conn: DuckDBConnection): void {
    const next = this.#waiting.shift();
    if (next !== undefined) {
      next(conn);
    } else {
      this.#idle.push(conn);
    }
  }
}
