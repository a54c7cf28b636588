/**
 * View 3, Trace (`/trace/<id>`): one trace's waterfall with the critical
 * path highlighted, hop spans marked, proxies dimmed, and the clicked
 * span's details. The selected span (`?span=`) and the collapsed rows
 * (`?fold=`) are in the URL.
 */
import { decodeJaegerTrace } from '@pathprof/engine';
import type { TraceId } from '@pathprof/model';
import { useRoute } from 'preact-iso';
import { useMemo, useState } from 'preact/hooks';
import { useApiClient } from '../../api/api-context.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { buildUrl } from '../../state/build-url.js';
import { findSpans, revealRow } from './find-in-trace.js';
import { ApiError } from '../../api/api-error.js';
import type { JaegerTrace } from '../../api/api-types.js';
import { useApi } from '../../api/use-api.js';
import {
  ErrorMessage,
  StatusMessage,
} from '../../components/status-message.js';
import { formatMicros, formatTimestamp } from '../../format/format-units.js';
import { buildPathDetailPath } from '../../state/build-url.js';
import { useUrlQuery } from '../../state/use-url-query.js';
import { SpanDetails } from './span-details.js';
import { Waterfall } from './waterfall.js';
import {
  FOLD_PARAM,
  formatFoldParam,
  parseFoldParam,
} from './waterfall-fold.js';
import { buildWaterfallModel } from './waterfall-model.js';

const MAX_LISTED_REPAIRS = 20;

