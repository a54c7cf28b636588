/**
 * Instants as flags take them: `now`, an RFC 3339 timestamp, or an integer
 * epoch time whose unit follows from its digit count (docs/time.md).
 */
import type { Micros } from './micros.js';
import { parseRfc3339Micros } from './rfc3339.js';

/**
 * An integer epoch time to µs, its unit read from the digits left after
 * leading zeros: up to 11 seconds, 12–14 milliseconds, 15–17 microseconds
 * (Jaeger's own unit), 18–19 nanoseconds (truncated). `null` unless 1–19 digits.
 */
export function parseEpochMicros(text: string): Micros | null {
  const trimmed = text.trim();
  if (!/^\d{1,19}$/.test(trimmed)) {
    return null;
  }
  const digits = trimmed.replace(/^0+(?=\d)/, '').length;
  if (digits <= 11) {
    return Number(trimmed) * 1_000_000;
  }
  if (digits <= 14) {
    return Number(trimmed) * 1000;
  }
  return digits <= 17 ? Number(trimmed) : Number(BigInt(trimmed) / 1000n);
}

/** `now` (→ `nowMicros`), an epoch time or RFC 3339, to µs; `null` when none of these. */
export function parseInstant(text: string, nowMicros: Micros): Micros | null {
  const trimmed = text.trim();
  if (trimmed === 'now') {
    return nowMicros;
  }
  return parseEpochMicros(trimmed) ?? parseRfc3339Micros(trimmed);
}
