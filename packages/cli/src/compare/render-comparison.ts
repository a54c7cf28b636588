/**
 * Output of `pathprof compare`: the report as JSON (the engine's
 * `ComparisonReport`, unchanged), or a table / Markdown table with
 * regressions first, each with its adjusted p-value (`*` when significant),
 * its p50 change and the hop responsible.
 */
import type { ComparisonReport, PathComparison } from '@pathprof/model';
import { formatCount, formatMicros } from '../render/format-units.js';
import type { Column } from '../render/text-table.js';
import { renderMarkdownTable, renderTextTable } from '../render/text-table.js';
import {
  formatHopChange,
  formatPValue,
  formatRelative,
  formatPoints,
} from './format-changes.js';

export interface RenderComparisonOptions {
  readonly format: 'table' | 'json' | 'markdown';
  /** Show unchanged paths too. */
  readonly all: boolean;
  /** Traces of a split source left out because they carried both values. */
  readonly ambiguous: number;
}

const COLUMNS: readonly Column[] = [
  { title: 'verdict' },
  { title: 'path' },
  { title: 'count', align: 'right' },
  { title: 'p50', align: 'right' },
  { title: 'Δp50', align: 'right' },
  { title: 'Δp95', align: 'right' },
  { title: 'Δp99', align: 'right' },
  { title: 'Δerrors', align: 'right' },
  { title: 'p (Holm)', align: 'right' },
  { title: 'responsible hop' },
];

export function renderComparison(
  report: ComparisonReport,
  options: RenderComparisonOptions,
): string {
  if (options.format === 'json') {
    return `${JSON.stringify(report, null, 2)}\n`;
  }
  const shown = report.paths.filter(
    (p) => options.all || p.verdict !== 'unchanged',
  );
  const hidden = report.paths.length - shown.length;
  const rows = shown.map(toRow);
  const markdown = options.format === 'markdown';
  const tested = report.paths.filter((p) => p.test !== undefined).length;
  const side = (name: string, s: ComparisonReport['baseline']): string =>
    `${name}: ${s.label} (${formatCount(s.traces)} traces${s.windowSeconds === null ? '' : `, ${formatSeconds(s.windowSeconds)}`})`;
  const method = `Mann–Whitney U on path durations, alpha ${report.alpha} Holm-adjusted over ${tested} tested paths, min effect ${+(report.minEffect * 100).toFixed(2)}% of p50`;
  const s = report.summary;
  const summary = [
    `${s.regressed} regressed`,
    `${s.improved} improved`,
    `${s.appeared} appeared`,
    `${s.vanished} vanished`,
    `${s.insufficient} with too few samples`,
    `${s.unchanged} unchanged${hidden > 0 ? ` (not shown; --all lists them)` : ''}`,
  ].join(', ');
  const notes =
    options.ambiguous > 0
      ? [
          `${formatCount(options.ambiguous)} traces carried both values and were left out`,
        ]
      : [];
  const table =
    rows.length === 0
      ? '(no path to show)'
      : markdown
        ? renderMarkdownTable(COLUMNS, rows)
        : renderTextTable(COLUMNS, rows);
  if (markdown) {
    return [
      '## pathprof compare',
      '',
      `- ${side('baseline', report.baseline)}`,
      `- ${side('candidate', report.candidate)}`,
      `- ${method}`,
      '',
      table,
      '',
      `${summary}.`,
      ...notes.map((n) => `\n${n}.`),
      '',
    ].join('\n');
  }
  return [
    side('baseline', report.baseline),
    side('candidate', report.candidate),
    method,
    '',
    table,
    '',
    summary,
    ...notes,
    '',
  ].join('\n');
}

function toRow(p: PathComparison): string[] {
  const marker = p.test?.significant === true ? ' *' : '';
  return [
    p.verdict,
    p.key,
    `${formatCount(p.count.baseline ?? 0)} → ${formatCount(p.count.candidate ?? 0)}`,
    `${formatMicros(p.p50Micros.baseline)} → ${formatMicros(p.p50Micros.candidate)}`,
    formatRelative(p.p50Micros.relative),
    formatRelative(p.p95Micros.relative),
    formatRelative(p.p99Micros.relative),
    formatPoints(p.errorRate.delta),
    p.test === undefined ? '-' : `${formatPValue(p.test.pValue)}${marker}`,
    formatHopChange(p.responsibleHop),
  ];
}

function formatSeconds(seconds: number): string {
  return seconds >= 3600 && seconds % 60 === 0
    ? `${+(seconds / 3600).toFixed(2)}h`
    : seconds >= 60
      ? `${+(seconds / 60).toFixed(1)}min`
      : `${+seconds.toFixed(1)}s`;
}
