/**
 * Resources (process tags) are stored once in `resources` and referenced by id.
 * The writer maps JSON text → id (ids are assigned here: the data directory's
 * lock makes this process the only writer); readers map id → parsed attributes.
 * An id is reserved when a write first uses it; whether its row must be
 * written is decided when the write commits.
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
}

export class ResourceCache {
  readonly #idByJson = new Map<string, number>();
  readonly #lastSeenWritten = new Map<number, Micros>();
  readonly #attrsById = new Map<number, Attributes>();
  /** Ids handed out to batches whose resource row is not committed yet. */
  readonly #reserved = new Map<string, number>();
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

  /** The id of a resource (its JSON text, without service.name) for the write being prepared; its row is written on `toWrite`/`commit`. */
  use(json: string, lastSeen: Micros, batch: Map<string, ResourceUse>): number {
    const pending = batch.get(json);
    if (pending !== undefined) {
      pending.lastSeen = Math.max(pending.lastSeen, lastSeen);
      return pending.id;
    }
    let id = this.#idByJson.get(json) ?? this.#reserved.get(json);
    if (id === undefined) {
      id = this.#nextId++;
      this.#reserved.set(json, id);
    }
    batch.set(json, { id, json, lastSeen });
    return id;
  }

  /**
   * The uses whose row must be written, decided against what is committed
   * now: resources not stored yet, and those whose last_seen is stale.
   */
  toWrite(batch: Map<string, ResourceUse>): ResourceUse[] {
    return [...batch.values()].filter(
      (u) =>
        this.#idByJson.get(u.json) !== u.id ||
        u.lastSeen >
          (this.#lastSeenWritten.get(u.id) ?? -Infinity) +
            LAST_SEEN_SLACK_MICROS,
    );
  }

  /** Records the rows a committed batch wrote. */
  commit(written: readonly ResourceUse[]): void {
    for (const u of written) {
      this.#idByJson.set(u.json, u.id);
      this.#reserved.delete(u.json);
      this.#lastSeenWritten.set(
        u.id,
        Math.max(u.lastSeen, this.#lastSeenWritten.get(u.id) ?? -Infinity),
      );
    }
  }

  /** The ids whose attributes are not cached yet. */
  missing(ids: Iterable<number>): number[] {
    const out = new Set<number>();
    for (const id of ids) {
      if (!this.#attrsById.has(id)) {
        out.add(id);
      }
    }
    return [...out];
  }

  /** Reads and caches the attributes of these ids. */
  async fetch(conn: DuckDBConnection, ids: readonly number[]): Promise<void> {
    if (ids.length === 0) {
      return;
    }
    const reader = await conn.runAndReadAll(
      `SELECT resource_id, resource FROM resources WHERE resource_id IN (${ids.map((id) => Math.trunc(id)).join(',')})`,
    );
    for (const [id, json] of reader.getRows() as [number, string][]) {
      this.#attrsById.set(id, JSON.parse(json) as Attributes);
    }
  }

  /** Cached attributes of a resource id; unknown ids have none. */
  readonly attributesOf = (id: number): Attributes =>
    this.#attrsById.get(id) ?? EMPTY_ATTRIBUTES;
}

const EMPTY_ATTRIBUTES: Attributes = Object.freeze({});
