/**
 * View 5, Compare (`/compare`): two windows or two versions, path by path:
 * the change of p50/p95/p99, rate and CPU with a significance marker, paths
 * that appeared or vanished, and the hop that explains a regression.
 */
import { useApi } from '../../api/use-api.js';
import {
  ErrorMessage,
  StatusMessage,
} from '../../components/status-message.js';
import { formatCount, formatTimestamp } from '../../format/format-units.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { buildPathDetailPath, buildUrl } from '../../state/build-url.js';
import type { CompareState } from './compare-state.js';
import type { CompareDistributions } from '../../api/api-types.js';
import { useUrlQuery } from '../../state/use-url-query.js';
import { CompareForm } from './compare-form.js';
import {
  formatCompareApiParams,
  formatCompareUrlParams,
  parseCompareState,
} from './compare-state.js';
import { CompareTable } from './compare-table.js';
import type { ApiState } from '../../api/use-api.js';
import type { ComparisonReport } from '../../api/api-types.js';

/** The UI's label of a side: its window in the UI's date format, or `key=value`. */
function sideLabel(
  state: CompareState,
  side: 'baseline' | 'candidate',
  serverLabel: string,
): string {
  if (state.mode === 'versions') {
    return serverLabel;
  }
  const start =
    side === 'baseline' ? state.baselineStart : state.candidateStart;
  const end = side === 'baseline' ? state.baselineEnd : state.candidateEnd;
  return start === null || end === null
    ? serverLabel
    : `${formatTimestamp(start)} – ${formatTimestamp(end)}`;
}

/** Path detail for the candidate side: its window (and, for versions, the same window). */
function pathLinkFor(state: CompareState): (key: string) => string {
  const window: [string, string | undefined][] =
    state.mode === 'windows'
      ? [
          ['start', state.candidateStart?.toString()],
          ['end', state.candidateEnd?.toString()],
        ]
      : state.start !== null && state.end !== null
        ? [
            ['start', String(state.start)],
            ['end', String(state.end)],
          ]
        : [['lookback', state.lookback ?? undefined]];
  return (key) =>
    buildUrl(buildPathDetailPath(key), [['service', state.service], ...window]);
}

function CompareResult({
  report,
  state,
  distributions,
}: {
  readonly report: ApiState<ComparisonReport>;
  readonly state: CompareState;
  readonly distributions: ApiState<CompareDistributions>;
}) {
  if (report.status === 'loading') {
    return <StatusMessage kind="loading" title="Comparing the two sides…" />;
  }
  if (report.status === 'error') {
    return <ErrorMessage error={report.error} />;
  }
  const { data } = report;
  if (data.paths.length === 0) {
    return <StatusMessage kind="empty" title="Neither side holds any traces" />;
  }
  const empty =
    data.baseline.traces === 0
      ? 'baseline'
      : data.candidate.traces === 0
        ? 'candidate'
        : null;
  if (empty !== null) {
    return (
      <StatusMessage kind="empty" title={`The ${empty} holds no traces`}>
        Every path would show as{' '}
        {empty === 'baseline' ? 'appeared' : 'vanished'}. Choose a {empty} that
        holds traces: with a single run, compare its first half with its second;
        with two versions, check that the spans carry the attribute you compare
        by.
      </StatusMessage>
    );
  }
  const counts = data.summary;
  return (
    <>
      <p class="summary">
        Baseline{' '}
        <strong>{sideLabel(state, 'baseline', data.baseline.label)}</strong> (
        {formatCount(data.baseline.traces)} traces) → candidate{' '}
        <strong>{sideLabel(state, 'candidate', data.candidate.label)}</strong> (
        {formatCount(data.candidate.traces)} traces) · significance level{' '}
        {data.alpha}, minimum change {Math.round(data.minEffect * 100)}%
      </p>
      <ul class="verdict-counts" aria-label="Paths by verdict">
        <li class="badge anomaly">{counts.regressed} regressed</li>
        <li class="badge good">{counts.improved} improved</li>
        <li class="badge warn">{counts.appeared} appeared</li>
        <li class="badge warn">{counts.vanished} vanished</li>
        <li class="badge neutral">{counts.unchanged} unchanged</li>
        <li class="badge neutral">{counts.insufficient} too few samples</li>
      </ul>
      <CompareTable
        report={data}
        pathLink={pathLinkFor(state)}
        distributions={
          distributions.status === 'ok' ? distributions.data : undefined
        }
      />
    </>
  );
}

export function CompareView() {
  usePageTitle('Compare');
  const { query, update } = useUrlQuery();
  const state = parseCompareState(query);
  const apiParams = formatCompareApiParams(state);
  return (
    <section class="view" aria-labelledby="compare-title">
      <div class="view-header">
        <h1 id="compare-title">Compare</h1>
        <p class="sub">
          Which paths got slower between two windows or two versions, and which
          hop explains it.
        </p>
      </div>
      <CompareForm
        key={query.toString()}
        state={state}
        onSubmit={(next) => update(formatCompareUrlParams(next))}
      />
      {apiParams === null ? (
        <StatusMessage kind="empty" title="Choose two sides to compare">
          Two time windows (e.g. before and after a deploy), or two values of{' '}
          <code>service.version</code>.
        </StatusMessage>
      ) : (
        <CompareFetch params={apiParams} state={state} />
      )}
    </section>
  );
}

function CompareFetch({
  params,
  state,
}: {
  readonly params: [string, string][];
  readonly state: CompareState;
}) {
  const report = useApi(`compare:${JSON.stringify(params)}`, (client, signal) =>
    client.getComparison(params, signal),
  );
  // after the report: the table is usable before the second pass ends
  const distributions = useApi(
    report.status === 'ok'
      ? `distributions:${JSON.stringify(params)}`
      : 'distributions:wait',
    (client, signal) =>
      report.status === 'ok'
        ? client.getCompareDistributions(params, signal)
        : new Promise<never>(() => undefined),
  );
  return (
    <CompareResult
      report={report}
      state={state}
      distributions={distributions}
    />
  );
}
