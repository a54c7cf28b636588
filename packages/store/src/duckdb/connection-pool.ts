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
  /** Uses running now. */
  #inUse = 0;
  /** Set while `ifIdle` runs: new uses wait for it. */
  #paused: Promise<void> | undefined;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly size: number,
  ) {}

  async use<T>(body: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    while (this.#paused !== undefined) {
      await this.#paused;
    }
    this.#inUse++;
    try {
      const conn = await this.#acquire();
      try {
        return await body(conn);
      } finally {
        this.#release(conn);
      }
    } finally {
      this.#inUse--;
    }
  }

  /**
   * Runs `body` when no use is running, holding new uses until it ends;
   * answers undefined without running it when a use is.
   */
  async ifIdle<T>(body: () => Promise<T>): Promise<T | undefined> {
    if (this.#inUse > 0 || this.#paused !== undefined) {
      return undefined;
    }
    let resume!: () => void;
    this.#paused = new Promise((r) => (resume = r));
    try {
      return await body();
    } finally {
      this.#paused = undefined;
      resume();
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
