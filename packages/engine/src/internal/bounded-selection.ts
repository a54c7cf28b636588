/**
 * Keeps the `capacity` smallest items under a total order. Because the order is
 * total and does not depend on arrival, merging two selections and keeping the
 * smallest gives exactly the selection of the union: mergeable and deterministic.
 * Used for exemplars and samples (order by trace-id hash) and for the most
 * extreme anomaly candidates (order by value, descending).
 */
export class BoundedSelection<T> {
  private items: T[] = [];
  private worst: T | undefined;

  constructor(
    private readonly capacity: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  get size(): number {
    return this.items.length;
  }

  /** True when an item at least this good would be kept. */
  wouldKeep(item: T): boolean {
    return (
      this.items.length < this.capacity || this.compare(item, this.worst!) < 0
    );
  }

  /**
   * Whether an item equal to this one under the order is held: kept, or
   * waiting for the next compaction (then it cannot be kept, and neither
   * could this one). Scans without compacting.
   */
  holdsEqual(item: T): boolean {
    const items = this.items;
    for (let i = 0; i < items.length; i++) {
      if (this.compare(items[i]!, item) === 0) {
        return true;
      }
    }
    return false;
  }

  offer(item: T): void {
    if (!this.wouldKeep(item)) {
      return;
    }
    this.items.push(item);
    if (this.items.length > this.capacity * 2) {
      this.compact();
    } else if (this.worst === undefined || this.compare(item, this.worst) > 0) {
      this.worst = item;
    }
    if (this.items.length === this.capacity) {
      this.compact();
    }
  }

  merge(other: BoundedSelection<T>): void {
    for (const item of other.items) {
      this.offer(item);
    }
  }

  /** The kept items, best first. */
  values(): T[] {
    this.compact();
    return [...this.items];
  }

  private compact(): void {
    this.items.sort(this.compare);
    if (this.items.length > this.capacity) {
      this.items.length = this.capacity;
    }
    this.worst = this.items[this.items.length - 1];
  }
}
