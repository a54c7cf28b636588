/** Where to look once the demo's profile is printed. */
import type { RunningCollector } from '@pathprof/collector';
import type { AnalysisReport } from '@pathprof/model';

/** The demo's load, for links into the UI. */
export interface DemoRun {
  readonly loadStartMicros: number;
  readonly loadEndMicros: number;
  readonly report: AnalysisReport;
}

export function describeDemoAddresses(
  collector: RunningCollector,
  showcaseEntryUrl: string,
  once: boolean,
  run?: DemoRun,
): string {
  const q = collector.queryUrl;
  const ui = `${collector.urls.query!}/`;
  const lines = [
    `UI                ${ui}  (paths, path detail, traces, service graph, compare)`,
    ...(run === undefined || once ? [] : describeRunLinks(ui, run)),
    `path API          ${q}/api/paths?groupBy=path`,
    `Jaeger query API  ${q}/api/traces?service=svc-a&limit=20  (v1; api_v3 under ${q}/api/v3)`,
    `metrics           ${collector.urls.query!}/metrics`,
    `OTLP/HTTP         ${collector.urls.otlp!}/v1/traces  (point your own services here)`,
    `showcase entry    ${showcaseEntryUrl}  (its routes take your own requests too)`,
    once
      ? 'stopped (--once).'
      : 'the showcase keeps running; Ctrl-C stops everything.',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Links into what this run produced: its slowest path, and its two halves
 * compared (one run has a single version, so halves are what compares).
 */
function describeRunLinks(ui: string, run: DemoRun): string[] {
  const window = `start=${Math.floor(run.loadStartMicros)}&end=${Math.ceil(run.loadEndMicros)}`;
  const slowest = [...(run.report.paths ?? [])].sort(
    (a, b) => b.durationMicros.p95 - a.durationMicros.p95,
  )[0];
  const mid = Math.round((run.loadStartMicros + run.loadEndMicros) / 2);
  return [
    ...(slowest === undefined
      ? []
      : [
          `slowest path      ${ui}path/${encodeURIComponent(slowest.key)}?${window}`,
        ]),
    `compare halves    ${ui}compare?mode=windows&baselineStart=${Math.floor(run.loadStartMicros)}&baselineEnd=${mid}&candidateStart=${mid}&candidateEnd=${Math.ceil(run.loadEndMicros)}`,
  ];
}
