/**
 * How many spans a request body of a given size is likely to hold, learned
 * from the bodies decoded so far, so that admission can compare a declared
 * `Content-Length` with the write queue's headroom before reading the body
 * (a collector refusing only after decoding spends its CPU on spans it then
 * throws away).
 *
 * One estimate per kind of body (route, media type, content encoding): a
 * smoothed average of wire bytes per span. Until a kind has been seen, it
 * gives no estimate and admission falls back to "is the queue full".
 */
import type { CollectorContext } from '../server/collector-context.js';

/** Weight of the newest body in the smoothed average. */
const SMOOTHING = 0.2;

export class SpanSizeEstimate {
  readonly #bytesPerSpan = new Map<string, number>();

  /** Records a decoded body: `bodyBytes` on the wire held `spans` spans. */
  observe(kind: string, bodyBytes: number, spans: number): void {
    if (spans <= 0 || !(bodyBytes > 0)) {
      return;
    }
    const sample = bodyBytes / spans;
    const known = this.#bytesPerSpan.get(kind);
    this.#bytesPerSpan.set(
      kind,
      known === undefined ? sample : known + SMOOTHING * (sample - known),
    );
  }

  /** Spans a body of `bodyBytes` is expected to hold; undefined before one of its kind was seen. */
  expectedSpans(kind: string, bodyBytes: number): number | undefined {
    const perSpan = this.#bytesPerSpan.get(kind);
    return perSpan === undefined ? undefined : Math.floor(bodyBytes / perSpan);
  }
}

/** The key of a kind of body. */
export function bodyKind(
  path: string,
  mediaType: string,
  encoding: string,
): string {
  return `${path} ${mediaType} ${encoding}`;
}

const ESTIMATES = new WeakMap<CollectorContext, SpanSizeEstimate>();

/** The estimate every receiver of one collector shares, made on first use. */
export function getSpanSizeEstimate(
  context: CollectorContext,
): SpanSizeEstimate {
  let estimate = ESTIMATES.get(context);
  if (estimate === undefined) {
    estimate = new SpanSizeEstimate();
    ESTIMATES.set(context, estimate);
  }
  return estimate;
}
