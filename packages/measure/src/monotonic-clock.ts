/** A monotonic clock in µs, and a precise wait on it. */
import {
  setImmediate as nextTurn,
  setTimeout as sleep,
} from 'node:timers/promises';

export type MicrosClock = () => number;

export const monotonicMicros: MicrosClock = () => performance.now() * 1000;

// Timers fire at millisecond granularity and late; the last stretch before the
// deadline is spent yielding to the event loop (I/O keeps flowing) instead.
const SPIN_MICROS = 1500;

/** Resolves at or just after `deadlineMicros` on `clock`. */
export async function waitUntil(
  deadlineMicros: number,
  clock: MicrosClock = monotonicMicros,
): Promise<void> {
  for (;;) {
    const remaining = deadlineMicros - clock();
    if (remaining <= 0) {
      return;
    }
    if (remaining > SPIN_MICROS) {
      await sleep(Math.floor((remaining - SPIN_MICROS / 2) / 1000));
    } else {
      await nextTurn();
    }
  }
}
