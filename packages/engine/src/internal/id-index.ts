/**
 * A map from ids (strings) to numbers for the few ids of one trace: a linear
 * scan while it holds at most LINEAR_LIMIT ids, a Map beyond. Most traces
 * have a few dozen spans, and comparing two distinct ids usually stops at
 * their first character, which is cheaper than hashing both.
 */
const LINEAR_LIMIT = 32;

export class IdIndex {
  private readonly ids: string[] = [];
  private readonly values: number[] = [];
  private map: Map<string, number> | undefined;

  get(id: string): number | undefined {
    if (this.map !== undefined) {
      return this.map.get(id);
    }
    const ids = this.ids;
    for (let k = 0; k < ids.length; k++) {
      if (ids[k] === id) {
        return this.values[k];
      }
    }
    return undefined;
  }

  /** Adds an id not yet present. */
  add(id: string, value: number): void {
    if (this.map !== undefined) {
      this.map.set(id, value);
      return;
    }
    this.ids.push(id);
    this.values.push(value);
    if (this.ids.length > LINEAR_LIMIT) {
      this.map = new Map();
      for (let k = 0; k < this.ids.length; k++) {
        this.map.set(this.ids[k]!, this.values[k]!);
      }
    }
  }
}
