/**
 * A path's abnormal requests, one row per trace: its duration, every metric
 * that fired (value against the threshold and the path's median), and the hop
 * responsible — on the path, or the other branch the request waited on.
 */
import type { Anomaly, AnomalyFinding } from '../../api/api-types.js';
import { formatBytes, formatMicros } from '../../format/format-units.js';
import { SortableHeader } from '../../components/sortable-header.js';
import { useTableSort } from '../../components/use-table-sort.js';
import { buildTracePath, buildUrl } from '../../state/build-url.js';

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

type Column = 'trace' | 'duration' | 'hop' | 'excess';

export function AnomaliesTable(props: {
  readonly pathKey: string;
  readonly anomalies: readonly Anomaly[];
  readonly unlisted: number;
  /** A typical request of the path: each anomaly links to its diff against it. */
  readonly diffAgainst?: string | null;
}) {
  const sort = useTableSort<Anomaly, Column>(
    props.anomalies,
    (a, c) =>
      c === 'trace'
        ? a.traceId
        : c === 'duration'
          ? a.durationMicros
          : c === 'hop'
            ? a.hop
            : a.hopExcess,
    { column: 'duration', direction: 'desc' },
    ['trace', 'hop'],
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
            {header('trace', 'Trace', false)}
            {header('duration', 'Duration')}
            <th scope="col">What was abnormal</th>
            {header('hop', 'Responsible hop', false)}
            {header('excess', 'Hop excess')}
            <th scope="col">Diff</th>
          </tr>
        </thead>
        <tbody>
          {sort.rows.map((a) => {
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
                <td>
                  {props.diffAgainst !== undefined &&
                    props.diffAgainst !== null &&
                    props.diffAgainst !== a.traceId && (
                      <a
                        href={buildUrl('/trace-diff', [
                          ['a', props.diffAgainst],
                          ['b', a.traceId],
                          ['path', props.pathKey],
                        ])}
                        title="Compare this request with a typical one of the path, hop by hop"
                      >
                        vs typical
                      </a>
                    )}
                </td>
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
