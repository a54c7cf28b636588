/**
 * DuckDB's memory limit under the process's memory pressure: lowered to
 * `PRESSURE_LIMIT_SHARE` of the configured limit while the caller reports
 * pressure (`SpanStore.setMemoryPressure`), which makes DuckDB evict cached
 * pages (they are on disk) and give their memory back; the configured limit
 * is restored when the pressure ends.
 *
 * Loads of acknowledged batches come first: when a load fails while the
 * limit is lowered, the configured limit is restored at once (before the
 * writer tries again) and stays so until pressure starts anew.
 *
 * The statements run one at a time, in order, on any connection (the limit
 * is the database's); each sets the limit wanted when it runs. A lowering
 * DuckDB cannot satisfy (pages pinned by running work) fails and leaves the
 * limit as it was: best effort.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** Share of the configured limit DuckDB keeps under memory pressure. */
export const PRESSURE_LIMIT_SHARE = 0.5;
/** DuckDB is never given less than this, MiB. */
export const MIN_PRESSURE_LIMIT_MIB = 64;

export class DuckDbMemoryLimit {
  readonly #limitMiB: number;
  readonly #run: (sql: string) => Promise<void>;
  #lowered = false;
  #applied: number;
  #chain: Promise<void> = Promise.resolve();

  constructor(
    limitMiB: number,
    run: (body: (conn: DuckDBConnection) => Promise<void>) => Promise<void>,
  ) {
    this.#limitMiB = limitMiB;
    this.#applied = limitMiB;
    this.#run = (sql) => run((conn) => conn.run(sql).then(() => undefined));
  }

  /** The limit DuckDB has now (or is about to be given), MiB. */
  get currentMiB(): number {
    return this.#lowered ? this.loweredMiB : this.#limitMiB;
  }

  get loweredMiB(): number {
    return Math.min(
      this.#limitMiB,
      Math.max(
        MIN_PRESSURE_LIMIT_MIB,
        Math.floor(this.#limitMiB * PRESSURE_LIMIT_SHARE),
      ),
    );
  }

  /** Lowers (true) or restores (false) the limit; resolves once applied or given up. */
  setPressure(pressure: boolean): Promise<void> {
    this.#lowered = pressure;
    return this.#apply();
  }

  /** A load failed: give DuckDB its whole limit back before it is tried again. */
  loadFailed(): Promise<void> {
    if (!this.#lowered) {
      return this.#chain;
    }
    this.#lowered = false;
    return this.#apply();
  }

  #apply(): Promise<void> {
    this.#chain = this.#chain.then(async () => {
      const wanted = this.currentMiB;
      if (wanted === this.#applied) {
        return;
      }
      try {
        await this.#run(`SET memory_limit='${wanted}MiB'`);
        this.#applied = wanted;
      } catch {
        // DuckDB could not free enough now; the limit stays as it was.
      }
    });
    return this.#chain;
  }
}