/** Saves `body` as a JSON file named `name` (a Blob and a temporary link). */
function saveJson(name: string, body: unknown): void {
  const url = URL.createObjectURL(
    new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function DownloadButtons(props: {
  readonly id: string;
  readonly trace: JaegerTrace;
}) {
  const client = useApiClient();
  const [failed, setFailed] = useState<string | null>(null);
  return (
    <span class="download-buttons">
      <button
        type="button"
        onClick={() =>
          saveJson(`trace-${props.id}.jaeger.json`, { data: [props.trace] })
        }
      >
        Download Jaeger JSON
      </button>
      <button
        type="button"
        onClick={() => {
          setFailed(null);
          client.getTraceOtlp(props.id).then(
            (body) => {
              const result = (body as { result?: unknown }).result ?? body;
              saveJson(`trace-${props.id}.otlp.json`, result);
            },
            (err: unknown) => setFailed(String(err)),
          );
        }}
      >
        Download OTLP JSON
      </button>
      {failed !== null && (
        <span role="alert" class="bad">
          {failed}
        </span>
      )}
    </span>
  );
}

function TraceBody({
  id,
  trace,
}: {
  readonly id: string;
  readonly trace: JaegerTrace;
}) {
  const { query, update, navigate } = useUrlQuery();
  const [findText, setFindText] = useState('');
  const [otherId, setOtherId] = useState('');
  const model = useMemo(() => {
    const decoded = decodeJaegerTrace(trace);
    return buildWaterfallModel(
      (decoded.spans[0]?.traceId ?? id) as TraceId,
      decoded.spans,
    );
  }, [trace, id]);
  const foldParam = query.get(FOLD_PARAM);
  const collapsed = useMemo(
    () => parseFoldParam(foldParam, model),
    [foldParam, model],
  );
  const spanParam = query.get('span');
  const fromPath = query.get('from');
  const hopParam = query.get('hop');
  const why = query.get('why');
  // Opened from an anomaly: its responsible hop is selected until a span is clicked.
  const found =
    spanParam !== null
      ? model.spans.findIndex((s) => s.span.spanId === spanParam)
      : hopParam !== null
        ? model.spans.findIndex((s) => s.hopLabel === hopParam)
        : -1;
  const selected = found >= 0 ? found : null;
  const selectedRow = selected === null ? undefined : model.spans[selected];
  const criticalCount = model.spans.filter((s) => s.criticalMicros > 0).length;
  const matches = useMemo(() => findSpans(model, findText), [model, findText]);
  const matchSet = useMemo(() => new Set(matches), [matches]);
  const goToMatch = (step: 1 | -1) => {
    if (matches.length === 0) {
      return;
    }
    const current = selected === null ? -1 : matches.indexOf(selected);
    const next =
      matches[
        current < 0
          ? step > 0
            ? 0
            : matches.length - 1
          : (current + step + matches.length) % matches.length
      ]!;
    const opened = revealRow(model, collapsed, next);
    update(
      {
        span: model.spans[next]!.span.spanId,
        [FOLD_PARAM]: formatFoldParam(opened, model),
      },
      true,
    );
  };
  const position = selected === null ? -1 : matches.indexOf(selected);
  return (
    <section class="view" aria-labelledby="trace-title">
      <div class="view-header">
        <h1 id="trace-title">
          Trace <code>{model.traceId}</code>
        </h1>
        <p class="sub">
          {formatTimestamp(model.startMicros)} ·{' '}
          {formatMicros(model.durationMicros)} ·{' '}
          {model.spans.length.toLocaleString('en-US')} spans ·{' '}
          {model.services.length} services · {model.hopCount} hops ·{' '}
          {criticalCount} spans on the critical path
        </p>
      </div>
      <div class="find-bar trace-actions">
        <DownloadButtons id={id} trace={trace} />
        <form
          class="find-bar"
          aria-label="Compare with another trace"
          onSubmit={(e) => {
            e.preventDefault();
            if (otherId.trim() !== '') {
              navigate(
                buildUrl('/trace-diff', [
                  ['a', otherId.trim()],
                  ['b', id],
                  ['path', fromPath ?? undefined],
                ]),
              );
            }
          }}
        >
          <label>
            <span class="visually-hidden">Trace to compare with</span>
            <input
              type="text"
              size={34}
              placeholder="compare with trace id…"
              value={otherId}
              onInput={(e) => setOtherId(e.currentTarget.value)}
            />
          </label>
          <button type="submit">Compare</button>
        </form>
      </div>
      <ul class="legend" aria-label="Legend">
        <li>
          <span class="legend-swatch critical" /> critical path (the part of a
          span on it)
        </li>
        <li>
          <span class="legend-swatch event" /> event (log)
        </li>
        <li>
          <span class="legend-swatch hop" /> hop (profiled unit of work)
        </li>
        <li>
          <span class="legend-swatch framework" /> framework span
        </li>
        <li>
          <span class="legend-swatch proxy" /> proxy (dimmed)
        </li>
      </ul>
      {fromPath !== null && (
        <p class="callout" data-testid="trace-context">
          {why === null ? 'A request' : 'An anomalous request'} of the path{' '}
          <a href={buildPathDetailPath(fromPath)}>
            <code>{fromPath}</code>
          </a>
          {why !== null && <>: {why}</>}.
          {hopParam !== null && found >= 0 && spanParam === null && (
            <>
              {' '}
              The hop most responsible, <code>{hopParam}</code>, is selected.
            </>
          )}
        </p>
      )}
      {model.warnings.length > 0 && (
        <details class="muted repairs">
          <summary>
            {model.warnings.length} repair
            {model.warnings.length === 1 ? '' : 's'} while assembling
          </summary>
          <ul>
            {model.warnings.slice(0, MAX_LISTED_REPAIRS).map((w, i) => (
              <li key={i}>{w.message}</li>
            ))}
          </ul>
          {model.warnings.length > MAX_LISTED_REPAIRS && (
            <p>…and {model.warnings.length - MAX_LISTED_REPAIRS} more.</p>
          )}
        </details>
      )}
      <div class="trace-layout">
        <Waterfall
          model={model}
          selected={selected}
          onSelect={(i) => update({ span: model.spans[i]!.span.spanId }, true)}
          collapsed={collapsed}
          onCollapsedChange={(next) =>
            update({ [FOLD_PARAM]: formatFoldParam(next, model) }, true)
          }
          matches={matchSet}
          tools={
            <form
              class="find-bar"
              role="search"
              aria-label="Find in trace"
              onSubmit={(e) => {
                e.preventDefault();
                goToMatch(1);
              }}
            >
              <label>
                <span class="visually-hidden">Find in trace</span>
                <input
                  type="search"
                  placeholder="find: service, operation, tag=value…"
                  value={findText}
                  onInput={(e) => setFindText(e.currentTarget.value)}
                />
              </label>
              <button type="button" onClick={() => goToMatch(-1)}>
                ↑
              </button>
              <button type="submit">↓</button>
              <span class="muted" aria-live="polite" data-testid="find-count">
                {findText.trim() === ''
                  ? ''
                  : matches.length === 0
                    ? 'no match'
                    : position >= 0
                      ? `${position + 1} of ${matches.length}`
                      : `${matches.length} ${matches.length === 1 ? 'match' : 'matches'}`}
              </span>
            </form>
          }
        />
        {selectedRow === undefined ? (
          <aside class="span-details panel">
            <p class="muted">
              Click a span (or focus the list and use ↑/↓) to see its attributes
              and events.
            </p>
          </aside>
        ) : (
          <SpanDetails row={selectedRow} traceStartMicros={model.startMicros} />
        )}
      </div>
    </section>
  );
}

export function TraceView() {
  const { params } = useRoute();
  const id = params['id'] ?? '';
  usePageTitle(`Trace ${id}`);
  const trace = useApi(`trace:${id}`, (client, signal) =>
    client.getTrace(id, signal),
  );
  if (trace.status === 'loading') {
    return <StatusMessage kind="loading" title={`Loading trace ${id}…`} />;
  }
  if (trace.status === 'error') {
    if (
      trace.error instanceof ApiError &&
      (trace.error.status === 404 || trace.error.status === 400)
    ) {
      return (
        <StatusMessage kind="error" title={`Trace ${id} was not found`}>
          <p>
            No trace with this id is stored in the collector. Check the id (16
            or 32 hexadecimal digits), or it may have been removed by retention.
            Server said: {trace.error.message}
          </p>
        </StatusMessage>
      );
    }
    return <ErrorMessage error={trace.error} />;
  }
  return <TraceBody id={id} trace={trace.data} />;
}
