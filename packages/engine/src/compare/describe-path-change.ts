/**
 * The measures of one path on both sides (count, rate, error rate, duration
 * quantiles, CPU, memory, every hop's p50s, exemplars), without a verdict.
 * A side that lacks the path contributes nulls (count 0).
 */
import type { MeasureChange, PathComparison } from '@pathprof/model';
import type { ComparedPath } from './compared-path.js';
import { measureChange, quantileOrNull, rateOrNull } from './measure-change.js';

export type PathMeasures = Omit<
  PathComparison,
  'verdict' | 'test' | 'responsibleHop'
>;

/** The seconds a side's requests cover (its `Coverage`), for rates; null when none. */
export interface SideWindow {
  readonly coveredSeconds: number | null;
}

export function describePathChange(
  key: string,
  baseline: ComparedPath | undefined,
  candidate: ComparedPath | undefined,
  windows: { baseline: SideWindow; candidate: SideWindow },
): PathMeasures {
  const quantileChange = (
    pick: (p: ComparedPath) => Parameters<typeof quantileOrNull>[0],
    q: number,
  ): MeasureChange =>
    measureChange(
      baseline === undefined ? null : quantileOrNull(pick(baseline), q),
      candidate === undefined ? null : quantileOrNull(pick(candidate), q),
    );
  const baseCount = baseline?.count ?? 0;
  const candCount = candidate?.count ?? 0;
  const errorRate = (p: ComparedPath | undefined): number | null =>
    p === undefined || p.count === 0 ? null : p.errors / p.count;
  const bothSides = baseline !== undefined && candidate !== undefined;
  return {
    key,
    count: measureChange(baseCount, candCount),
    rate: measureChange(
      rateOrNull(baseCount, windows.baseline.coveredSeconds),
      rateOrNull(candCount, windows.candidate.coveredSeconds),
    ),
    errorRate: measureChange(errorRate(baseline), errorRate(candidate)),
    p50Micros: quantileChange((p) => p.duration, 0.5),
    p95Micros: quantileChange((p) => p.duration, 0.95),
    p99Micros: quantileChange((p) => p.duration, 0.99),
    cpuP50Micros: quantileChange((p) => p.cpu, 0.5),
    memoryP50Bytes: quantileChange((p) => p.memory, 0.5),
    hops: bothSides
      ? candidate.hops.map((cand, position) => {
          const base = baseline.hops[position];
          const hopChange = (
            pick: (h: typeof cand) => Parameters<typeof quantileOrNull>[0],
          ): MeasureChange =>
            measureChange(
              base === undefined ? null : quantileOrNull(pick(base), 0.5),
              quantileOrNull(pick(cand), 0.5),
            );
          return {
            position,
            label: cand.label,
            selfP50Micros: hopChange((h) => h.self),
            cpuP50Micros: hopChange((h) => h.cpu),
            memoryP50Bytes: hopChange((h) => h.memory),
          };
        })
      : [],
    exemplars: {
      baseline: baseline?.exemplars.list() ?? [],
      candidate: candidate?.exemplars.list() ?? [],
    },
  };
}
