/**
 * The time a set of requests covers, for rates that read the same whatever
 * window holds them: from the first request's start to the last one's, plus
 * one mean gap, i.e. (last − first) × n ÷ (n − 1) — the span of n evenly
 * spaced arrivals, so n requests at r per second read r per second.
 *
 *   starts:  |    |    |    |      n = 4, last − first = 3 gaps
 *   covered: |----|----|----|----  4 gaps: 4 requests ÷ 4 gaps = 1 per gap
 */
import type { Coverage } from '@pathprof/model';

export function computeCoverage(
  firstStartMicros: number,
  lastStartMicros: number,
  requests: number,
): Coverage | null {
  if (requests < 1 || !Number.isFinite(firstStartMicros)) {
    return null;
  }
  const span = lastStartMicros - firstStartMicros;
  return {
    firstStartMicros,
    lastStartMicros,
    seconds: requests > 1 ? (span * requests) / ((requests - 1) * 1e6) : 0,
  };
}

/** `count` per second over `coverage`; null when it covers no time. */
export function ratePerSecond(
  count: number,
  coverage: Coverage | null,
): number | null {
  return coverage === null || coverage.seconds <= 0
    ? null
    : count / coverage.seconds;
}
