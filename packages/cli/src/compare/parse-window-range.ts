/**
 * `--baseline-window`, `--candidate-window` and `--window`: `START..END`,
 * each end `now`, a time relative to now (`-2h`, `-90m`, `-1d`), an RFC 3339
 * timestamp (`2026-11-25T10:00:00Z`) or an integer epoch time (s, ms, µs or ns
 * by its size). `-2h..-1h` is the hour before the last one.
 */
import type { Micros } from '@pathprof/model';
import { parseDuration, parseInstant } from '@pathprof/model';
import { UsageError } from '../shared/usage-error.js';

export interface WindowRange {
  readonly startMicros: Micros;
  readonly endMicros: Micros;
}

export const WINDOW_MESSAGES = {
  badRange: (flag: string, v: string) =>
    `${flag}: "${v}" is not START..END (each end: now, -2h, RFC 3339 such as 2026-11-25T10:00:00Z, or epoch time)`,
  emptyRange: (flag: string, v: string) =>
    `${flag}: "${v}" ends before it starts`,
} as const;

export function parseWindowRange(
  flag: string,
  text: string,
  nowMicros: Micros,
): WindowRange {
  const parts = text.split('..');
  const ends =
    parts.length === 2
      ? parts.map((p) => parseWindowEnd(p, nowMicros))
      : [null, null];
  const [startMicros, endMicros] = ends;
  if (
    startMicros === null ||
    endMicros === null ||
    startMicros === undefined ||
    endMicros === undefined
  ) {
    throw new UsageError(flag, WINDOW_MESSAGES.badRange(flag, text));
  }
  if (startMicros >= endMicros) {
    throw new UsageError(flag, WINDOW_MESSAGES.emptyRange(flag, text));
  }
  return { startMicros, endMicros };
}

function parseWindowEnd(text: string, nowMicros: Micros): Micros | null {
  const trimmed = text.trim();
  if (trimmed.startsWith('-')) {
    const ago = parseDuration(trimmed.slice(1));
    return ago === null || ago <= 0 ? null : nowMicros - ago;
  }
  if (trimmed === '') {
    return null;
  }
  const micros = parseInstant(trimmed, nowMicros);
  return micros === null || !Number.isSafeInteger(micros) || micros < 0
    ? null
    : micros;
}
