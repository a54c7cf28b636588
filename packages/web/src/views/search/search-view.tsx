/**
 * View: Search (`/search`), Jaeger's trace search in its own terms —
 * service, operation, tags (`key=value`), lookback, min/max duration,
 * limit — with the results as a duration-over-time scatter (click a dot to
 * open the trace) and a sortable list. Ticking two results opens their
 * hop-by-hop diff. The form lives in the URL, so a search is a link.
 */
import type { EChartsType } from 'echarts/core';
import { useMemo, useState } from 'preact/hooks';
import { useApi } from '../../api/use-api.js';
import { buildDurationScatterOption } from '../../components/duration-scatter-option.js';
import { EChart } from '../../components/echart.js';
import { SortableHeader } from '../../components/sortable-header.js';
import {
  ErrorMessage,
  StatusMessage,
} from '../../components/status-message.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { usePreloadedEcharts } from '../../components/load-echarts.js';
import { useTableSort } from '../../components/use-table-sort.js';
import {
  formatCount,
  formatMicros,
  formatTimestamp,
} from '../../format/format-units.js';
import { buildTracePath, buildUrl } from '../../state/build-url.js';
import { useUrlQuery } from '../../state/use-url-query.js';
import { LOOKBACKS } from '../../state/window-state.js';
import type { SearchState } from './search-state.js';
import {
  formatSearchUrlParams,
  MAX_SEARCH_LIMIT,
  parseSearchState,
  toSearchApiParams,
} from './search-state.js';
import { summarizeTrace } from './trace-summary.js';
import type { TraceSummary } from './trace-summary.js';

type Column = 'trace' | 'spans' | 'errors' | 'duration' | 'start';

