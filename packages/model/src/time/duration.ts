/**
 * Durations: Go's `time.ParseDuration` grammar plus days and weeks, the one
 * grammar every flag and query parameter reads (docs/time.md). A duration is
 * one or more terms, each a decimal number (`1`, `1.5`, `.5`, `1.`) and a unit
 * (`ns`, `us`, `µs`, `μs`, `ms`, `s`, `m`, `h`, `d` = 24h, `w` = 7d), in any
 * order (`1h30m`, `1.5d12h`, `1w`), or the bare `0`. No sign: callers that
 * read "ago" (`-2h`) strip the `-` themselves. Surrounding spaces are ignored.
 */
import type { Micros } from './micros.js';
import {
  MICROS_PER_DAY,
  MICROS_PER_HOUR,
  MICROS_PER_MILLI,
  MICROS_PER_MINUTE,
  MICROS_PER_SECOND,
  MICROS_PER_WEEK,
} from './micros.js';

const UNIT_MICROS: Readonly<Record<string, number>> = {
  ns: 1 / 1000,
  us: 1,
  µs: 1, // U+00B5 micro sign
  μs: 1, // U+03BC Greek mu
  ms: MICROS_PER_MILLI,
  s: MICROS_PER_SECOND,
  m: MICROS_PER_MINUTE,
  h: MICROS_PER_HOUR,
  d: MICROS_PER_DAY,
  w: MICROS_PER_WEEK,
};

const TERM = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h|d|w)/y;

/**
 * Parses a duration (`1.2s`, `100ms`, `1h30m`, `1.5d12h`, `1w`) to µs,
 * rounding below the µs; `null` when malformed or beyond a safe integer.
 */
export function parseDuration(text: string): Micros | null {
  const trimmed = text.trim();
  if (trimmed === '0') {
    return 0;
  }
  if (trimmed === '') {
    return null;
  }
  let total = 0;
  let pos = 0;
  TERM.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = TERM.exec(trimmed)) !== null) {
    total += Number(match[1]) * (UNIT_MICROS[match[2] as string] as number);
    pos = TERM.lastIndex;
  }
  const micros = Math.round(total);
  return pos === trimmed.length && Number.isSafeInteger(micros) ? micros : null;
}

/**
 * Formats µs as the shortest exact duration Go's `time.ParseDuration` (and so
 * Jaeger) reads back: whole seconds as `s`, whole ms as `ms`, else `us`
 * (`1200000` → `1200ms`, `3000000` → `3s`, `1500` → `1500us`). Fractional µs
 * are rounded first.
 */
export function formatGoDuration(micros: Micros): string {
  const us = Math.round(micros);
  if (us % MICROS_PER_SECOND === 0) {
    return `${us / MICROS_PER_SECOND}s`;
  }
  if (us % MICROS_PER_MILLI === 0) {
    return `${us / MICROS_PER_MILLI}ms`;
  }
  return `${us}us`;
}
