/**
 * Gives memory back once the store has been idle for a while. DuckDB keeps
 * the pages it read or wrote cached up to its memory limit and its allocator
 * keeps freed blocks; after a burst of load, a collector would hold that
 * memory until the next burst. Lowering the memory limit for a moment makes
 * DuckDB evict every unpinned page (they are on disk) and flush its
 * allocator; the limit is restored at once.
 *
 * Activity (an append or another write: what fills the cache; not reads,
 * which the path indexer makes every few seconds) restarts the idle timer; the trim
 * runs once per idle period, after `delayMillis` without activity, through
 * `run` — which the store runs only with nothing loading and no read in
 * flight, so no query meets the lowered limit; when the store is busy then,
 * `run` answers false and the trim waits for another idle period.
 */
export class MemoryTrim {
  #timer: NodeJS.Timeout | undefined;
  #trimmed = true;
  #closed = false;

  constructor(
    private readonly delayMillis: number,
    private readonly run: () => Promise<boolean>,
  ) {}

  /** Something used the store: trim again once it has been idle. */
  activity(): void {
    if (this.#closed) {
      return;
    }
    this.#trimmed = false;
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.#fire(), this.delayMillis);
      this.#timer.unref();
    } else {
      this.#timer.refresh();
    }
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #fire(): void {
    this.#timer = undefined;
    if (this.#closed || this.#trimmed) {
      return;
    }
    this.#trimmed = true;
    // Best effort: a trim that fails leaves the cache as it was.
    this.run().then(
      (done) => {
        if (!done) {
          this.activity();
        }
      },
      () => undefined,
    );
  }
}

/** The statements of one trim: the limit lowered to `lowMiB`, then restored. */
export function trimStatements(limitMiB: number, lowMiB = 32): string[] {
  return [
    `SET memory_limit='${lowMiB}MiB'`,
    `SET memory_limit='${limitMiB}MiB'`,
  ];
}
