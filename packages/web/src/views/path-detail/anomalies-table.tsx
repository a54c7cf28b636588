/** A path's anomalous requests: trace (link), what was abnormal, by how much, and the hop responsible. */
import type { Anomaly } from '../../api/api-types.js';
import { formatBytes, formatMicros } from '../../format/format-units.js';
import { buildTracePath } from '../../state/build-url.js';

function formatMetric(anomaly: Anomaly, value: number | null): string {
  return anomaly.metric === 'memory' ? formatBytes(value) : formatMicros(value);
}

/** One line for the Trace view: what was abnormal, and by how much. */
function describeAnomaly(a: Anomaly): string {
  return `${a.metric} ${formatMetric(a, a.value)} above ${formatMetric(a, a.threshold)} (${a.rule})`;
}

export function AnomaliesTable(props: {
  readonly pathKey: string;
  readonly anomalies: readonly Anomaly[];
  readonly unlisted: number;
}) {
  if (props.anomalies.length === 0) {
    return (
      <p class="muted">No request was abnormal for this path in the window.</p>
    );
  }
  return (
    <div class="table-scroll">
      <table class="data-table anomalies-table">
        <caption class="visually-hidden">
          Anomalous requests of the path
        </caption>
        <thead>
          <tr>
            <th scope="col">Trace</th>
            <th scope="col">Metric</th>
            <th scope="col" class="num">
              Value
            </th>
            <th scope="col" class="num">
              Threshold
            </th>
            <th scope="col">Responsible hop</th>
            <th scope="col" class="num">
              Hop excess
            </th>
          </tr>
        </thead>
        <tbody>
          {props.anomalies.map((a) => (
            <tr key={`${a.traceId}-${a.metric}-${a.rule}`}>
              <th scope="row">
                <a
                  href={buildTracePath(a.traceId, {
                    path: props.pathKey,
                    ...(a.hop === null ? {} : { hop: a.hop }),
                    why: describeAnomaly(a),
                  })}
                >
                  <code>{a.traceId}</code>
                </a>
              </th>
              <td>
                {a.metric} <span class="muted">({a.rule})</span>
              </td>
              <td class="num bad">{formatMetric(a, a.value)}</td>
              <td class="num">{formatMetric(a, a.threshold)}</td>
              <td>{a.hop === null ? '–' : <code>{a.hop}</code>}</td>
              <td class="num">{formatMetric(a, a.hopExcess)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.unlisted > 0 && (
        <p class="muted">{props.unlisted} more anomalies are not listed.</p>
      )}
    </div>
  );
}
