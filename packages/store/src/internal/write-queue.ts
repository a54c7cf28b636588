/**
 * Runs async tasks one at a time, in call order: the single writer of a store.
 * A failing task rejects its own promise only; later tasks still run.
 */
export interface WriteQueue {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Resolves once every task queued so far has settled. */
  drain(): Promise<void>;
}

export function createWriteQueue(): WriteQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task);
      tail = result.catch(() => undefined);
      return result;
    },
    async drain() {
      await tail;
    },
  };
}
