/**
 * A path's abnormal requests, one row per trace: its duration, every metric
 * that fired (value against the threshold and the path's median), and the hop
 * responsible — on the path, or the other branch the request waited on.
 */
import type { Anomaly, AnomalyFinding } from '../../api/api-types.js';
import { formatBytes, formatMicros } from '../../format/format-units.js';
import { buildTracePath } from '../../state/build-url.js';

function formatValue(metric: string, value: number | null): string {
  return metric === 'memory' ? formatBytes(value) : formatMicros(value);
}

function describeFinding(f: AnomalyFinding): string {
  return `${f.metric} ${formatValue(f.metric, f.value)} (median ${formatValue(f.metric, f.median)}, threshold ${formatValue(f.metric, f.threshold)})`;
}

/** One line for the Trace view: what was abnormal, and by how much. */
export function describeAnomaly(a: Anomaly): string {
  const rule = a.findings[0]?.rule ?? '';
  return `${a.findings.map(describeFinding).join('; ')} — ${rule} rule`;
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
          Abnormal requests of the path, one per trace
        </caption>
        <thead>
          <tr>
            <th scope="col">Trace</th>
            <th scope="col" class="num">
              Duration
            </th>
            <th scope="col">What was abnormal</th>
            <th scope="col">Responsible hop</th>
            <th scope="col" class="num">
              Hop excess
            </th>
          </tr>
        </thead>
        <tbody>
          {props.anomalies.map((a) => {
            const metric = a.findings[0]?.metric ?? 'duration';
            return (
              <tr key={a.traceId}>
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
                <td class="num bad">{formatMicros(a.durationMicros)}</td>
                <td>
                  {a.findings.map((f) => (
                    <div key={f.metric}>
                      {f.metric}{' '}
                      <strong>{formatValue(f.metric, f.value)}</strong>{' '}
                      <span class="muted">
                        vs median {formatValue(f.metric, f.median)}
                      </span>
                    </div>
                  ))}
                </td>
                <td>
                  {a.hop === null ? (
                    '–'
                  ) : (
                    <>
                      <code>{a.hop}</code>
                      {a.hopInOtherBranch && (
                        <span class="muted"> (another branch)</span>
                      )}
                    </>
                  )}
                </td>
                <td class="num">{formatValue(metric, a.hopExcess)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {props.unlisted > 0 && (
        <p class="muted">
          {props.unlisted} more abnormal requests are not listed.
        </p>
      )}
    </div>
  );
}
