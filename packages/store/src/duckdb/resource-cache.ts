/**
 * Resources (process tags) are stored once in `resources` and referenced by id.
 * The writer maps JSON text → id (ids are assigned here: the data directory's
 * lock makes this process the only writer); readers map id → parsed attributes.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Attributes, Micros } from '@pathprof/model';

/** How stale a stored `last_seen_us` may be before an append refreshes it. */
export const LAST_SEEN_SLACK_MICROS = 60_000_000;

export interface ResourceUse {
  readonly id: number;
  readonly json: string;
  /** Latest storage start of a span using it in this batch. */
  lastSeen: Micros;
  readonly isNew: boolean;
}

export class ResourceCache {
  readonly #idByJson = new Map<string, number>();
  readonly #lastSeenWritten = new Map<number, Micros>();
  readonly #attrsById = new Map<number, Attributes>();
  readonly #jsonByObject = new WeakMap<Attributes, string>();
  #nextId = 1;

  async load(conn: DuckDBConnection): Promise<void> {
    // Parsed attributes by id stay: ids are never reused within the process.
    this.#idByJson.clear();
    this.#lastSeenWritten.clear();
    const reader = await conn.runAndReadAll(
      'SELECT resource_id, resource, last_seen_us::DOUBLE FROM resources',
    );
    let maxId = 0;
    for (const [id, json, seen] of reader.getRows() as [
      number,
      string,
      number,
    ][]) {
      this.#idByJson.set(json, id);
      this.#lastSeenWritten.set(id, seen);
      maxId = Math.max(maxId, id);
    }
    // Never reuse an id within the process: readers may still cache the old one.
    this.#nextId = Math.max(this.#nextId, maxId + 1);
  }

  /** The id of a resource for the batch being written; new ids become permanent on `commit`. */
  use(
    resource: Attributes,
    storedStart: Micros,
    batch: Map<string, ResourceUse>,
  ): number {
    let json = this.#jsonByObject.get(resource);
    if (json === undefined) {
      json = JSON.stringify(resource);
      this.#jsonByObject.set(resource, json);
    }
    const pending = batch.get(json);
    if (pending !== undefined) {
      pending.lastSeen = Math.max(pending.lastSeen, storedStart);
      return pending.id;
    }
    const known = this.#idByJson.get(json);
    const use: ResourceUse = {
      id: known ?? this.#nextId + batch.size,
      json,
      lastSeen: storedStart,
      isNew: known === undefined,
    };
    batch.set(json, use);
    return use.id;
  }

  /** The uses whose row must be written: new ones, and those whose last_seen is stale. */
  toWrite(batch: Map<string, ResourceUse>): ResourceUse[] {
    return [...batch.values()].filter(
      (u) =>
        u.isNew ||
        u.lastSeen >
          (this.#lastSeenWritten.get(u.id) ?? -Infinity) +
            LAST_SEEN_SLACK_MICROS,
    );
  }

  /** Records a committed batch. */
  commit(written: readonly ResourceUse[], batchSize: number): void {
    for (const u of written) {
      this.#idByJson.set(u.json, u.id);
      this.#lastSeenWritten.set(
        u.id,
        Math.max(u.lastSeen, this.#lastSeenWritten.get(u.id) ?? -Infinity),
      );
    }
    this.#nextId += batchSize;
  }

  /** Parsed attributes of the ids, reading the unknown ones from `resources`. */
  async resolve(
    conn: DuckDBConnection,
    ids: Iterable<number>,
  ): Promise<(id: number) => Attributes> {
    const missing = new Set<number>();
    for (const id of ids) {
      if (!this.#attrsById.has(id)) {
        missing.add(id);
      }
    }
    if (missing.size > 0) {
      const reader = await conn.runAndReadAll(
        `SELECT resource_id, resource FROM resources WHERE resource_id IN (${[...missing].join(',')})`,
      );
      for (const [id, json] of reader.getRows() as [number, string][]) {
        this.#attrsById.set(id, JSON.parse(json) as Attributes);
      }
    }
    return (id) => this.#attrsById.get(id) ?? EMPTY_ATTRIBUTES;
  }
}

const EMPTY_ATTRIBUTES: Attributes = Object.freeze({});
