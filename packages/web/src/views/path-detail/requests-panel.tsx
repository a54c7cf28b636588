/**
 * "Find the requests" on Path detail: the path's requests slower (or faster)
 * than a duration, with errors, or measured at one hop ("where svc-e:e1 took
 * over 500 ms"), listed and plotted as duration over time. The filter lives
 * in the URL, so a histogram bar (which sets the duration bounds) and a
 * shared link land here. Each request opens its trace, or its diff against
 * the path's typical request.
 */
import type { EChartsType } from 'echarts/core';
import { useState } from 'preact/hooks';
import type { PathRequest } from '../../api/api-types.js';
import { useApi } from '../../api/use-api.js';
import { buildDurationScatterOption } from '../../components/duration-scatter-option.js';
import { EChart } from '../../components/echart.js';
import { SortableHeader } from '../../components/sortable-header.js';
import {
  ErrorMessage,
  StatusMessage,
} from '../../components/status-message.js';
import { useTableSort } from '../../components/use-table-sort.js';
import {
  formatCount,
  formatMicros,
  formatTimestamp,
} from '../../format/format-units.js';
import { buildTracePath, buildUrl } from '../../state/build-url.js';
import { useUrlQuery } from '../../state/use-url-query.js';
import type { RequestFilter } from './requests-state.js';
import {
  formatRequestFilter,
  parseRequestFilter,
  REQUEST_LIMITS,
  toRequestParams,
} from './requests-state.js';

type Column = 'trace' | 'start' | 'duration' | 'hop' | 'error';

export function buildTraceDiffPath(
  a: string,
  b: string,
  path?: string,
): string {
  return buildUrl('/trace-diff', [
    ['a', a],
    ['b', b],
    ['path', path],
  ]);
}

