/**
 * A row's latency spread on a log scale shared by the whole table: a line
 * from min to max, a bar from p50 to p95 and a tick at p99, so rows can be
 * compared at a glance. Three marks per row; a chart library instance per
 * row would cost far more for a table of hundreds of paths.
 */
export interface StripScale {
  readonly minMicros: number;
  readonly maxMicros: number;
}

export function computeStripScale(
  rows: readonly { minMicros: number; maxMicros: number }[],
): StripScale {
  let min = Infinity;
  let max = -Infinity;
  for (const r of rows) {
    min = Math.min(min, Math.max(r.minMicros, 1));
    max = Math.max(max, Math.max(r.maxMicros, 1));
  }
  return Number.isFinite(min)
    ? { minMicros: min, maxMicros: Math.max(max, min * 10) }
    : { minMicros: 1, maxMicros: 10 };
}

/** Position 0–100 of a value on the scale. */
export function placeOnStrip(scale: StripScale, micros: number): number {
  const lo = Math.log10(scale.minMicros);
  const hi = Math.log10(scale.maxMicros);
  const v = Math.log10(Math.max(micros, scale.minMicros));
  return Math.min(100, Math.max(0, ((v - lo) / (hi - lo)) * 100));
}

export function PercentileStrip(props: {
  readonly scale: StripScale;
  readonly minMicros: number;
  readonly p50Micros: number;
  readonly p95Micros: number;
  readonly p99Micros: number;
  readonly maxMicros: number;
  readonly label: string;
}) {
  const x = (v: number): number => placeOnStrip(props.scale, v);
  return (
    <svg
      class="strip"
      viewBox="0 0 100 12"
      preserveAspectRatio="none"
      role="img"
      aria-label={props.label}
    >
      <title>{props.label}</title>
      <line
        x1={x(props.minMicros)}
        x2={x(props.maxMicros)}
        y1="6"
        y2="6"
        class="strip-range"
      />
      <rect
        x={x(props.p50Micros)}
        width={Math.max(x(props.p95Micros) - x(props.p50Micros), 0.8)}
        y="2"
        height="8"
        class="strip-box"
      />
      <line
        x1={x(props.p99Micros)}
        x2={x(props.p99Micros)}
        y1="0"
        y2="12"
        class="strip-p99"
      />
    </svg>
  );
}
