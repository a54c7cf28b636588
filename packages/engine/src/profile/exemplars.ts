/**
 * Exemplar trace ids of an aggregate: the slowest record plus a few sampled by
 * trace-id hash. Independent of arrival order, so merged aggregates pick the
 * same exemplars as one aggregate over the union.
 */
import { BoundedSelection } from '../internal/bounded-selection.js';
import { hashTraceId } from '../internal/hash-trace-id.js';

export const SAMPLED_EXEMPLARS = 3;

interface Sampled {
  readonly hash: number;
  readonly traceId: string;
}

const bySampleOrder = (a: Sampled, b: Sampled): number =>
  a.hash - b.hash ||
  (a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0);

/** The item a sample would be, to ask whether it would be kept before making it. */
const probe = { hash: 0, traceId: '' };

export class Exemplars {
  private slowestId: string | undefined;
  private slowestValue = -Infinity;
  private readonly sampled = new BoundedSelection<Sampled>(
    SAMPLED_EXEMPLARS + 1,
    bySampleOrder,
  );

  /** Exemplars that chose `slowest` and the distinct sampled ids `sampled`. */
  static restore(
    slowest: { readonly traceId: string; readonly value: number } | undefined,
    sampled: readonly { readonly traceId: string; readonly hash: number }[],
  ): Exemplars {
    const e = new Exemplars();
    if (slowest !== undefined) {
      e.considerSlowest(slowest.traceId, slowest.value);
    }
    for (const s of sampled) {
      e.offerSample({ hash: s.hash, traceId: s.traceId });
    }
    return e;
  }

  add(traceId: string, value: number): void {
    this.considerSlowest(traceId, value);
    const hash = hashTraceId(traceId);
    probe.hash = hash;
    probe.traceId = traceId;
    if (this.sampled.wouldKeep(probe)) {
      this.offerSample({ hash, traceId });
    }
  }

  merge(other: Exemplars): void {
    if (other.slowestId !== undefined) {
      this.considerSlowest(other.slowestId, other.slowestValue);
    }
    for (const item of other.sampled.values()) {
      this.offerSample(item);
    }
  }

  /** The slowest first, then the sampled ones; no duplicates. */
  list(): string[] {
    const out: string[] = [];
    if (this.slowestId !== undefined) {
      out.push(this.slowestId);
    }
    for (const s of this.sampled.values()) {
      if (!out.includes(s.traceId) && out.length < SAMPLED_EXEMPLARS + 1) {
        out.push(s.traceId);
      }
    }
    return out;
  }

  private considerSlowest(traceId: string, value: number): void {
    if (
      value > this.slowestValue ||
      (value === this.slowestValue && traceId < this.slowestId!)
    ) {
      this.slowestValue = value;
      this.slowestId = traceId;
    }
  }

  /**
   * Each trace id is sampled once, however many records it adds (a trace
   * calling the same hop many times), so the sample is the distinct ids of
   * smallest hash whatever the arrival order or split.
   */
  private offerSample(item: Sampled): void {
    // equal under the sample order means the same trace id (the hash is the id's)
    if (this.sampled.wouldKeep(item) && !this.sampled.holdsEqual(item)) {
      this.sampled.offer(item);
    }
  }
}