function FilterForm(props: {
  readonly filter: RequestFilter;
  readonly hops: readonly string[];
  readonly onSubmit: (filter: RequestFilter) => void;
}) {
  const [filter, setFilter] = useState(props.filter);
  const set = (changes: Partial<RequestFilter>) =>
    setFilter((f) => ({ ...f, ...changes }));
  return (
    <form
      class="filter-form"
      aria-label="Which requests to list"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(filter);
      }}
    >
      <label>
        <span class="control-label">Measured at</span>
        <select
          value={filter.position === null ? '' : String(filter.position)}
          onChange={(e) => {
            const v = e.currentTarget.value;
            set({ position: v === '' ? null : Number(v) });
          }}
        >
          <option value="">the whole request</option>
          {props.hops.map((hop, i) => (
            <option key={i} value={String(i)}>
              hop {i + 1}: {hop}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span class="control-label">Slower than</span>
        <input
          type="text"
          size={8}
          placeholder="e.g. 250ms"
          value={filter.minDuration}
          onInput={(e) => set({ minDuration: e.currentTarget.value.trim() })}
        />
      </label>
      <label>
        <span class="control-label">Faster than</span>
        <input
          type="text"
          size={8}
          placeholder="e.g. 2s"
          value={filter.maxDuration}
          onInput={(e) => set({ maxDuration: e.currentTarget.value.trim() })}
        />
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={filter.errors}
          onChange={(e) => set({ errors: e.currentTarget.checked })}
        />
        <span>with errors</span>
      </label>
      <label>
        <span class="control-label">Order</span>
        <select
          value={filter.orderBy}
          onChange={(e) =>
            set({
              orderBy: e.currentTarget.value === 'start' ? 'start' : 'duration',
            })
          }
        >
          <option value="duration">slowest first</option>
          <option value="start">latest first</option>
        </select>
      </label>
      <label>
        <span class="control-label">Limit</span>
        <select
          value={String(filter.limit)}
          onChange={(e) => set({ limit: Number(e.currentTarget.value) })}
        >
          {REQUEST_LIMITS.map((l) => (
            <option key={l} value={String(l)}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Find requests</button>
    </form>
  );
}

export function RequestsPanel(props: {
  readonly pathKey: string;
  readonly hops: readonly string[];
  readonly params: readonly [string, string][];
  readonly refresh: number;
  /** A typical request of the path, to diff a listed one against. */
  readonly typicalTraceId: string | null;
}) {
  const { query, update, navigate } = useUrlQuery();
  const filter = parseRequestFilter(query);
  const params: [string, string][] = [
    ...props.params,
    ...toRequestParams(filter),
  ];
  const answer = useApi(
    `requests:${props.pathKey}:${JSON.stringify(params)}`,
    (client, signal) => client.getPathRequests(props.pathKey, params, signal),
    props.refresh,
  );
  const requests = answer.status === 'ok' ? answer.data.requests : [];
  const sort = useTableSort<PathRequest, Column>(
    requests,
    (r, c) =>
      c === 'trace'
        ? r.traceId
        : c === 'start'
          ? r.startMicros
          : c === 'duration'
            ? r.durationMicros
            : c === 'hop'
              ? r.hopDurationMicros
              : r.error
                ? 1
                : 0,
    {
      column: filter.orderBy === 'start' ? 'start' : 'duration',
      direction: 'desc',
    },
    ['trace'],
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
  const onReady = (chart: EChartsType): void => {
    chart.on('click', (event: unknown) => {
      const id = (event as { data?: { traceId?: string } }).data?.traceId;
      if (id !== undefined) {
        navigate(buildTracePath(id, { path: props.pathKey }));
      }
    });
  };
  return (
    <section class="panel requests-panel" aria-labelledby="requests-title">
      <h2 id="requests-title">Find the requests</h2>
      <FilterForm
        key={query.toString()}
        filter={filter}
        hops={props.hops}
        onSubmit={(next) => update(formatRequestFilter(next))}
      />
      {answer.status === 'loading' && (
        <StatusMessage kind="loading" title="Finding the requests…" />
      )}
      {answer.status === 'error' && <ErrorMessage error={answer.error} />}
      {answer.status === 'ok' && (
        <>
          <p class="summary" data-testid="requests-summary">
            {formatCount(answer.data.total)}{' '}
            {answer.data.total === 1 ? 'request matches' : 'requests match'}
            {answer.data.total > requests.length &&
              ` · ${formatCount(requests.length)} listed`}
            {answer.data.hop !== null && ` · measured at ${answer.data.hop}`}
          </p>
          {requests.length === 0 ? (
            <StatusMessage kind="empty" title="No request matches">
              Loosen the filter or widen the window.
            </StatusMessage>
          ) : (
            <div class="grid-2">
              <div>
                <EChart
                  option={buildDurationScatterOption(
                    requests.map((r) => ({
                      traceId: r.traceId,
                      startMicros: r.startMicros,
                      durationMicros: r.hopDurationMicros ?? r.durationMicros,
                      error: r.hopError ?? r.error,
                    })),
                  )}
                  label={`Duration over time of the ${requests.length} requests listed; click a dot to open its trace`}
                  heightPx={260}
                  testId="requests-scatter"
                  onReady={onReady}
                />
              </div>
              <div class="table-scroll short">
                <table class="data-table requests-table">
                  <caption class="visually-hidden">
                    Requests of the path that match the filter
                  </caption>
                  <thead>
                    <tr>
                      {header('trace', 'Trace', false)}
                      {header('start', 'Start')}
                      {header('duration', 'Duration')}
                      {answer.data.hop !== null &&
                        header('hop', answer.data.hop)}
                      {header('error', 'Error')}
                      <th scope="col">Diff</th>
                    </tr>
                  </thead>
                  <tbody>
                    {sort.rows.map((r) => (
                      <tr key={r.traceId}>
                        <th scope="row">
                          <a
                            href={buildTracePath(r.traceId, {
                              path: props.pathKey,
                            })}
                          >
                            <code>{r.traceId}</code>
                          </a>
                        </th>
                        <td class="num">{formatTimestamp(r.startMicros)}</td>
                        <td class="num">{formatMicros(r.durationMicros)}</td>
                        {answer.data.hop !== null && (
                          <td class="num">
                            {formatMicros(r.hopDurationMicros)}
                          </td>
                        )}
                        <td class={(r.hopError ?? r.error) ? 'bad' : undefined}>
                          {(r.hopError ?? r.error) ? 'error' : ''}
                        </td>
                        <td>
                          {props.typicalTraceId !== null &&
                            props.typicalTraceId !== r.traceId && (
                              <a
                                href={buildTraceDiffPath(
                                  props.typicalTraceId,
                                  r.traceId,
                                  props.pathKey,
                                )}
                                title="Compare this request with a typical one of the path, hop by hop"
                              >
                                vs typical
                              </a>
                            )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
