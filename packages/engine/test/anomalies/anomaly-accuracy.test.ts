import { describe, expect, it } from 'vitest';
import { PathProfiler } from '@pathprof/engine';
import { generateJitteredSeedTraces, ROUTES } from './jittered-seed-traces.js';

/** Labels of the decorated hops below (and including) `label` in the seed routes. */
function subtreeOf(label: string): Set<string> {
  const out = new Set<string>();
  const visit = (h: (typeof ROUTES)[string], inside: boolean): void => {
    const own = h.fn === null ? null : `${h.service}:${h.fn}`;
    const now = inside || own === label;
    if (now && own !== null) {
      out.add(own);
    }
    h.calls.forEach((c) => visit(c, now));
  };
  Object.values(ROUTES).forEach((r) => visit(r, false));
  return out;
}

describe('anomaly detection on jittered seed traffic with injected slowdowns', () => {
  it('finds the slowed requests with precision and recall ≥ 0.9 and names the slowed hop', () => {
    const { traces, slowdowns } = generateJitteredSeedTraces(6000, 20261207);
    const profiler = new PathProfiler();
    for (const t of traces) {
      profiler.addTrace(t.traceId, t.spans);
    }
    const report = profiler.report({ anomalies: true });

    // ground truth: requests that ended ≥ 15 ms later because of the injection
    const truth = new Map(
      slowdowns
        .filter((s) => s.requestDelayMicros >= 15_000)
        .map((s) => [s.traceId as string, s]),
    );
    expect(truth.size).toBeGreaterThan(60);

    let flagged = 0;
    let truePositives = 0;
    let rightHop = 0;
    let positives = 0;
    for (const path of report.paths!) {
      const tracesOfPath = new Set(
        traces
          .filter((t) => truth.has(t.traceId))
          .filter((t) =>
            // a path of a slowed request: its first hop ran in the request
            t.spans.some(
              (s) =>
                s.operation ===
                `${path.key.split(' > ')[0]!.split(':')[1]}_summary`,
            ),
          )
          .map((t) => t.traceId as string),
      );
      positives += tracesOfPath.size;
      for (const a of path.anomalies!.items) {
        if (!a.findings.some((f) => f.metric === 'duration')) {
          continue;
        }
        flagged++;
        const slow = truth.get(a.traceId);
        if (slow === undefined) {
          continue;
        }
        truePositives++;
        const right = a.hopInOtherBranch
          ? subtreeOf(a.hop!).has(slow.hop)
          : a.hop === slow.hop;
        if (right) {
          rightHop++;
        }
      }
    }
    const precision = truePositives / flagged;
    const recall = truePositives / positives;
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(rightHop / truePositives).toBeGreaterThanOrEqual(0.9);
  });
});
