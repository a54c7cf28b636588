/** Per-path changes of a comparison: verdict, significance, percentiles, rate, CPU and the hop that explains it. */
import type {
  CompareDistributions,
  ComparisonReport,
  MeasureChange,
  PathComparison,
} from '../../api/api-types.js';
import { SortableHeader } from '../../components/sortable-header.js';
import { useTableSort } from '../../components/use-table-sort.js';
import { OverlaidDistribution } from './overlaid-distribution.js';
import {
  formatBytes,
  formatMicros,
  formatRate,
  formatShare,
} from '../../format/format-units.js';
import { buildTracePath } from '../../state/build-url.js';
import { describeChange } from './measure-change.js';
import { changeTone, significanceMark } from './verdict-tone.js';
import type { Tone } from './verdict-tone.js';

const VERDICT_CLASS: Readonly<Record<PathComparison['verdict'], string>> = {
  regressed: 'anomaly',
  improved: 'good',
  appeared: 'warn',
  vanished: 'warn',
  unchanged: 'neutral',
  insufficient: 'neutral',
};

const TONE_CLASS: Readonly<Record<Tone, string | undefined>> = {
  worse: 'bad',
  better: 'good',
  neutral: undefined,
};

function ChangeCell(props: {
  readonly verdict: PathComparison['verdict'];
  readonly measure: MeasureChange;
  readonly format: (v: number | null) => string;
  readonly higherIsWorse?: boolean;
}) {
  const text = describeChange(
    props.measure,
    props.format,
    props.higherIsWorse ?? true,
  );
  const tone = changeTone(props.verdict, text.direction);
  return (
    <td class="num change-cell" data-tone={tone}>
      <span class={TONE_CLASS[tone]}>{text.change}</span>
      <span class="change-sides">{text.sides}</span>
    </td>
  );
}

function Significance({ path }: { readonly path: PathComparison }) {
  const mark = significanceMark(path);
  const method = path.test?.method ?? '';
  switch (mark.kind) {
    case 'none':
      return <span class="muted">–</span>;
    case 'star':
      return (
        <span
          class={`significant ${TONE_CLASS[mark.tone] ?? ''}`}
          title={`${method}: p ${mark.p}`}
        >
          ★ <span class="visually-hidden">significant, </span>p {mark.p}
        </span>
      );
    case 'below-effect':
      return (
        <span
          class="muted"
          title={`${method}: p ${mark.p}, but the change is below the minimum effect`}
        >
          p {mark.p} · change too small
        </span>
      );
    case 'not-significant':
      return (
        <span class="muted" title={`${method}: p ${mark.p}`}>
          p {mark.p}
        </span>
      );
  }
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

type Column =
  'key' | 'verdict' | 'significance' | 'p50' | 'p95' | 'p99' | 'rate' | 'cpu';

export function CompareTable(props: {
  readonly report: ComparisonReport;
  /** Path detail of a path, for the candidate side's window. */
  readonly pathLink: (key: string) => string;
  /** Both sides' distributions per path; undefined while loading. */
  readonly distributions?: CompareDistributions | undefined;
}) {
  const { report } = props;
  const order = new Map(report.paths.map((p, i) => [p.key, i]));
  const distributionOf = new Map(
    (props.distributions?.paths ?? []).map((d) => [d.key, d] as const),
  );
  const sort = useTableSort<PathComparison, Column>(
    report.paths,
    (p, c) =>
      c === 'key'
        ? p.key
        : c === 'verdict'
          ? order.get(p.key)!
          : c === 'significance'
            ? (p.test?.pValue ?? null)
            : c === 'rate'
              ? p.rate.relative
              : c === 'cpu'
                ? p.cpuP50Micros.relative
                : p[`${c}Micros`].relative,
    { column: 'verdict', direction: 'asc' },
    ['key', 'verdict', 'significance'],
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
  return (
    <div class="table-scroll">
      <table class="data-table compare-table">
        <caption class="visually-hidden">
          Paths of {report.candidate.label} compared with{' '}
          {report.baseline.label}
        </caption>
        <thead>
          <tr>
            {header('key', 'Path', false)}
            {header('verdict', 'Verdict', false)}
            {header('significance', 'Significance', false)}
            {header('p50', 'p50')}
            {header('p95', 'p95')}
            {header('p99', 'p99')}
            {header('rate', 'Rate')}
            {header('cpu', 'CPU p50')}
            <th scope="col">Responsible hop</th>
            <th scope="col">
              Latency
              <span class="legend-inline baseline" aria-hidden="true" />
              baseline
              <span class="legend-inline candidate" aria-hidden="true" />
              candidate
            </th>
          </tr>
        </thead>
        <tbody>
          {sort.rows.map((path) => {
            const d = distributionOf.get(path.key);
            return (
              <tr key={path.key} data-verdict={path.verdict}>
                <th scope="row" class="path-key">
                  <a href={props.pathLink(path.key)}>{path.key}</a>
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
                <ChangeCell
                  verdict={path.verdict}
                  measure={path.p50Micros}
                  format={formatMicros}
                />
                <ChangeCell
                  verdict={path.verdict}
                  measure={path.p95Micros}
                  format={formatMicros}
                />
                <ChangeCell
                  verdict={path.verdict}
                  measure={path.p99Micros}
                  format={formatMicros}
                />
                <ChangeCell
                  verdict={path.verdict}
                  measure={path.rate}
                  format={formatRate}
                  higherIsWorse={false}
                />
                <ChangeCell
                  verdict={path.verdict}
                  measure={path.cpuP50Micros}
                  format={formatMicros}
                />
                <td class="responsible-hop">
                  <ResponsibleHop path={path} />
                </td>
                <td>
                  {d === undefined ? (
                    <span class="muted">
                      {props.distributions === undefined ? '…' : '–'}
                    </span>
                  ) : (
                    <OverlaidDistribution d={d} />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
