/**
 * RFC 3339 timestamps (§5.6 date-time) to and from µs since the epoch. One
 * leniency everywhere: surrounding spaces are ignored, and `T`, `t` or a space
 * separate date and time (the space RFC 3339 allows "for readability"); `Z` or
 * `z` or a `±hh:mm` offset is required. Digits below the µs are truncated.
 */
import type { Micros } from './micros.js';

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** µs since the epoch; `null` when malformed or out of range (`2024-02-30`, `25:00`, `+24:00`). */
export function parseRfc3339Micros(text: string): Micros | null {
  const m = RFC3339.exec(text.trim());
  if (m === null) {
    return null;
  }
  const [year, month, day, hour, minute, second] = m
    .slice(1, 7)
    .map(Number) as [number, number, number, number, number, number];
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
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

/** µs since the epoch as RFC 3339 in UTC with six fraction digits (`2024-01-01T10:00:00.000001Z`). */
export function formatRfc3339Micros(micros: Micros): string {
  const millis = Math.floor(micros / 1000);
  const iso = new Date(millis).toISOString(); // 2024-01-01T10:00:00.123Z
  const microsDigits = String(micros - millis * 1000).padStart(3, '0');
  return `${iso.slice(0, -1)}${microsDigits}Z`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
