/**
 * The open-loop arrival schedule: request i is due at t0 + i/R, whatever
 * happened to the requests before it. A closed-loop client waits for each
 * answer before sending the next, so a slow answer silently postpones (and
 * removes) the requests a real user population would have sent meanwhile —
 * "coordinated omission". Here the clock, not the server, decides.
 *
 *   R = 4/s, duration 1 s:   t0      +250ms   +500ms   +750ms
 *                            #0      #1       #2       #3       (4 arrivals)
 */
const MICROS_PER_SECOND = 1_000_000;
// Tolerates rounding in rps × duration (0.1 × 30 s must give 3 arrivals, not 2).
const EPSILON = 1e-9;

/** How many arrivals fit in the run: ⌊R · D⌋ (arrivals at 0, 1/R, …, < D). */
export function countArrivals(rps: number, durationMicros: number): number {
  return Math.max(
    0,
    Math.floor((rps * durationMicros) / MICROS_PER_SECOND + EPSILON),
  );
}

/** When arrival `index` is due, in µs after t0. */
export function arrivalOffsetMicros(index: number, rps: number): number {
  return (index * MICROS_PER_SECOND) / rps;
}

/**
 * How many arrivals are due at `elapsedMicros` after t0 (those with
 * offset ≤ elapsed), capped at `total`; 0 before t0.
 */
export function countDueArrivals(
  elapsedMicros: number,
  rps: number,
  total: number,
): number {
  if (elapsedMicros < 0) {
    return 0;
  }
  const due = Math.floor((elapsedMicros * rps) / MICROS_PER_SECOND + EPSILON);
  return Math.min(total, due + 1);
}
