/**
 * The bytes of request bodies an overloaded collector may hold at once, so
 * memory stays bounded however many senders push at the same time.
 *
 * An ingest request whose declared `Content-Length` (plus, when compressed,
 * an allowance for the inflated bytes) does not fit gets 429 at once, without
 * its body being buffered. An admitted request reserves the body bytes as
 * they arrive (`receiveIngestBody`), so a sender trickling its body holds
 * only what it has sent, and, when compressed, the inflate allowance that may
 * grow to `maxBodyBytes` (see `readIngestBody`). A body that grows past what
 * the budget can cover gets 429 then. The reservation is released once the
 * decoded spans are handed to the write queue, whose own bound
 * (`maxQueuedSpans`) takes over from there.
 *
 * Its size is `bodyBudgetBytes`: a memory limit's body share
 * (`memory-limit.ts`), else 4 × `maxBodyBytes`. Resulting bound without a
 * memory limit, with B = `maxBodyBytes`:
 *   bodies in memory        ≤ 4 × B (80 MiB at the 20 MiB default)
 *   decoded objects         ≈ a few times the decoded bytes, for the same requests
 *   queued spans            ≤ maxQueuedSpans × ~1 KiB (≈ 100 MiB at 100 000)
 */

import type { CollectorContext } from '../server/collector-context.js';

const BUDGETS = new WeakMap<CollectorContext, IngestBudget>();

export interface IngestReservation {
  readonly bytes: number;
  /** Asks for more bytes; false, changing nothing, when they do not fit. */
  tryGrow(extraBytes: number): boolean;
  /** Returns the bytes to the budget; later calls do nothing. */
  release(): void;
}

export interface IngestBudget {
  readonly capacityBytes: number;
  readonly reservedBytes: number;
  /** Reservations not released yet: requests being read or decoded, of any size. */
  readonly reservations: number;
  /** Whether a reservation of `bytes` would be granted now. */
  fits(bytes: number): boolean;
  /** A reservation, or null when the bytes do not fit now. An idle budget admits any one request. */
  tryReserve(bytes: number): IngestReservation | null;
}

export function createIngestBudget(capacityBytes: number): IngestBudget {
  let reserved = 0;
  let open = 0;
  const fits = (bytes: number): boolean =>
    reserved === 0 || reserved + bytes <= capacityBytes;

  return {
    capacityBytes,
    get reservedBytes() {
      return reserved;
    },
    get reservations() {
      return open;
    },
    fits,
    tryReserve(bytes) {
      if (!fits(bytes)) {
        return null;
      }
      reserved += bytes;
      open++;
      let held = bytes;
      let released = false;
      return {
        get bytes() {
          return held;
        },
        tryGrow(extraBytes) {
          if (released || reserved + extraBytes > capacityBytes) {
            return false;
          }
          reserved += extraBytes;
          held += extraBytes;
          return true;
        },
        release() {
          if (!released) {
            released = true;
            reserved -= held;
            open--;
          }
        },
      };
    },
  };
}

/** The budget every receiver of one collector shares, made on first use. */
export function getIngestBudget(context: CollectorContext): IngestBudget {
  let budget = BUDGETS.get(context);
  if (budget === undefined) {
    budget = createIngestBudget(context.options.bodyBudgetBytes);
    BUDGETS.set(context, budget);
  }
  return budget;
}
