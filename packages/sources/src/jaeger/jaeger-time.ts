import type { Micros } from '@pathprof/model';
import { parseGoDuration } from '@pathprof/model';

// RFC 3339 §5.6 date-time; a space for `T` is allowed there "for readability".
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const DAYS = /^(\d+(?:\.\d+)?)d/;
const MICROS_PER_DAY = 86_400_000_000;

/**
 * Parses an RFC 3339 timestamp into µs since the epoch, truncating digits below
 * the µs; `null` when malformed or out of range (`2024-02-30`, `25:00`).
 */
export function parseRfc3339Micros(text: string): Micros | null {
  const m = RFC3339.exec(text.trim());
  if (m === null) {
    return null;
  }
  const [year, month, day, hour, minute, second] = m
    .slice(1, 7)
    .map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return null;
  }
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const offHours = Number(m[10]);
    const offMinutes = Number(m[11]);
    if (offHours > 23 || offMinutes > 59) {
      return null;
    }
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offHours * 60 + offMinutes);
  }
  const fractionMicros = Number((m[7] ?? '').padEnd(6, '0').slice(0, 6));
  const millis =
    Date.UTC(year, month - 1, day, hour, minute, second) -
    offsetMinutes * 60_000;
  return millis * 1000 + fractionMicros;
}

/** Formats µs since the epoch as RFC 3339 in UTC with six fraction digits (`…T10:00:00.000001Z`). */
export function formatRfc3339Micros(micros: Micros): string {
  const millis = Math.floor(micros / 1000);
  const iso = new Date(millis).toISOString(); // 2024-01-01T10:00:00.123Z
  const microsDigits = String(micros - millis * 1000).padStart(3, '0');
  return `${iso.slice(0, -1)}${microsDigits}Z`;
}

/**
 * Parses a Go duration (`1.2s`, `100ms`, `1h30m`) extended with a leading day
 * term (`2d`, `1d12h`) as the Jaeger UI's lookback offers; `null` when malformed.
 */
export function parseDurationWithDays(text: string): Micros | null {
  const trimmed = text.trim();
  const days = DAYS.exec(trimmed);
  if (days === null) {
    return parseGoDuration(trimmed);
  }
  const rest = trimmed.slice(days[0].length);
  const restMicros = rest === '' ? 0 : parseGoDuration(rest);
  return restMicros === null
    ? null
    : Math.round(Number(days[1]) * MICROS_PER_DAY) + restMicros;
}

/**
 * Formats µs as the shortest exact Go duration Jaeger's `time.ParseDuration`
 * reads back (`1200000` → `1200ms`, `3000000` → `3s`, `1500` → `1500us`).
 */
export function formatGoDuration(micros: Micros): string {
  if (micros % 1_000_000 === 0) {
    return `${micros / 1_000_000}s`;
  }
  if (micros % 1000 === 0) {
    return `${micros / 1000}ms`;
  }
  return `${micros}us`;
}
