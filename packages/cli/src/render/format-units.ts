/** Human units for terminal and Markdown output: times from µs, memory from bytes. */
export function formatMicros(micros: number | null | undefined): string {
  if (micros === null || micros === undefined || Number.isNaN(micros)) {
    return '-';
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
    return '-';
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

export function formatPercent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`;
}

export function formatShare(share: number | undefined): string {
  return share === undefined || Number.isNaN(share)
    ? '-'
    : `${Math.round(share * 100)}%`;
}

/**
 * `n` as `n.toLocaleString('en-US')` writes it (`1,234,567`). Integers are
 * grouped here: the first locale-aware call loads ICU's locale data, tens of
 * milliseconds of a command's start (a module that formatted a number when
 * loaded cost every `pathprof --help` about 40 ms).
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) {
    return n.toLocaleString('en-US');
  }
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) {
    out += `,${digits.slice(i, i + 3)}`;
  }
  return n < 0 ? `-${out}` : out;
}

/** Requests per second: `20/s`, `0.35/s`; `-` when unknown. */
export function formatRate(perSecond: number | null | undefined): string {
  if (
    perSecond === null ||
    perSecond === undefined ||
    !Number.isFinite(perSecond)
  ) {
    return '-';
  }
  const digits = perSecond >= 100 ? 0 : perSecond >= 10 ? 1 : 2;
  return `${perSecond.toFixed(digits)}/s`;
}

/** A span of time in seconds: `19.9s`, `4m 10s`, `2h 5m`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) {
    return `${seconds.toFixed(seconds < 10 ? 2 : 1)}s`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)}m ${Math.round(seconds % 60)}s`;
  }
  return `${Math.floor(seconds / 3600)}h ${Math.round((seconds % 3600) / 60)}m`;
}
