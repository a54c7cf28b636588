/**
 * The hop that explains a path's change: among every hop's p50 self time and
 * p50 CPU, the largest change in the path's direction (increase for a
 * regression, decrease for an improvement), in µs. On equal changes self time
 * wins over CPU and the earlier position over the later. Its share is that
 * change ÷ the path's p50 change.
 *
 *   path a > b > c, p50 +2.1 ms        self Δ: a +0.1, b 0, c +2.0 ms; CPU Δ: c +0.4 ms
 *   → c, selfMicros, share 2.0 / 2.1 = 0.95
 */
import type { HopChange, MeasureChange } from '@pathprof/model';
import type { ComparedHop } from './compared-path.js';
import { measureChange, quantileOrNull } from './measure-change.js';

type Measure = 'selfMicros' | 'cpuMicros';

export function findResponsibleHop(
  baselineHops: readonly ComparedHop[],
  candidateHops: readonly ComparedHop[],
  pathDeltaMicros: number,
): HopChange | undefined {
  const direction = Math.sign(pathDeltaMicros);
  if (direction === 0) {
    return undefined;
  }
  let best:
    { position: number; measure: Measure; change: MeasureChange } | undefined;
  candidateHops.forEach((cand, position) => {
    const base = baselineHops[position];
    if (base === undefined) {
      return;
    }
    const changes: [Measure, MeasureChange][] = [
      [
        'selfMicros',
        measureChange(
          quantileOrNull(base.self, 0.5),
          quantileOrNull(cand.self, 0.5),
        ),
      ],
      [
        'cpuMicros',
        measureChange(
          quantileOrNull(base.cpu, 0.5),
          quantileOrNull(cand.cpu, 0.5),
        ),
      ],
    ];
    for (const [measure, change] of changes) {
      const moved = (change.delta ?? 0) * direction;
      if (
        moved > 0 &&
        (best === undefined || moved > best.change.delta! * direction)
      ) {
        best = { position, measure, change };
      }
    }
  });
  if (best === undefined) {
    return undefined;
  }
  return {
    position: best.position,
    label: candidateHops[best.position]!.label,
    measure: best.measure,
    p50: best.change,
    shareOfPathChange: best.change.delta! / pathDeltaMicros,
  };
}
