/**
 * Both sides' end-to-end latency per path on shared logarithmic buckets, so
 * the UI can overlay them: the buckets span the smaller minimum to the larger
 * maximum of the two sides, BUCKETS of them, equal in log space. Built from
 * the samples the comparison ranks (exact values, or bins of ±1%).
 */
import type { PathSampleSet } from '@pathprof/engine';
import type { CompareDistributions, OverlaidBucket } from '@pathprof/model';

const BUCKETS = 24;

export function overlayDistributions(
  baseline: PathSampleSet,
  candidate: PathSampleSet,
): CompareDistributions {
  const keys = [
    ...new Set([...baseline.paths.keys(), ...candidate.paths.keys()]),
  ].sort();
  return {
    paths: keys.map((key) => {
      const a = baseline.paths.get(key)?.durations.toWeightedValues(false);
      const b = candidate.paths.get(key)?.durations.toWeightedValues(false);
      const all = [...(a?.values ?? []), ...(b?.values ?? [])];
      const lo = Math.max(1, Math.min(...all));
      const hi = Math.max(lo * 1.01, Math.max(...all));
      const ratio = Math.pow(hi / lo, 1 / BUCKETS);
      const buckets: {
        lowerMicros: number;
        upperMicros: number;
        baseline: number;
        candidate: number;
      }[] = Array.from({ length: BUCKETS }, (_, i) => ({
        lowerMicros: lo * Math.pow(ratio, i),
        upperMicros: i === BUCKETS - 1 ? hi : lo * Math.pow(ratio, i + 1),
        baseline: 0,
        candidate: 0,
      }));
      const place = (v: number): number =>
        Math.min(
          BUCKETS - 1,
          Math.max(
            0,
            Math.floor(Math.log(Math.max(v, lo) / lo) / Math.log(ratio)),
          ),
        );
      a?.values.forEach((v, i) => {
        buckets[place(v)]!.baseline += a.weights[i]!;
      });
      b?.values.forEach((v, i) => {
        buckets[place(v)]!.candidate += b.weights[i]!;
      });
      return {
        key,
        baselineCount: a?.total ?? 0,
        candidateCount: b?.total ?? 0,
        buckets: buckets as OverlaidBucket[],
      };
    }),
  };
}
