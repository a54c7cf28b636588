/**
 * Human units shared by the terminal and the web UI: times from µs, memory
 * from bytes, shares and counts. `missing` is what an unknown value prints
 * as: the terminal writes `-`, the UI an en dash.
 */
export function formatMicros(
  micros: number | null | undefined,
  missing = '-',
): string {
  if (micros === null || micros === undefined || Number.isNaN(micros)) {
    return missing;
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

export function formatBytes(
  bytes: number | null | undefined,
  missing = '-',
): string {
  if (bytes === null || bytes === undefined || Number.isNaN(bytes)) {
    return missing;
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

/** `part` of `whole` as a percentage with one decimal; `missing` when `whole` is 0. */
export function formatPercent(
  part: number,
  whole: number,
  missing = '-',
): string {
  return whole === 0 ? missing : `${((100 * part) / whole).toFixed(1)}%`;
}

/** A fraction 0–1 as a whole percentage. */
export function formatShare(
  share: number | null | undefined,
  missing = '-',
): string {
  return share === null || share === undefined || Number.isNaN(share)
    ? missing
    : `${Math.round(share * 100)}%`;
}

/** A count with thousands separators: `12,345`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
