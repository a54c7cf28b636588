/**
 * View 2, Path detail (`/path/<key>`): the path's numbers, its hops in call
 * order (chart and table), the hop that dominates the critical path, the
 * latency histogram with percentile markers, anomalies and exemplar traces.
 */
import { useRoute } from 'preact-iso';
import { ApiError } from '../../api/api-error.js';
import { useApi } from '../../api/use-api.js';
import { EChart } from '../../components/echart.js';
import {
  ErrorMessage,
  StatusMessage,
} from '../../components/status-message.js';
import { formatMicros, formatShare } from '../../format/format-units.js';
import { buildTracePath, buildUrl } from '../../state/build-url.js';
import { useLiveTick, useWindowState } from '../../state/use-window-state.js';
import { useUrlQuery } from '../../state/use-url-query.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { usePreloadedEcharts } from '../../components/load-echarts.js';
import { formatGoDuration } from '../../format/format-units.js';
import { BreakdownPanel } from './breakdown-panel.js';
import { OverTimePanel } from './over-time-panel.js';
import { buildTraceDiffPath, RequestsPanel } from './requests-panel.js';
import { REQUEST_FILTER_KEYS } from './requests-state.js';
import { AnomaliesTable } from './anomalies-table.js';
import {
  buildHopBreakdown,
  buildHopChartOption,
  findBottleneck,
  splitHopTime,
} from './hop-breakdown.js';
import { HopsTable } from './hops-table.js';
import { LatencyHistogram } from './latency-histogram.js';
import { PathSummary } from './path-summary.js';

