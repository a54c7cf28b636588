/** Microseconds: the engine's one time unit (since the Unix epoch for instants). */
export type Micros = number;

/** Milliseconds. */
export type Millis = number;

export const MICROS_PER_MILLI = 1000;
export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
export const MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
export const MICROS_PER_DAY = 24 * MICROS_PER_HOUR;
export const MICROS_PER_WEEK = 7 * MICROS_PER_DAY;

/**
 * Converts OTLP's int64 nanoseconds (a decimal string, a number or a bigint) to
 * microseconds exactly: nanoseconds since the epoch exceed 2^53, so strings go
 * through BigInt before the division. Returns `null` for anything not an integer.
 */
export function nanosToMicros(nanos: string | number | bigint): Micros | null {
  if (typeof nanos === 'number') {
    return Number.isFinite(nanos) ? Math.floor(nanos / 1000) : null;
  }
  if (typeof nanos === 'bigint') {
    return Number(nanos / 1000n);
  }
  if (!/^-?\d{1,20}$/.test(nanos)) {
    return null;
  }
  // Up to 15 digits fit a double exactly; longer strings need BigInt.
  if (nanos.length <= 15) {
    return Math.floor(Number(nanos) / 1000);
  }
  return Number(BigInt(nanos) / 1000n);
}
