/** Short human forms of the changes in a comparison report. */
import type { HopChange } from '@pathprof/model';
import { formatBytes, formatMicros } from '../render/format-units.js';

/** `+12.5%`, `-3.0%`, `-` when unknown. */
export function formatRelative(relative: number | null): string {
  if (relative === null || Number.isNaN(relative)) {
    return '-';
  }
  const sign = relative > 0 ? '+' : '';
  return `${sign}${(relative * 100).toFixed(1)}%`;
}

/** A change of a rate 0–1 in percentage points: `+2.0pt`. */
export function formatPoints(delta: number | null): string {
  if (delta === null || Number.isNaN(delta)) {
    return '-';
  }
  const sign = delta > 0 ? '+' : '';
  return `${sign}${(delta * 100).toFixed(1)}pt`;
}

/** Three significant digits, scientific below 0.001. */
export function formatPValue(p: number): string {
  if (p === 0) {
    return '0';
  }
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

/** `svc-c:c self +2.00ms (95%)`. */
export function formatHopChange(hop: HopChange | undefined): string {
  if (hop === undefined) {
    return '';
  }
  const delta = hop.p50.delta ?? 0;
  const sign = delta > 0 ? '+' : '';
  const what =
    hop.measure === 'memoryBytes'
      ? `memory ${sign}${formatBytes(delta)}`
      : `${hop.measure === 'cpuMicros' ? 'cpu' : hop.measure === 'waitingMicros' ? 'waiting' : 'self'} ${sign}${formatMicros(delta)}`;
  const share =
    hop.shareOfPathChange === null
      ? ''
      : ` (${Math.round(hop.shareOfPathChange * 100)}% of Δp50)`;
  return `${hop.label} ${what}${share}`;
}
