/**
 * "Break it down" on Path detail, as Tempo Drilldown's Breakdown: the path's
 * latency and error rate split by an attribute its hops carry
 * (`service.version`, `k8s.pod.name`, `http.response.status_code`…), offered
 * from the data; optionally as one hop sees it. The attribute and hop are in
 * the URL (`by`, `byPosition`). Without a choice, the first attribute with
 * more than one value is shown. Two groups link to Compare.
 */
import type {
  BreakdownGroup,
  PathBreakdownReport,
} from '../../api/api-types.js';
import { useApi } from '../../api/use-api.js';
import { SortableHeader } from '../../components/sortable-header.js';
import {
  ErrorMessage,
  StatusMessage,
} from '../../components/status-message.js';
import { useTableSort } from '../../components/use-table-sort.js';
import {
  formatCount,
  formatMicros,
  formatShare,
} from '../../format/format-units.js';
import { buildTracePath, buildUrl } from '../../state/build-url.js';
import { useUrlQuery } from '../../state/use-url-query.js';

type Column = 'value' | 'count' | 'errors' | 'p50' | 'p95' | 'p99';

/** The attribute shown when none is chosen: the first offered with two values or more. */
export function chooseDefaultAttribute(
  report: PathBreakdownReport,
): string | null {
  return report.attributes.find((a) => a.distinctValues >= 2)?.key ?? null;
}

