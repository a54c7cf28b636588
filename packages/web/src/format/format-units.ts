import {
  formatBytes as formatBytesAs,
  formatMicros as formatMicrosAs,
  formatPercent as formatPercentAs,
  formatShare as formatShareAs,
} from '@pathprof/model';

/** The UI's mark for an unknown value. */
const MISSING = '–';

/** Human units, as the CLI prints them (one source: `@pathprof/model`), with the UI's en dash for unknown values. */
export function formatMicros(micros: number | null | undefined): string {
  return formatMicrosAs(micros, MISSING);
}

export function formatBytes(bytes: number | null | undefined): string {
  return formatBytesAs(bytes, MISSING);
}

/** `part` of `whole` as a percentage with one decimal; '–' when `whole` is 0. */
export function formatPercent(part: number, whole: number): string {
  return formatPercentAs(part, whole, MISSING);
}

/** A fraction 0–1 as a whole percentage. */
export function formatShare(share: number | null | undefined): string {
  return formatShareAs(share, MISSING);
}

/** A relative change (0.2 = 20 % higher) with its sign. */
export function formatChange(relative: number | null | undefined): string {
  if (relative === null || relative === undefined || Number.isNaN(relative)) {
    return '–';
  }
  const percent = relative * 100;
  const sign = percent > 0 ? '+' : percent < 0 ? '−' : '±';
  const abs = Math.abs(percent);
  return `${sign}${abs >= 100 ? abs.toFixed(0) : abs.toFixed(1)}%`;
}

/** Requests per second, or per minute below 0.1/s. */
export function formatRate(perSecond: number | null | undefined): string {
  if (
    perSecond === null ||
    perSecond === undefined ||
    Number.isNaN(perSecond)
  ) {
    return '–';
  }
  if (perSecond === 0) {
    return '0/s';
  }
  if (perSecond < 0.1) {
    return `${(perSecond * 60).toFixed(2)}/min`;
  }
  return perSecond < 10
    ? `${perSecond.toFixed(2)}/s`
    : `${perSecond.toFixed(1)}/s`;
}

export { formatCount, formatGoDuration } from '@pathprof/model';

/** µs since the epoch as a local date-time, to the millisecond. */
export function formatTimestamp(micros: number): string {
  const d = new Date(micros / 1000);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** A round interval as `30s`, `5m`, `2h`, `1d` (else as a duration). */
export function formatInterval(micros: number): string {
  const seconds = micros / 1e6;
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (seconds >= size && Number.isInteger(seconds / size)) {
      return `${seconds / size}${unit}`;
    }
  }
  return formatMicros(micros);
}

/**
 * A local date-time as formatTimestamp writes it (`2025-01-15 11:50:00`,
 * seconds and milliseconds optional, `T` accepted for the space), as µs
 * since the epoch; null when it is not one.
 */
export function parseTimestamp(text: string): number | null {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(
      text.trim(),
    );
  if (m === null) {
    return null;
  }
  const [, y, mo, d, h, mi, s = '0', ms = '0'] = m;
  const date = new Date(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(ms.padEnd(3, '0')),
  );
  return Number.isNaN(date.getTime()) || date.getMonth() !== Number(mo) - 1
    ? null
    : date.getTime() * 1000;
}
