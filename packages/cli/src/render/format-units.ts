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

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
