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
