/** Microseconds: the engine's one time unit (since the Unix epoch for instants). */
export type Micros = number;

/** Milliseconds. */
export type Millis = number;

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

/** Parses a Go-style duration (`1.2s`, `100ms`, `500us`, `1h30m`) into microseconds. */
export function parseGoDuration(text: string): Micros | null {
  const re = /(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '0') {
    return trimmed === '0' ? 0 : null;
  }
  let total = 0;
  let pos = 0;
  re.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = re.exec(trimmed)) !== null) {
    const value = Number(match[1]);
    total += value * UNIT_MICROS[match[2] as keyof typeof UNIT_MICROS];
    pos = re.lastIndex;
  }
  return pos === trimmed.length ? Math.round(total) : null;
}

const UNIT_MICROS = {
  ns: 0.001,
  us: 1,
  µs: 1,
  μs: 1,
  ms: 1000,
  s: 1_000_000,
  m: 60_000_000,
  h: 3_600_000_000,
} as const;
