/**
 * Units for terminal and Markdown output: the shared formatting of
 * `@pathprof/model` (an unknown value prints as `-`), and the terminal's own
 * rate and elapsed-time formats.
 */
export {
  formatMicros,
  formatBytes,
  formatPercent,
  formatShare,
  formatCount,
} from '@pathprof/model';

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
