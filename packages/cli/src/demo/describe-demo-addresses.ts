/** Where to look once the demo's profile is printed. */
import type { RunningCollector } from '@pathprof/collector';

export function describeDemoAddresses(
  collector: RunningCollector,
  showcaseEntryUrl: string,
  once: boolean,
): string {
  const q = collector.queryUrl;
  const lines = [
    `UI                ${collector.urls.query!}/  (paths, path detail, traces, service graph, compare)`,
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
