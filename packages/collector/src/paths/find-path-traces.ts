/** One path's exemplar and anomalous traces, from a report grouped by path. */
import type { AnalysisReport, Anomaly } from '@pathprof/model';

export interface PathTraces {
  readonly key: string;
  /** Requests of this path in the window. */
  readonly count: number;
  readonly exemplars: readonly string[];
  /** The most extreme anomalies the report keeps for the path. */
  readonly anomalies: readonly Anomaly[];
  /** Anomalies detected but not listed. */
  readonly unlistedAnomalies: number;
}

export function findPathTraces(
  report: AnalysisReport,
  key: string,
): PathTraces | null {
  const path = report.paths?.find((p) => p.key === key);
  if (path === undefined) {
    return null;
  }
  return {
    key: path.key,
    count: path.count,
    exemplars: path.exemplars,
    anomalies: path.anomalies?.items ?? [],
    unlistedAnomalies: path.anomalies?.unlisted ?? 0,
  };
}
