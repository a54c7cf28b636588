/**
 * How many request bodies one client address may be sending at once, across
 * every HTTP receiver of a collector: one client opening many slow uploads
 * cannot take every connection and the body budget from the others. A slot
 * is taken at admission and given back once the body has arrived (or the
 * connection closed), so requests waiting for the store do not count.
 */
import type { CollectorContext } from '../server/collector-context.js';

export interface UploadSlots {
  readonly maxPerClient: number;
  /** A function giving the slot back (later calls do nothing), or null when `address` has none free. */
  tryTake(address: string): (() => void) | null;
  /** Slots taken now, over every address. */
  readonly taken: number;
}

export function createUploadSlots(maxPerClient: number): UploadSlots {
  const byAddress = new Map<string, number>();
  let taken = 0;
  return {
    maxPerClient,
    get taken() {
      return taken;
    },
    tryTake(address) {
      const inUse = byAddress.get(address) ?? 0;
      if (inUse >= maxPerClient) {
        return null;
      }
      byAddress.set(address, inUse + 1);
      taken++;
      let given = false;
      return () => {
        if (given) {
          return;
        }
        given = true;
        taken--;
        const left = (byAddress.get(address) ?? 1) - 1;
        if (left === 0) {
          byAddress.delete(address);
        } else {
          byAddress.set(address, left);
        }
      };
    },
  };
}

const SLOTS = new WeakMap<CollectorContext, UploadSlots>();

/** The slots every HTTP receiver of one collector shares, made on first use. */
export function getUploadSlots(context: CollectorContext): UploadSlots {
  let slots = SLOTS.get(context);
  if (slots === undefined) {
    slots = createUploadSlots(context.options.maxUploadsPerClient);
    SLOTS.set(context, slots);
  }
  return slots;
}
