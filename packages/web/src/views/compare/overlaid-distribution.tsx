/**
 * Both sides' latency distributions of one path, overlaid on shared
 * logarithmic buckets (`/api/compare/distributions`): the baseline as a blue
 * area, the candidate as an orange line, each as shares of its own requests
 * so sides of different sizes compare. One small SVG per row.
 */
import type { CompareDistributions } from '../../api/api-types.js';
import { Tooltip } from '../../components/tooltip.js';
import { formatMicros } from '../../format/format-units.js';

const WIDTH = 160;
const HEIGHT = 36;

type PathDistribution = CompareDistributions['paths'][number];

/** The lower edge of the bucket holding the side's median request. */
function medianBucket(
  d: PathDistribution,
  side: 'baseline' | 'candidate',
): number | null {
  const total = d.buckets.reduce((n, b) => n + b[side], 0);
  let seen = 0;
  for (const b of d.buckets) {
    seen += b[side];
    if (seen >= total / 2 && total > 0) {
      return b.lowerMicros;
    }
  }
  return null;
}

export function describeDistribution(d: PathDistribution): string {
  const a = medianBucket(d, 'baseline');
  const b = medianBucket(d, 'candidate');
  return `${formatMicros(d.buckets[0]?.lowerMicros)} – ${formatMicros(d.buckets.at(-1)?.upperMicros)} (log scale) · baseline ${d.baselineCount} requests, median near ${formatMicros(a)} · candidate ${d.candidateCount}, median near ${formatMicros(b)}`;
}

export function OverlaidDistribution(props: { readonly d: PathDistribution }) {
  const { d } = props;
  const n = Math.max(d.buckets.length, 1);
  const share = (side: 'baseline' | 'candidate'): number[] => {
    const total = Math.max(
      d.buckets.reduce((s, b) => s + b[side], 0),
      1,
    );
    return d.buckets.map((b) => b[side] / total);
  };
  const a = share('baseline');
  const b = share('candidate');
  const top = Math.max(...a, ...b, 1e-9);
  const x = (i: number): number => (i / n) * WIDTH;
  const y = (v: number): number => HEIGHT - 1 - (v / top) * (HEIGHT - 3);
  const steps = (values: number[]): string =>
    values
      .map(
        (v, i) => `${i === 0 ? 'M' : 'L'}${x(i)},${y(v)} L${x(i + 1)},${y(v)}`,
      )
      .join(' ');
  const text = describeDistribution(d);
  return (
    <Tooltip text={text}>
      <svg
        class="overlay"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Latency distributions: ${text}`}
        data-testid="overlaid-distribution"
      >
        <path
          class="overlay-baseline"
          d={`${steps(a)} L${WIDTH},${HEIGHT} L0,${HEIGHT} Z`}
        />
        <path class="overlay-candidate" d={steps(b)} />
      </svg>
    </Tooltip>
  );
}
