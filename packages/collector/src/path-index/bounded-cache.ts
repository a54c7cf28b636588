/**
 * A least-recently-used cache of answers being computed or computed, holding
 * at most `maxEntries`: a second ask for a key shares the first one's
 * promise, so concurrent asks compute once. A computation that fails is
 * forgotten, so the next ask tries again. Keys must name everything the
 * answer depends on (for what the path index holds: the runs read, which a
 * window indexed again or a span stored late replaces), so that an entry is
 * never stale, only unused until it ages out.
 */
export class BoundedCache<T> {
  readonly #entries = new Map<string, Promise<T>>();

  constructor(readonly maxEntries: number) {}

  /** The answer for `key`: the cached one, or `compute()`'s, then kept. */
  answer(key: string, compute: () => Promise<T>): Promise<T> {
    const found = this.#entries.get(key);
    if (found !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, found);
      return found;
    }
    const promise = compute();
    this.#entries.set(key, promise);
    promise.catch(() => {
      if (this.#entries.get(key) === promise) {
        this.#entries.delete(key);
      }
    });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.maxEntries) {
        break;
      }
      this.#entries.delete(oldest);
    }
    return promise;
  }

  get size(): number {
    return this.#entries.size;
  }
}
