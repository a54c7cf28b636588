/**
 * View 3, Trace (`/trace/<id>`): one trace's waterfall with the critical
 * path highlighted, hop spans marked, proxies dimmed, and the clicked
 * span's details. The selected span (`?span=`) and the collapsed rows
 * (`?fold=`) are in the URL.
 */
import { decodeJaegerTrace } from '@pathprof/engine';
import type { TraceId } from '@pathprof/model';
import { useRoute } from 'preact-iso';
import { useMemo } from 'preact/hooks';
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

function TraceBody({
  id,
  trace,
}: {
  readonly id: string;
  readonly trace: JaegerTrace;
}) {
  const { query, update } = useUrlQuery();
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
      <ul class="legend" aria-label="Legend">
        <li>
          <span class="legend-swatch critical" /> critical path
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
            No trace with this id is stored in the collector. Check the id (32
            hexadecimal digits), or it may have been removed by retention.
            Server said: {trace.error.message}
          </p>
        </StatusMessage>
      );
    }
    return <ErrorMessage error={trace.error} />;
  }
  return <TraceBody id={id} trace={trace.data} />;
}