export function PathDetailView() {
  const { params: routeParams } = useRoute();
  const key = routeParams['key'] ?? '';
  usePageTitle(`Path ${key}`);
  usePreloadedEcharts();
  const { state, params, apiParams: windowParams, setState } = useWindowState();
  const { update } = useUrlQuery();
  const tick = useLiveTick(state.live);
  // only this path's row: the path API answers 404 when the window lacks it
  const apiParams: [string, string][] = [
    ...windowParams,
    ['groupBy', 'path'],
    ['key', key],
  ];
  const report = useApi(
    JSON.stringify(apiParams),
    (client, signal) => client.getPaths(apiParams, signal),
    tick,
  );
  const found =
    report.status === 'ok'
      ? report.data.paths?.find((p) => p.key === key)
      : undefined;
  const missing =
    (report.status === 'ok' && found === undefined) ||
    (report.status === 'error' &&
      report.error instanceof ApiError &&
      report.error.status === 404);
  // a typical request: the slowest at or below the median
  const typicalParams: [string, string][] =
    found === undefined
      ? []
      : [
          ...windowParams,
          [
            'maxDuration',
            formatGoDuration(Math.ceil(found.durationMicros.p50)),
          ],
          ['limit', '1'],
        ];
  const typical = useApi(
    found === undefined
      ? 'typical:none'
      : `typical:${key}:${JSON.stringify(typicalParams)}`,
    (client, signal) =>
      found === undefined
        ? Promise.resolve(null)
        : client.getPathRequests(key, typicalParams, signal),
    tick,
  );
  const typicalTraceId =
    typical.status === 'ok'
      ? (typical.data?.requests[0]?.traceId ?? null)
      : null;
  const back = <a href={buildUrl('/paths', params)}>← All paths</a>;
  if (report.status === 'error' && !missing) {
    return <ErrorMessage error={report.error} />;
  }
  const path = found;
  if (missing) {
    return (
      <section class="view">
        {back}
        <StatusMessage
          kind="empty"
          title="This path has no requests in the window"
        >
          <p>
            <code>{key}</code> was not seen in the chosen window
            {state.service === undefined ? '' : ` for ${state.service}`}. Widen
            the window or pick the path from the list.
          </p>
        </StatusMessage>
      </section>
    );
  }
  // While the window is profiled, the panels that ask the server for
  // themselves (over time, requests, breakdown) already show: they need only
  // the key (their hop pickers fill in once the profile is in).
  const hops = path === undefined ? [] : buildHopBreakdown(path);
  const hopLabels = hops.map((h) => h.label);
  const bottleneck = findBottleneck(hops);
  const dominant = bottleneck?.kind === 'hop' ? bottleneck.row : null;
  const dominantTime = dominant === null ? null : splitHopTime(dominant);
  return (
    <section class="view" aria-labelledby="path-title">
      {back}
      <div class="view-header">
        <h1 id="path-title">
          <span class="visually-hidden">Path </span>
          <code>{key}</code>
        </h1>
      </div>
      {path === undefined ? (
        <StatusMessage
          kind="loading"
          title="Profiling the traces of the window…"
        />
      ) : (
        <PathSummary path={path} />
      )}
      {bottleneck?.kind === 'other-branch' && path !== undefined && (
        <p class="callout" data-testid="dominant-hop">
          <strong>
            <code>{bottleneck.label}</code>
          </strong>{' '}
          in another branch holds these requests up:{' '}
          <code>{bottleneck.caller.label}</code> waits{' '}
          {formatMicros(bottleneck.waitMicros)} (p50) on it. This path's own
          branch takes {formatMicros(path.branchMicros.p50)} of the request's{' '}
          {formatMicros(path.durationMicros.p50)}.
        </p>
      )}
      {dominant !== null && hops.length > 1 && (
        <p class="callout" data-testid="dominant-hop">
          <strong>
            <code>{dominant.label}</code>
          </strong>{' '}
          takes {formatShare(dominant.criticalShareP50)} of the critical path
          (p50): self {formatMicros(dominant.selfP50Micros)}
          {dominant.cpuP50Micros !== null && (
            <>
              {' '}
              (CPU {formatMicros(dominantTime!.cpu)}, off-CPU{' '}
              {formatMicros(dominantTime!.offCpu)})
            </>
          )}
          .
        </p>
      )}
      <section class="panel" aria-labelledby="over-time-title">
        <h2 id="over-time-title">Over time</h2>
        <OverTimePanel
          pathKey={key}
          params={windowParams}
          refresh={tick}
          onBrush={(startMicros, endMicros) =>
            setState({
              ...state,
              live: false,
              window: { kind: 'absolute', startMicros, endMicros },
            })
          }
        />
      </section>
      {path !== undefined && (
        <>
          <div class="grid-2">
            <div class="panel">
              <h2>Where the time goes, per hop (p50)</h2>
              <EChart
                option={buildHopChartOption(hops)}
                label={`CPU, own off-CPU time, time in the next hop and time in other branches per hop of ${path.key}`}
                heightPx={Math.max(160, 60 + hops.length * 56)}
                testId="hop-breakdown"
              />
            </div>
            <div class="panel">
              <h2>Latency distribution</h2>
              <LatencyHistogram
                pathKey={path.key}
                params={windowParams}
                stats={path.durationMicros}
                refresh={tick}
                onSelectRange={(lower, upper) => {
                  const changes: Record<string, string | undefined> = {};
                  for (const k of REQUEST_FILTER_KEYS) {
                    changes[k] = undefined;
                  }
                  update({
                    ...changes,
                    minDuration: formatGoDuration(Math.floor(lower)),
                    maxDuration: formatGoDuration(
                      Math.max(Math.ceil(upper) - 1, 0),
                    ),
                  });
                  document
                    .getElementById('requests-title')
                    ?.scrollIntoView({ block: 'start' });
                }}
              />
            </div>
          </div>
          <h2>Hops in call order</h2>
          <HopsTable rows={hops} />
        </>
      )}
      <RequestsPanel
        pathKey={key}
        hops={hopLabels}
        params={windowParams}
        refresh={tick}
        typicalTraceId={typicalTraceId}
      />
      <BreakdownPanel
        pathKey={key}
        hops={hopLabels}
        params={windowParams}
        refresh={tick}
      />
      {path !== undefined && (
        <>
          <h2>Anomalies</h2>
          <AnomaliesTable
            pathKey={path.key}
            anomalies={path.anomalies?.items ?? []}
            unlisted={path.anomalies?.unlisted ?? 0}
            diffAgainst={typicalTraceId}
          />
          <h2>Exemplar traces</h2>
          <p class="muted">
            The slowest request, then three picked evenly by trace id.
          </p>
          <ul class="exemplars">
            {path.exemplars.map((id) => (
              <li key={id}>
                <a href={buildTracePath(id, { path: path.key })}>
                  <code>{id}</code>
                </a>
                {typicalTraceId !== null && typicalTraceId !== id && (
                  <>
                    {' '}
                    <a href={buildTraceDiffPath(typicalTraceId, id, path.key)}>
                      vs typical
                    </a>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
