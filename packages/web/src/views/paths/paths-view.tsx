/**
 * View 1, Paths: every path (or shape) of the window with count, rate,
 * errors, percentiles, CPU and memory; sortable, filterable, all in the URL.
 * Sorting and filtering see every row; the table draws the first
 * FIRST_RENDER_ROWS of them until asked for all, so a window with thousands
 * of paths still renders at once (bench/ui-paths-render.mjs).
 */
import { useState } from 'preact/hooks';
import {
  ErrorMessage,
  StatusMessage,
} from '../../components/status-message.js';
import { useApi } from '../../api/use-api.js';
import { formatCount } from '../../format/format-units.js';
import { useRenderMarks } from '../../perf/use-render-marks.js';
import { useUrlQuery } from '../../state/use-url-query.js';
import { useLiveTick, useWindowState } from '../../state/use-window-state.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { buildPathRows, filterPathRows, sortPathRows } from './path-rows.js';
import type { PathColumn } from './path-rows.js';
import { PathsTable } from './paths-table.js';
import {
  defaultDirection,
  formatPathsViewParams,
  parsePathsViewState,
} from './paths-view-state.js';

const FIRST_RENDER_ROWS = 200;
/** Buckets of a row's over-time chart. */
const SPARKLINE_POINTS = 30;

export function PathsView() {
  const [showAll, setShowAll] = useState(false);
  const { query, update } = useUrlQuery();
  const { state, params, apiParams: windowParams } = useWindowState();
  const view = parsePathsViewState(query);
  usePageTitle(view.groupBy === 'path' ? 'Paths' : 'Request shapes');
  const tick = useLiveTick(state.live);
  const apiParams: [string, string][] = [
    ...windowParams,
    ['groupBy', view.groupBy],
  ];
  const report = useApi(
    JSON.stringify(apiParams),
    (client, signal) => client.getPaths(apiParams, signal),
    tick,
  );
  const seriesParams: [string, string][] = [
    ...windowParams,
    ['points', String(SPARKLINE_POINTS)],
  ];
  const series = useApi(
    view.groupBy === 'path' ? JSON.stringify(seriesParams) : 'no-series',
    (client, signal) =>
      view.groupBy === 'path'
        ? client.getPathSeries(seriesParams, signal)
        : Promise.resolve(undefined),
    tick,
  );
  useRenderMarks(
    'paths-view',
    report.status === 'ok' ? report.data : undefined,
  );

  const setView = (changes: Partial<typeof view>, replace = false) =>
    update(formatPathsViewParams({ ...view, ...changes }), replace);
  const onSort = (column: PathColumn) =>
    setView({
      sort: column,
      direction:
        column === view.sort
          ? view.direction === 'asc'
            ? 'desc'
            : 'asc'
          : defaultDirection(column),
    });

  return (
    <section class="view" aria-labelledby="paths-title">
      <div class="view-header">
        <h1 id="paths-title">Paths</h1>
        <div class="view-controls">
          <fieldset class="segmented">
            <legend class="visually-hidden">Group by</legend>
            {(['path', 'shape'] as const).map((g) => (
              <label key={g}>
                <input
                  type="radio"
                  name="groupBy"
                  value={g}
                  checked={view.groupBy === g}
                  onChange={() => setView({ groupBy: g })}
                />
                <span>By {g}</span>
              </label>
            ))}
          </fieldset>
          <label>
            <span class="control-label">Filter</span>
            <input
              type="search"
              placeholder="e.g. svc-e:e1"
              value={view.filter}
              onInput={(e) => setView({ filter: e.currentTarget.value }, true)}
            />
          </label>
        </div>
      </div>
      {report.status === 'loading' && (
        <StatusMessage
          kind="loading"
          title="Profiling the traces of the window…"
        />
      )}
      {report.status === 'error' && <ErrorMessage error={report.error} />}
      {report.status === 'ok' &&
        (() => {
          const all = buildPathRows(report.data);
          const rows = sortPathRows(
            filterPathRows(all, view.filter),
            view.sort,
            view.direction,
          );
          if (all.length === 0) {
            return (
              <StatusMessage kind="empty" title="No traces in this window">
                Widen the window, clear the service filter, or send traces to
                the collector's OTLP port (<code>POST /v1/traces</code>).
              </StatusMessage>
            );
          }
          return (
            <>
              <p class="summary" aria-live="polite">
                {formatCount(report.data.totals.traces)} traces ·{' '}
                {formatCount(all.length)}{' '}
                {view.groupBy === 'path' ? 'paths' : 'shapes'}
                {rows.length < all.length &&
                  ` · ${formatCount(rows.length)} shown`}
                {!showAll &&
                  rows.length > FIRST_RENDER_ROWS &&
                  ` · first ${formatCount(FIRST_RENDER_ROWS)} listed`}
                {(report.data.source?.indexedTraces ?? 0) > 0 && (
                  <span
                    class="muted"
                    title="Closed one-minute windows are profiled once and kept in the store's path index; the rest of the window is read trace by trace."
                  >
                    {' '}
                    · {formatCount(report.data.source!.indexedTraces)} from the
                    path index
                  </span>
                )}
              </p>
              {rows.length === 0 ? (
                <StatusMessage
                  kind="empty"
                  title={`No ${view.groupBy} matches “${view.filter}”`}
                />
              ) : (
                <PathsTable
                  rows={showAll ? rows : rows.slice(0, FIRST_RENDER_ROWS)}
                  groupBy={view.groupBy}
                  sort={view.sort}
                  direction={view.direction}
                  windowParams={params}
                  onSort={onSort}
                  series={series.status === 'ok' ? series.data : undefined}
                />
              )}
              {!showAll && rows.length > FIRST_RENDER_ROWS && (
                <p class="show-all">
                  <button type="button" onClick={() => setShowAll(true)}>
                    Show all {formatCount(rows.length)}{' '}
                    {view.groupBy === 'path' ? 'paths' : 'shapes'}
                  </button>
                </p>
              )}
            </>
          );
        })()}
    </section>
  );
}
