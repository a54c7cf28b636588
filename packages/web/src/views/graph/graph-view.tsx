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
import { buildEdgeRows, buildGraphElements } from './graph-model.js';

const GraphCanvas = lazy(() =>
  import('./graph-canvas.js').then((m) => m.GraphCanvas),
);

export function GraphView() {
  const { navigate } = useUrlQuery();
  const { state, params } = useWindowState();
  const graph = useApi(`graph:${JSON.stringify(params)}`, (client, signal) =>
    client.getServiceGraph(params, signal),
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
          <h2>Calls between services</h2>
          <div class="table-scroll">
            <table class="data-table edges-table">
              <caption class="visually-hidden">
                Calls between services in the window
              </caption>
              <thead>
                <tr>
                  <th scope="col">Caller</th>
                  <th scope="col">Callee</th>
                  <th scope="col" class="num">
                    Calls
                  </th>
                  <th scope="col" class="num">
                    Rate
                  </th>
                  <th scope="col" class="num">
                    Errors
                  </th>
                  <th scope="col" class="num">
                    p50
                  </th>
                  <th scope="col" class="num">
                    p95
                  </th>
                  <th scope="col" class="num">
                    p99
                  </th>
                </tr>
              </thead>
              <tbody>
                {buildEdgeRows(graph.data).map((e) => (
                  <tr key={`${e.source}->${e.target}`}>
                    <th scope="row">
                      <a href={pathsOf(e.source)}>{e.source}</a>
                    </th>
                    <td>
                      <a href={pathsOf(e.target)}>{e.target}</a>
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
        </>
      )}
    </section>
  );
}
