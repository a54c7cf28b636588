/**
 * Duration flags (`--duration`, `--timeout`, `--retention`): the model's
 * duration grammar (docs/time.md) or plain seconds (`30`).
 */
import type { Micros } from '@pathprof/model';
import { MICROS_PER_SECOND, parseDuration } from '@pathprof/model';

/** A duration (`30s`, `1m30s`, `1d`) or plain seconds (`30`) in µs; `null` unless positive. */
export function parseDurationFlag(text: string): Micros | null {
  const micros = parseDurationOrSeconds(text);
  return micros === null || micros <= 0 ? null : micros;
}

/** As {@link parseDurationFlag}, zero included (`0`, `0s`, `0d`, `00`). */
export function parseDurationOrSeconds(text: string): Micros | null {
  const trimmed = text.trim();
  // Plain seconds: a number as the duration grammar writes one (`30`, `1.5`, `.5`, `30.`).
  return /^(\d+\.?\d*|\.\d+)$/.test(trimmed)
    ? Math.round(Number(trimmed) * MICROS_PER_SECOND)
    : parseDuration(trimmed);
}