function SearchForm(props: {
  readonly state: SearchState;
  readonly onSubmit: (state: SearchState) => void;
}) {
  const [state, setState] = useState(props.state);
  const set = (changes: Partial<SearchState>) =>
    setState((s) => ({ ...s, ...changes }));
  const services = useApi('services', (client, signal) =>
    client.getServices(signal),
  );
  const operations = useApi(`operations:${state.service}`, (client, signal) =>
    state.service === ''
      ? Promise.resolve([])
      : client.getOperations(state.service, signal),
  );
  const serviceNames = services.status === 'ok' ? services.data : [];
  const operationNames = operations.status === 'ok' ? operations.data : [];
  return (
    <form
      class="search-form panel"
      aria-label="Find traces"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(state);
      }}
    >
      <label>
        <span class="control-label">Service</span>
        <select
          required
          value={state.service}
          onChange={(e) =>
            set({ service: e.currentTarget.value, operation: '' })
          }
        >
          <option value="">choose a service</option>
          {serviceNames.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span class="control-label">Operation</span>
        <select
          value={state.operation}
          onChange={(e) => set({ operation: e.currentTarget.value })}
        >
          <option value="">all operations</option>
          {[...new Set(operationNames)].sort().map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label class="wide">
        <span class="control-label">Tags</span>
        <input
          type="text"
          placeholder='http.status_code=500 error=true version="v 2"'
          value={state.tags}
          onInput={(e) => set({ tags: e.currentTarget.value })}
        />
      </label>
      <label>
        <span class="control-label">Lookback</span>
        <select
          value={state.lookback}
          onChange={(e) =>
            set({ lookback: e.currentTarget.value as SearchState['lookback'] })
          }
        >
          {LOOKBACKS.map((l) => (
            <option key={l} value={l}>
              Last {l}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span class="control-label">Min duration</span>
        <input
          type="text"
          placeholder="e.g. 1.2s, 100ms"
          value={state.minDuration}
          onInput={(e) => set({ minDuration: e.currentTarget.value })}
        />
      </label>
      <label>
        <span class="control-label">Max duration</span>
        <input
          type="text"
          placeholder="e.g. 1.1s"
          value={state.maxDuration}
          onInput={(e) => set({ maxDuration: e.currentTarget.value })}
        />
      </label>
      <label>
        <span class="control-label">Limit results</span>
        <input
          type="number"
          min={1}
          max={MAX_SEARCH_LIMIT}
          value={state.limit}
          onInput={(e) => {
            const n = Number(e.currentTarget.value);
            if (Number.isInteger(n) && n >= 1) {
              set({ limit: Math.min(n, MAX_SEARCH_LIMIT) });
            }
          }}
        />
      </label>
      <button type="submit">Find traces</button>
    </form>
  );
}

function Results(props: { readonly params: [string, string][] }) {
  const { navigate } = useUrlQuery();
  const answer = useApi(`search:${JSON.stringify(props.params)}`, (c, s) =>
    c.searchTraces(props.params, s),
  );
  const summaries = useMemo(
    () =>
      answer.status === 'ok' ? answer.data.traces.map(summarizeTrace) : [],
    [answer],
  );
  const [picked, setPicked] = useState<readonly string[]>([]);
  const sort = useTableSort<TraceSummary, Column>(
    summaries,
    (t, c) =>
      c === 'trace'
        ? `${t.rootService}: ${t.rootOperation}`
        : c === 'spans'
          ? t.spans
          : c === 'errors'
            ? t.errors
            : c === 'duration'
              ? t.durationMicros
              : t.startMicros,
    { column: 'start', direction: 'desc' },
    ['trace'],
  );
  if (answer.status === 'loading') {
    return <StatusMessage kind="loading" title="Searching…" />;
  }
  if (answer.status === 'error') {
    return <ErrorMessage error={answer.error} />;
  }
  if (summaries.length === 0) {
    return (
      <StatusMessage kind="empty" title="No trace matches">
        Widen the lookback, drop a tag, or loosen the durations.
      </StatusMessage>
    );
  }
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
  const toggle = (id: string) =>
    setPicked((p) =>
      p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2),
    );
  const onReady = (chart: EChartsType): void => {
    chart.on('click', (event: unknown) => {
      const id = (event as { data?: { traceId?: string } }).data?.traceId;
      if (id !== undefined) {
        navigate(buildTracePath(id));
      }
    });
  };
  return (
    <>
      <p class="summary" data-testid="search-summary">
        {formatCount(summaries.length)}{' '}
        {summaries.length === 1 ? 'trace' : 'traces'}
        {answer.status === 'ok' &&
          answer.data.total > summaries.length &&
          ` of ${formatCount(answer.data.total)} matching`}
      </p>
      <div class="panel">
        <EChart
          option={buildDurationScatterOption(
            summaries.map((t) => ({
              traceId: t.traceId,
              startMicros: t.startMicros,
              durationMicros: t.durationMicros,
              error: t.errors > 0,
              label: `${t.rootService}: ${t.rootOperation}`,
            })),
          )}
          label={`Duration over time of the ${summaries.length} traces found; click a dot to open its trace`}
          heightPx={220}
          testId="search-scatter"
          onReady={onReady}
        />
      </div>
      <div class="find-bar">
        <button
          type="button"
          disabled={picked.length !== 2}
          onClick={() =>
            navigate(
              buildUrl('/trace-diff', [
                ['a', picked[0]],
                ['b', picked[1]],
              ]),
            )
          }
        >
          Compare the two ticked traces
        </button>
        <span class="muted">
          {picked.length === 2
            ? 'hop by hop, side by side'
            : 'tick two traces to compare them'}
        </span>
      </div>
      <div class="table-scroll">
        <table class="data-table search-table">
          <caption class="visually-hidden">Traces found</caption>
          <thead>
            <tr>
              <th scope="col">
                <span class="visually-hidden">Compare</span>
              </th>
              {header('trace', 'Trace', false)}
              {header('spans', 'Spans')}
              {header('errors', 'Errors')}
              <th scope="col">Services</th>
              {header('duration', 'Duration')}
              {header('start', 'Started')}
            </tr>
          </thead>
          <tbody>
            {sort.rows.map((t) => (
              <tr key={t.traceId}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Compare trace ${t.traceId}`}
                    checked={picked.includes(t.traceId)}
                    onChange={() => toggle(t.traceId)}
                  />
                </td>
                <th scope="row">
                  <a href={buildTracePath(t.traceId)}>
                    {t.rootService}: {t.rootOperation}
                  </a>{' '}
                  <code class="muted">{t.traceId}</code>
                </th>
                <td class="num">{formatCount(t.spans)}</td>
                <td class={`num${t.errors > 0 ? ' bad' : ''}`}>
                  {formatCount(t.errors)}
                </td>
                <td>
                  {t.services.map((s) => (
                    <span key={s.name} class="badge neutral">
                      {s.name} ({s.spans})
                    </span>
                  ))}
                </td>
                <td class="num">{formatMicros(t.durationMicros)}</td>
                <td class="num">{formatTimestamp(t.startMicros)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function SearchView() {
  usePageTitle('Search');
  usePreloadedEcharts();
  const { query, update } = useUrlQuery();
  const state = parseSearchState(query);
  const api = toSearchApiParams(state);
  const submitted = query.has('service');
  return (
    <section class="view" aria-labelledby="search-title">
      <div class="view-header">
        <h1 id="search-title">Search traces</h1>
        <p class="sub">
          By service, operation, tags and duration, as in Jaeger.
        </p>
      </div>
      <SearchForm
        key={query.toString()}
        state={state}
        onSubmit={(next) => update(formatSearchUrlParams(next))}
      />
      {!submitted ? (
        <StatusMessage kind="empty" title="Choose a service and search" />
      ) : 'error' in api ? (
        <StatusMessage kind="error" title="The search cannot be run">
          <p>{api.error}</p>
        </StatusMessage>
      ) : (
        <Results key={JSON.stringify(api.params)} params={api.params} />
      )}
    </section>
  );
}
