/** How one measure changed, for display: both sides, the relative change, and whether that is worse. */
import type { MeasureChange } from '../../api/api-types.js';
import { formatChange } from '../../format/format-units.js';

export type ChangeDirection = 'worse' | 'better' | 'same' | 'unknown';

export interface ChangeText {
  readonly sides: string;
  readonly change: string;
  readonly direction: ChangeDirection;
}

/** `higherIsWorse`: latency, CPU, errors (true); rate is neutral (false gives 'same'). */
export function describeChangeText(
  measure: MeasureChange,
  format: (value: number | null) => string,
  higherIsWorse = true,
  noiseFraction = 0.02,
): ChangeText {
  const sides = `${format(measure.baseline)} → ${format(measure.candidate)}`;
  const relative = measure.relative;
  if (relative === null) {
    return { sides, change: '–', direction: 'unknown' };
  }
  const direction: ChangeDirection =
    !higherIsWorse || Math.abs(relative) < noiseFraction
      ? 'same'
      : relative > 0
        ? 'worse'
        : 'better';
  return { sides, change: formatChange(relative), direction };
}