function GroupsTable(props: {
  readonly report: PathBreakdownReport;
  readonly pathKey: string;
}) {
  const { report } = props;
  const sort = useTableSort<BreakdownGroup, Column>(
    report.groups,
    (g, c) =>
      c === 'value'
        ? g.value
        : c === 'count'
          ? g.count
          : c === 'errors'
            ? g.errorShare
            : g.durationMicros[c],
    { column: 'count', direction: 'desc' },
    ['value'],
  );
  const maxP95 = Math.max(...report.groups.map((g) => g.durationMicros.p95), 1);
  const header = (column: Column, label: string, numeric = true) => (
    <SortableHeader
      column={column}
      label={label}
      sort={sort.column}
      direction={sort.direction}
      numeric={numeric}
      onSort={sort.onSort}
    />
  );
  return (
    <div class="table-scroll">
      <table class="data-table breakdown-table">
        <caption class="visually-hidden">
          Requests of the path by {report.by}
        </caption>
        <thead>
          <tr>
            {header('value', report.by ?? 'Value', false)}
            {header('count', 'Requests')}
            {header('errors', 'Errors')}
            {header('p50', 'p50')}
            {header('p95', 'p95')}
            {header('p99', 'p99')}
            <th scope="col">p50 → p95</th>
            <th scope="col">Slowest</th>
          </tr>
        </thead>
        <tbody>
          {sort.rows.map((g) => (
            <tr key={g.value ?? '\u0000'}>
              <th scope="row">
                {g.value === null ? (
                  <span class="muted">(not set)</span>
                ) : (
                  <code>{g.value}</code>
                )}
              </th>
              <td class="num">
                {formatCount(g.count)}{' '}
                <span class="muted">
                  ({formatShare(g.count / Math.max(report.sampled, 1))})
                </span>
              </td>
              <td class={`num${g.errors > 0 ? ' bad' : ''}`}>
                {formatShare(g.errorShare)}
              </td>
              <td class="num">{formatMicros(g.durationMicros.p50)}</td>
              <td class="num">{formatMicros(g.durationMicros.p95)}</td>
              <td class="num">{formatMicros(g.durationMicros.p99)}</td>
              <td class="bar-cell" aria-hidden="true">
                <span
                  class="range-bar"
                  style={{
                    left: `${(g.durationMicros.p50 / maxP95) * 100}%`,
                    width: `${Math.max(((g.durationMicros.p95 - g.durationMicros.p50) / maxP95) * 100, 1)}%`,
                  }}
                />
              </td>
              <td>
                {g.exemplars.slice(0, 1).map((id) => (
                  <a
                    key={id}
                    href={buildTracePath(id, { path: props.pathKey })}
                    title={`The slowest request with this value: ${id}`}
                  >
                    trace
                  </a>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function BreakdownPanel(props: {
  readonly pathKey: string;
  readonly hops: readonly string[];
  readonly params: readonly [string, string][];
  readonly refresh: number;
}) {
  const { query, update } = useUrlQuery();
  const chosen = query.get('by') ?? '';
  const positionText = query.get('byPosition');
  const position =
    positionText !== null && /^\d+$/.test(positionText)
      ? Number(positionText)
      : null;
  const offersParams: [string, string][] = [...props.params];
  const offers = useApi(
    `offers:${props.pathKey}:${JSON.stringify(offersParams)}`,
    (client, signal) =>
      client.getPathBreakdown(props.pathKey, offersParams, signal),
    props.refresh,
  );
  const by =
    chosen !== ''
      ? chosen
      : offers.status === 'ok'
        ? chooseDefaultAttribute(offers.data)
        : null;
  const params: [string, string][] = [
    ...props.params,
    ...(by === null ? [] : [['by', by] as [string, string]]),
    ...(position === null
      ? []
      : [['position', String(position)] as [string, string]]),
  ];
  const answer = useApi(
    by === null
      ? 'breakdown:none'
      : `breakdown:${props.pathKey}:${JSON.stringify(params)}`,
    (client, signal) =>
      by === null
        ? Promise.resolve(null)
        : client.getPathBreakdown(props.pathKey, params, signal),
    props.refresh,
  );
  const attributes = offers.status === 'ok' ? offers.data.attributes : [];
  const report = answer.status === 'ok' ? answer.data : null;
  const compareLink = (r: PathBreakdownReport): string | null => {
    const [a, b] = r.groups.filter((g) => g.value !== null);
    if (a === undefined || b === undefined || r.by === null) {
      return null;
    }
    // the same window: a lookback stays relative to the collector's clock
    const windowParam = (name: string): string | undefined =>
      props.params.find(([k]) => k === name)?.[1];
    return buildUrl('/compare', [
      ['mode', 'versions'],
      ['by', r.by],
      ['baseline', a.value!],
      ['candidate', b.value!],
      ['service', windowParam('service')],
      ['start', windowParam('start')],
      ['end', windowParam('end')],
      ['lookback', windowParam('lookback')],
    ]);
  };
  return (
    <section class="panel breakdown-panel" aria-labelledby="breakdown-title">
      <h2 id="breakdown-title">Break it down</h2>
      <div class="filter-form">
        <label>
          <span class="control-label">Split by</span>
          <select
            value={by ?? ''}
            onChange={(e) => update({ by: e.currentTarget.value || undefined })}
          >
            {by === null && <option value="">choose an attribute</option>}
            {attributes.map((a) => (
              <option key={a.key} value={a.key}>
                {a.key} ({a.scope}, {a.distinctValues}
                {a.distinctValues > 100 ? '+' : ''}{' '}
                {a.distinctValues === 1 ? 'value' : 'values'})
              </option>
            ))}
            {by !== null && !attributes.some((a) => a.key === by) && (
              <option value={by}>{by}</option>
            )}
          </select>
        </label>
        <label>
          <span class="control-label">On</span>
          <select
            value={position === null ? '' : String(position)}
            onChange={(e) =>
              update({ byPosition: e.currentTarget.value || undefined })
            }
          >
            <option value="">every hop of the path</option>
            {props.hops.map((hop, i) => (
              <option key={i} value={String(i)}>
                hop {i + 1}: {hop}
              </option>
            ))}
          </select>
        </label>
      </div>
      {offers.status === 'error' && <ErrorMessage error={offers.error} />}
      {(offers.status === 'loading' ||
        (by !== null && answer.status === 'loading')) && (
        <StatusMessage
          kind="loading"
          title="Reading a sample of the path's requests…"
        />
      )}
      {answer.status === 'error' && <ErrorMessage error={answer.error} />}
      {offers.status === 'ok' && by === null && (
        <StatusMessage kind="empty" title="No attribute splits these requests">
          The path's hop spans carry no attribute with more than one value in
          this window.
        </StatusMessage>
      )}
      {report !== null && answer.status === 'ok' && (
        <>
          <p class="summary" data-testid="breakdown-summary">
            {formatCount(report.sampled)}{' '}
            {report.sampled === report.total
              ? 'requests'
              : `of ${formatCount(report.total)} requests (an unbiased sample)`}{' '}
            by <code>{report.by}</code>
            {report.hop !== null && <> on {report.hop}</>}
            {(() => {
              const link = compareLink(report);
              return link === null ? null : (
                <>
                  {' '}
                  · <a href={link}>compare the two largest groups</a>
                </>
              );
            })()}
          </p>
          <GroupsTable report={report} pathKey={props.pathKey} />
        </>
      )}
    </section>
  );
}
