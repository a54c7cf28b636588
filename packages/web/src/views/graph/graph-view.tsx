/**
 * View 4, Service graph (`/graph`): services and the calls between them in
 * the window, with rate, error share and latency; clicking a service opens
 * the Paths view filtered to it.
 */
import { lazy } from 'preact-iso';
import { useApi } from '../../api/use-api.js';
import {
  ErrorMessage,
  StatusMessage,
} from '../../components/status-message.js';
import {
  formatCount,
  formatMicros,
  formatRate,
  formatShare,
} from '../../format/format-units.js';
import { buildUrl } from '../../state/build-url.js';
import { useUrlQuery } from '../../state/use-url-query.js';
import { useWindowState } from '../../state/use-window-state.js';
import { formatWindowParams } from '../../state/window-state.js';
import {
  buildEdgeRows,
  buildGraphElements,
  ERROR_SCALE,
} from './graph-model.js';
import type { EdgeRow } from './graph-model.js';
import { SortableHeader } from '../../components/sortable-header.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { useTableSort } from '../../components/use-table-sort.js';

type Column =
  'source' | 'target' | 'calls' | 'rate' | 'errors' | 'p50' | 'p95' | 'p99';

function EdgesTable(props: {
  readonly rows: readonly EdgeRow[];
  readonly pathsOf: (service: string) => string;
}) {
  const sort = useTableSort<EdgeRow, Column>(
    props.rows,
    (e, c) =>
      ({
        source: e.source,
        target: e.target,
        calls: e.calls,
        rate: e.ratePerSecond,
        errors: e.errorShare,
        p50: e.p50Micros,
        p95: e.p95Micros,
        p99: e.p99Micros,
      })[c],
    { column: 'source', direction: 'asc' },
    ['source', 'target'],
  );
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
      <table class="data-table edges-table">
        <caption class="visually-hidden">
          Calls between services in the window
        </caption>
        <thead>
          <tr>
            {header('source', 'Caller', false)}
            {header('target', 'Callee', false)}
            {header('calls', 'Calls')}
            {header('rate', 'Rate')}
            {header('errors', 'Errors')}
            {header('p50', 'p50')}
            {header('p95', 'p95')}
            {header('p99', 'p99')}
          </tr>
        </thead>
        <tbody>
          {sort.rows.map((e) => (
            <tr key={`${e.source}->${e.target}`}>
              <th scope="row">
                <a href={props.pathsOf(e.source)}>{e.source}</a>
              </th>
              <td>
                <a href={props.pathsOf(e.target)}>{e.target}</a>
              </td>
              <td class="num">{formatCount(e.calls)}</td>
              <td class="num">{formatRate(e.ratePerSecond)}</td>
              <td class={`num${e.errorShare > 0 ? ' bad' : ''}`}>
                {formatShare(e.errorShare)}
              </td>
              <td class="num">{formatMicros(e.p50Micros)}</td>
              <td class="num">{formatMicros(e.p95Micros)}</td>
              <td class="num">{formatMicros(e.p99Micros)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const GraphCanvas = lazy(() =>
  import('./graph-canvas.js').then((m) => m.GraphCanvas),
);

export function GraphView() {
  usePageTitle('Service graph');
  const { navigate } = useUrlQuery();
  const { state, apiParams } = useWindowState();
  const graph = useApi(`graph:${JSON.stringify(apiParams)}`, (client, signal) =>
    client.getServiceGraph(apiParams, signal),
  );
  const pathsOf = (service: string) =>
    buildUrl('/paths', formatWindowParams({ ...state, service }));
  return (
    <section class="view" aria-labelledby="graph-title">
      <div class="view-header">
        <h1 id="graph-title">Service graph</h1>
        <p class="sub">Click a service to see the paths through it.</p>
      </div>
      {graph.status === 'loading' && (
        <StatusMessage kind="loading" title="Building the service graph…" />
      )}
      {graph.status === 'error' && <ErrorMessage error={graph.error} />}
      {graph.status === 'ok' && graph.data.nodes.length === 0 && (
        <StatusMessage kind="empty" title="No services in this window">
          Widen the window or clear the service filter.
        </StatusMessage>
      )}
      {graph.status === 'ok' && graph.data.nodes.length > 0 && (
        <>
          <p class="summary">
            {formatCount(graph.data.traces)} traces · {graph.data.nodes.length}{' '}
            services · {graph.data.edges.length} calls between services
          </p>
          <div class="panel graph-panel">
            <GraphCanvas
              elements={buildGraphElements(graph.data)}
              onSelectService={(service) => navigate(pathsOf(service))}
            />
          </div>
          <p class="muted graph-legend">
            Colour: error rate, from blue (none) to red (
            {formatShare(ERROR_SCALE)} or more).
            {state.service !== undefined &&
              ` Only the calls on paths through ${state.service}.`}
          </p>
          <h2>Calls between services</h2>
          <EdgesTable rows={buildEdgeRows(graph.data)} pathsOf={pathsOf} />
        </>
      )}
    </section>
  );
}
