/** Per-path changes of a comparison: verdict, significance, percentiles, rate, CPU and the hop that explains it. */
import type {
  ComparisonReport,
  MeasureChange,
  PathComparison,
} from '../../api/api-types.js';
import {
  formatBytes,
  formatMicros,
  formatRate,
  formatShare,
} from '../../format/format-units.js';
import { buildTracePath } from '../../state/build-url.js';
import { describeChange } from './measure-change.js';

const VERDICT_CLASS: Readonly<Record<PathComparison['verdict'], string>> = {
  regressed: 'anomaly',
  improved: 'good',
  appeared: 'warn',
  vanished: 'warn',
  unchanged: 'neutral',
  insufficient: 'neutral',
};

function ChangeCell(props: {
  readonly measure: MeasureChange;
  readonly format: (v: number | null) => string;
  readonly higherIsWorse?: boolean;
}) {
  const text = describeChange(
    props.measure,
    props.format,
    props.higherIsWorse ?? true,
  );
  return (
    <td class="num change-cell">
      <span
        class={
          text.direction === 'worse'
            ? 'bad'
            : text.direction === 'better'
              ? 'good'
              : undefined
        }
      >
        {text.change}
      </span>
      <span class="change-sides">{text.sides}</span>
    </td>
  );
}

function Significance({ path }: { readonly path: PathComparison }) {
  if (path.test === undefined) {
    return <span class="muted">–</span>;
  }
  const p = path.test.pValue < 0.001 ? '< 0.001' : path.test.pValue.toFixed(3);
  return path.test.significant ? (
    <span class="significant" title={`${path.test.method}: p = ${p}`}>
      ★ <span class="visually-hidden">significant, </span>p {p}
    </span>
  ) : (
    <span class="muted" title={`${path.test.method}: p = ${p}`}>
      p {p}
    </span>
  );
}

function ResponsibleHop({ path }: { readonly path: PathComparison }) {
  const hop = path.responsibleHop;
  if (hop === undefined) {
    return <span class="muted">–</span>;
  }
  const format = hop.measure === 'memoryBytes' ? formatBytes : formatMicros;
  const measure = {
    selfMicros: 'self',
    cpuMicros: 'CPU',
    waitingMicros: 'waiting',
    memoryBytes: 'memory',
  }[hop.measure];
  return (
    <span>
      <code>{hop.label}</code> {measure}{' '}
      {describeChange(hop.p50, format).change}
      {hop.shareOfPathChange !== null && (
        <span class="muted">
          {' '}
          ({formatShare(hop.shareOfPathChange)} of the change)
        </span>
      )}
    </span>
  );
}

function ExemplarLinks({ path }: { readonly path: PathComparison }) {
  const baseline = path.exemplars.baseline[0];
  const candidate = path.exemplars.candidate[0];
  if (baseline === undefined && candidate === undefined) {
    return null;
  }
  return (
    <span class="exemplar-links">
      traces:{' '}
      {baseline !== undefined && (
        <a href={buildTracePath(baseline)}>baseline</a>
      )}
      {baseline !== undefined && candidate !== undefined && ' · '}
      {candidate !== undefined && (
        <a href={buildTracePath(candidate)}>candidate</a>
      )}
    </span>
  );
}

export function CompareTable({
  report,
}: {
  readonly report: ComparisonReport;
}) {
  return (
    <div class="table-scroll">
      <table class="data-table compare-table">
        <caption class="visually-hidden">
          Paths of {report.candidate.label} compared with{' '}
          {report.baseline.label}
        </caption>
        <thead>
          <tr>
            <th scope="col">Path</th>
            <th scope="col">Verdict</th>
            <th scope="col">Significance</th>
            <th scope="col" class="num">
              p50
            </th>
            <th scope="col" class="num">
              p95
            </th>
            <th scope="col" class="num">
              p99
            </th>
            <th scope="col" class="num">
              Rate
            </th>
            <th scope="col" class="num">
              CPU p50
            </th>
            <th scope="col">Responsible hop</th>
          </tr>
        </thead>
        <tbody>
          {report.paths.map((path) => (
            <tr key={path.key}>
              <th scope="row" class="path-key">
                {path.key}
                <ExemplarLinks path={path} />
              </th>
              <td>
                <span class={`badge ${VERDICT_CLASS[path.verdict]}`}>
                  {path.verdict}
                </span>
              </td>
              <td>
                <Significance path={path} />
              </td>
              <ChangeCell measure={path.p50Micros} format={formatMicros} />
              <ChangeCell measure={path.p95Micros} format={formatMicros} />
              <ChangeCell measure={path.p99Micros} format={formatMicros} />
              <ChangeCell
                measure={path.rate}
                format={formatRate}
                higherIsWorse={false}
              />
              <ChangeCell measure={path.cpuP50Micros} format={formatMicros} />
              <td class="responsible-hop">
                <ResponsibleHop path={path} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
