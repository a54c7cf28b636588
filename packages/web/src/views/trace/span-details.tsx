/** The selected span: timing, role, attributes, resource and events. */
import type { Attributes } from '@pathprof/model';
import { formatMicros } from '../../format/format-units.js';
import type { WaterfallSpan } from './waterfall-model.js';

function AttributeTable({
  title,
  attributes,
}: {
  readonly title: string;
  readonly attributes: Attributes;
}) {
  const entries = Object.entries(attributes).sort(([a], [b]) =>
    a < b ? -1 : 1,
  );
  if (entries.length === 0) {
    return null;
  }
  return (
    <table class="data-table kv-table">
      <caption>{title}</caption>
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>
              {Array.isArray(value) ? JSON.stringify(value) : String(value)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SpanDetails(props: {
  readonly row: WaterfallSpan;
  readonly traceStartMicros: number;
}) {
  const { row } = props;
  const { span } = row;
  const role = row.role === 'hop' ? `hop ${row.hopLabel ?? ''}` : row.role;
  return (
    <aside class="span-details panel" aria-labelledby="span-title">
      <h2 id="span-title">
        {span.service} <span class="muted">·</span> {span.operation}
      </h2>
      <dl class="kv">
        <dt>Span id</dt>
        <dd>
          <code>{span.spanId}</code>
        </dd>
        <dt>Role</dt>
        <dd>{role}</dd>
        <dt>Kind</dt>
        <dd>{span.kind}</dd>
        <dt>Start</dt>
        <dd>+{formatMicros(row.offsetMicros)}</dd>
        <dt>Duration</dt>
        <dd>{formatMicros(row.durationMicros)}</dd>
        <dt>Critical path</dt>
        <dd>
          {row.criticalMicros > 0
            ? formatMicros(row.criticalMicros)
            : 'not on it'}
        </dd>
        <dt>Status</dt>
        <dd class={row.error ? 'bad' : undefined}>
          {span.status}
          {span.statusMessage === undefined ? '' : `: ${span.statusMessage}`}
        </dd>
      </dl>
      <AttributeTable title="Attributes" attributes={span.attributes} />
      <AttributeTable title="Resource" attributes={span.resource} />
      {span.events.length > 0 && (
        <>
          <h3>Events</h3>
          <ul class="events">
            {span.events.map((event, i) => (
              <li key={i}>
                <strong>{event.name}</strong>{' '}
                <span class="muted">
                  at +{formatMicros(event.timeMicros - props.traceStartMicros)}
                </span>
                <AttributeTable
                  title={`${event.name} attributes`}
                  attributes={event.attributes}
                />
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
