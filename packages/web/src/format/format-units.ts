/** Human units, as the CLI prints them: times from µs, memory from bytes. */
export function formatMicros(micros: number | null | undefined): string {
  if (micros === null || micros === undefined || Number.isNaN(micros)) {
    return '–';
  }
  const abs = Math.abs(micros);
  if (abs < 1000) {
    return `${Math.round(micros)}µs`;
  }
  if (abs < 10_000) {
    return `${(micros / 1000).toFixed(2)}ms`;
  }
  if (abs < 1_000_000) {
    return `${(micros / 1000).toFixed(1)}ms`;
  }
  return `${(micros / 1_000_000).toFixed(2)}s`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || Number.isNaN(bytes)) {
    return '–';
  }
  const abs = Math.abs(bytes);
  if (abs < 1024) {
    return `${Math.round(bytes)}B`;
  }
  if (abs < 1024 * 1024) {
    return `${(bytes / 1024).toFixed(1)}KiB`;
  }
  if (abs < 1024 * 1024 * 1024) {
    return `${(bytes / 1024 / 1024).toFixed(1)}MiB`;
  }
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)}GiB`;
}

/** `part` of `whole` as a percentage with one decimal; '–' when `whole` is 0. */
export function formatPercent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`;
}

/** A fraction 0–1 as a whole percentage. */
export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined || Number.isNaN(share)
    ? '–'
    : `${Math.round(share * 100)}%`;
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

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

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

/** µs as a Go duration the API reads back exactly: `250ms`, `1.5s`, `1234us`. */
export function formatGoDuration(micros: number): string {
  const us = Math.round(micros);
  if (us % 1_000_000 === 0) {
    return `${us / 1_000_000}s`;
  }
  if (us % 1000 === 0) {
    return `${us / 1000}ms`;
  }
  return `${us}us`;
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
