/**
 * RFC 3339 timestamps as Go's `time.Parse(time.RFC3339Nano, …)` accepts
 * them (api_v3's time parameters), to µs since the epoch: fractions finer
 * than 1 µs are truncated. `null` when the text is not one.
 */
import type { Micros } from '@pathprof/model';

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

export function parseRfc3339Micros(text: string): Micros | null {
  const m = RFC3339.exec(text);
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
  const fractionMicros = Number((m[7] ?? '').padEnd(6, '0').slice(0, 6));
  const offsetMinutes =
    m[8] === undefined
      ? (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]))
      : 0;
  const millis =
    Date.UTC(year, month - 1, day, hour, minute, second) -
    offsetMinutes * 60_000;
  return millis * 1000 + fractionMicros;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
