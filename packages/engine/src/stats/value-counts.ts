/**
 * Counts of a categorical measure (which sibling dominated, which span
 * carried an error), bounded: at most `MAX_DISTINCT_VALUES` distinct values
 * are kept, the counts of later ones go to `overflow`. Exact and independent of
 * order while the bound holds (it does for hop labels of one path position);
 * merging adds counts.
 */
import type { ValueCount } from '@pathprof/model';

export const MAX_DISTINCT_VALUES = 256;

export class ValueCounts {
  readonly counts = new Map<string, number>();
  overflow = 0;

  add(value: string, count = 1): void {
    const had = this.counts.get(value);
    if (had !== undefined) {
      this.counts.set(value, had + count);
    } else if (this.counts.size < MAX_DISTINCT_VALUES) {
      this.counts.set(value, count);
    } else {
      this.overflow += count;
    }
  }

  merge(other: ValueCounts): void {
    for (const [value, count] of other.counts) {
      this.add(value, count);
    }
    this.overflow += other.overflow;
  }

  /** The `limit` most frequent values (ties by value), most frequent first. */
  top(limit: number): ValueCount[] {
    return [...this.counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, limit)
      .map(([value, count]) => ({ value, count }));
  }

  /** Counts not in `top(limit)`. */
  unlisted(limit: number): number {
    let listed = 0;
    for (const { count } of this.top(limit)) {
      listed += count;
    }
    let total = this.overflow;
    for (const count of this.counts.values()) {
      total += count;
    }
    return total - listed;
  }
}
