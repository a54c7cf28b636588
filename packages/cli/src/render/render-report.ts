/** Renders an analysis report as a terminal table, Markdown, CSV or JSON. */
import type {
  AnalysisReport,
  HopProfile,
  PathProfile,
  SummaryStats,
} from '@pathprof/model';
import {
  formatBytes,
  formatCount,
  formatMicros,
  formatPercent,
  formatRate,
  formatSeconds,
  formatShare,
} from './format-units.js';
import { shortenPathKey } from './shorten-path-key.js';
import type { Column } from './text-table.js';
import {
  renderCsv,
  renderMarkdownTable,
  renderTextTable,
} from './text-table.js';

export type OutputFormat = 'table' | 'json' | 'csv' | 'markdown';

export interface RenderOptions {
  readonly format: OutputFormat;
  /** Show each hop's share of the critical path. */
  readonly criticalPath?: boolean;
  /** Describe the input in the summary line (e.g. "jaeger, 2 files"). */
  readonly source?: string;
  /** List the warning samples (trace, span, what was repaired). */
  readonly verbose?: boolean;
}

export function renderReport(
  report: AnalysisReport,
  options: RenderOptions,
): string {
  switch (options.format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return renderReportCsv(report);
    case 'markdown':
    case 'table':
      return renderReportTables(report, options);
  }
}

export function renderSummaryLine(
  report: AnalysisReport,
  source?: string,
): string {
  const t = report.totals;
  const dropped = Object.entries(t.droppedSpans);
  const parts = [
    `${formatCount(t.traces)} traces`,
    `${formatCount(t.spans)} spans${
      dropped.length === 0
        ? ''
        : ` (of ${formatCount(t.spansRead)} read; dropped: ${dropped.map(([why, n]) => `${why} ${formatCount(n)}`).join(', ')})`
    }`,
    `${formatCount(t.paths)} paths`,
    `${formatCount(t.warnings)} warnings`,
  ];
  if (t.coverage !== null && t.coverage.seconds > 0) {
    parts.push(`over ${formatSeconds(t.coverage.seconds)}`);
  }
  if (t.cutTraces > 0) {
    parts.push(
      `${formatCount(t.cutTraces)} traces cut by the span buffer (see --max-buffered-spans)`,
    );
  }
  if (t.tracesWithoutHops > 0) {
    parts.push(`${formatCount(t.tracesWithoutHops)} traces without hops`);
  }
  const detail = Object.entries(t.warningsByCode)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  return `pathprof: ${parts.join(', ')}${source === undefined ? '' : ` (${source})`}${detail === '' ? '' : `\nwarnings: ${detail}`}`;
}

/** One line per warning sample: code, trace, span, what was repaired. */
export function renderWarningSamples(report: AnalysisReport): string {
  return report.warningSamples
    .map(
      (w) =>
        `  ${w.code}  trace ${w.traceId}${w.spanId === undefined ? '' : ` span ${w.spanId}`}: ${w.message}`,
    )
    .join('\n');
}

const pct = (
  s: SummaryStats | null | undefined,
  q: 'p50' | 'p95' | 'p99' | 'max',
): number | undefined => (s === null || s === undefined ? undefined : s[q]);

/** Widest PATH cell of the terminal table; the detail sections below it name each path whole. */
const MAX_PATH_COLUMN = 160;

function renderReportTables(
  report: AnalysisReport,
  options: RenderOptions,
): string {
  const md = options.format === 'markdown';
  const table = (cols: Column[], rows: string[][], indent = ''): string =>
    md ? renderMarkdownTable(cols, rows) : renderTextTable(cols, rows, indent);
  const out: string[] = [
    md
      ? renderSummaryLine(report, options.source).replace(/\n/g, '  \n')
      : renderSummaryLine(report, options.source),
  ];
  if (options.verbose === true && report.warningSamples.length > 0) {
    out.push(
      md
        ? renderWarningSamples(report).replace(/\n/g, '  \n')
        : renderWarningSamples(report),
    );
  }
  out.push('');
  const r = (title: string): Column => ({ title, align: 'right' });
  if (report.paths !== undefined) {
    if (report.paths.length === 0) {
      out.push('no paths found');
      return `${out.join('\n')}\n`;
    }
    out.push(
      table(
        [
          { title: 'PATH' },
          r('COUNT'),
          r('RATE'),
          r('ERR%'),
          r('P50'),
          r('P95'),
          r('P99'),
          r('MAX'),
          r('BRANCH P50'),
          r('CPU P50'),
          r('MEM P50'),
          r('INCOMPLETE'),
          ...(report.paths.some((p) => p.anomalies !== undefined)
            ? [r('ANOMALIES')]
            : []),
        ],
        report.paths.map((p) => [
          md ? p.key : shortenPathKey(p.key, MAX_PATH_COLUMN),
          formatCount(p.count),
          formatRate(p.ratePerSecond),
          formatPercent(p.errors, p.count),
          formatMicros(p.durationMicros.p50),
          formatMicros(p.durationMicros.p95),
          formatMicros(p.durationMicros.p99),
          formatMicros(p.durationMicros.max),
          formatMicros(p.branchMicros.p50),
          formatMicros(pct(p.cpuMicros, 'p50')),
          formatBytes(pct(p.memoryBytes, 'p50')),
          p.incomplete === 0 ? '' : formatCount(p.incomplete),
          ...(p.anomalies === undefined
            ? []
            : [
                p.anomalies.detected === 0
                  ? ''
                  : formatCount(p.anomalies.detected),
              ]),
        ]),
      ),
    );
    for (const p of report.paths) {
      const about = `${formatCount(p.count)} ${p.count === 1 ? 'request' : 'requests'}${p.ratePerSecond === null ? '' : `, ${formatRate(p.ratePerSecond)}`}; exemplars`;
      out.push(
        '',
        md ? `### ${p.key}` : `${p.key}  (${about} ${p.exemplars.join(' ')})`,
      );
      if (md) {
        out.push(
          '',
          `${about} ${p.exemplars.map((e) => `\`${e}\``).join(' ')}`,
          '',
        );
      }
      out.push(renderHopTable(p, options.criticalPath ?? false, table));
      const notes = describeHops(p);
      if (notes.length > 0) {
        out.push(notes.map((n) => (md ? `- ${n}` : `  ${n}`)).join('\n'));
      }
      if (p.anomalies !== undefined) {
        out.push(renderAnomalies(p, md));
      }
    }
  } else if (report.shapes !== undefined) {
    out.push(
      table(
        [...leadColumns('SHAPE'), r('MAX'), r('PATHS'), { title: 'EXEMPLAR' }],
        report.shapes.map((s) => [
          ...leadCells(s.key, s),
          formatMicros(s.durationMicros.max),
          String(s.paths.length + s.unlistedPaths),
          s.exemplars[0] ?? '',
        ]),
      ),
    );
  } else if (report.hops !== undefined) {
    out.push(
      table(
        [
          ...leadColumns('HOP'),
          r('SELF P50'),
          r('CPU P50'),
          r('WAIT P50'),
          r('MEM P50'),
          ...(options.criticalPath === true
            ? [r('CRIT P50'), r('CRIT P95')]
            : []),
        ],
        report.hops.map((h) => [
          ...leadCells(h.label, h),
          formatMicros(h.selfMicros.p50),
          formatMicros(pct(h.cpuMicros, 'p50')),
          formatMicros(pct(h.waitingMicros, 'p50')),
          formatBytes(pct(h.memoryBytes, 'p50')),
          ...(options.criticalPath === true
            ? [
                formatShare(h.criticalPathShare.p50),
                formatShare(h.criticalPathShare.p95),
              ]
            : []),
        ]),
      ),
    );
  }
  return `${out.join('\n')}\n`;
}

/** The columns every summary table starts with: name, count, error rate, latency percentiles. */
function leadColumns(title: string): Column[] {
  const r = (t: string): Column => ({ title: t, align: 'right' });
  return [{ title }, r('COUNT'), r('ERR%'), r('P50'), r('P95'), r('P99')];
}

function leadCells(
  name: string,
  g: { count: number; errors: number; durationMicros: SummaryStats },
): string[] {
  return [
    name,
    formatCount(g.count),
    formatPercent(g.errors, g.count),
    formatMicros(g.durationMicros.p50),
    formatMicros(g.durationMicros.p95),
    formatMicros(g.durationMicros.p99),
  ];
}

function renderHopTable(
  p: PathProfile,
  criticalPath: boolean,
  table: (cols: Column[], rows: string[][], indent?: string) => string,
): string {
  const r = (title: string): Column => ({ title, align: 'right' });
  const cols: Column[] = [
    { title: 'HOP' },
    r('CALLS'),
    r('P50'),
    r('P95'),
    r('SELF P50'),
    r('SELF P95'),
    r('CPU P50'),
    r('WAIT P50'),
    r('MEM P50'),
    r('ERR'),
  ];
  if (criticalPath) {
    cols.push(r('CRIT P50'), r('CRIT P95'));
  }
  const rows = p.hops.map((h) => {
    const row = [
      `${'  '.repeat(Math.min(h.position, 8))}${h.label}`,
      formatCalls(h),
      formatMicros(h.durationMicros.p50),
      formatMicros(h.durationMicros.p95),
      formatMicros(h.selfMicros.p50),
      formatMicros(h.selfMicros.p95),
      formatMicros(pct(h.cpuMicros, 'p50')),
      formatMicros(pct(h.waitingMicros, 'p50')),
      formatBytes(pct(h.memoryBytes, 'p50')),
      h.errors === 0 ? '' : formatCount(h.errors),
    ];
    if (criticalPath) {
      row.push(
        formatShare(h.criticalPathShare.p50),
        formatShare(h.criticalPathShare.p95),
      );
    }
    return row;
  });
  return table(cols, rows, '  ');
}

/** Calls per request (p50): `1`, or `10 serial` / `4 parallel` by the overlap factor. */
function formatCalls(h: HopProfile): string {
  const calls = h.calls.p50;
  if (calls <= 1) {
    return formatCount(Math.round(calls));
  }
  const overlap = h.overlap.p50;
  const how =
    overlap >= 1.5 ? 'parallel' : overlap >= 0.9 ? 'serial' : 'serial, gaps';
  return `${formatCount(Math.round(calls))} ${how}`;
}

/**
 * Sentences under a path's hop table for what the columns cannot say: time a
 * hop waited on other branches (and which one), repeated calls, where errors
 * came from.
 */
export function describeHops(p: PathProfile): string[] {
  const notes: string[] = [];
  const branchShare =
    p.durationMicros.p50 > 0 ? p.branchMicros.p50 / p.durationMicros.p50 : 1;
  for (const h of p.hops) {
    const other = h.inOtherBranchesMicros.p50;
    const top = h.otherBranches[0];
    if (other > 0 && top !== undefined && other >= 0.1 * h.durationMicros.p50) {
      notes.push(
        `${h.label} waits ${formatMicros(other)} (p50) on other branches, mostly ${top.value}; this path's branch takes ${formatMicros(p.branchMicros.p50)} of the request's ${formatMicros(p.durationMicros.p50)} (${formatShare(branchShare)})`,
      );
    }
    if (h.calls.p50 > 1) {
      notes.push(
        `${h.label}: ${formatCount(Math.round(h.calls.p50))} calls per request (p50), overlap ${h.overlap.p50.toFixed(1)} (1 = one after another), ${formatCount(Math.round(h.criticalCalls.p50))} on the critical path`,
      );
    }
    if (h.errors > 0 && h.errorSources.items.length > 0) {
      const sources = h.errorSources.items
        .map(
          (e) =>
            `${e.count} from ${e.carrier === 'own' ? 'its own span' : `${e.carrier} ${e.span}`}`,
        )
        .join(', ');
      notes.push(
        `${h.label} errors: ${sources}${h.errorSources.unlisted > 0 ? `, ${h.errorSources.unlisted} more` : ''}`,
      );
    }
  }
  return notes;
}

function renderAnomalies(p: PathProfile, md: boolean): string {
  const a = p.anomalies!;
  if (a.items.length === 0) {
    return md ? '\nno anomalies' : '  anomalies: none';
  }
  const lines = [
    '',
    `${md ? '' : '  '}anomalies (${a.rule} rule): ${a.detected} ${a.detected === 1 ? 'request' : 'requests'}${a.unlisted > 0 ? ` (${a.unlisted} not listed)` : ''}`,
  ];
  const value = (metric: string, v: number): string =>
    metric === 'memory' ? formatBytes(v) : formatMicros(v);
  const rows = a.items.map((x) => [
    x.traceId,
    formatMicros(x.durationMicros),
    x.findings
      .map(
        (f) =>
          `${f.metric} ${value(f.metric, f.value)} > ${value(f.metric, f.threshold)}`,
      )
      .join('; '),
    x.hop === null
      ? '-'
      : x.hopInOtherBranch
        ? `${x.hop} (other branch)`
        : x.hop,
    x.hopExcess === null
      ? '-'
      : `+${value(x.findings[0]!.metric, x.hopExcess)}`,
  ]);
  const cols: Column[] = [
    { title: 'TRACE' },
    { title: 'DURATION', align: 'right' },
    { title: 'FIRED (VALUE > THRESHOLD)' },
    { title: 'HOP' },
    { title: 'EXCESS', align: 'right' },
  ];
  lines.push(
    md ? renderMarkdownTable(cols, rows) : renderTextTable(cols, rows, '    '),
  );
  return lines.join('\n');
}

function renderReportCsv(report: AnalysisReport): string {
  const stats = (s: SummaryStats | null): (string | number)[] =>
    s === null
      ? ['', '', '', '', '', '']
      : [s.min, s.mean, s.p50, s.p95, s.p99, s.max].map((v) => round3(v));
  const statCols = (prefix: string): string[] =>
    ['min', 'mean', 'p50', 'p95', 'p99', 'max'].map((q) => `${prefix}_${q}`);
  if (report.paths !== undefined) {
    return renderCsv(
      [
        'path',
        'count',
        'rate_per_s',
        'errors',
        'incomplete',
        ...statCols('duration_us'),
        ...statCols('branch_us'),
        ...statCols('cpu_us'),
        ...statCols('memory_bytes'),
        'exemplars',
      ],
      report.paths.map((p) => [
        p.key,
        p.count,
        p.ratePerSecond === null ? '' : round3(p.ratePerSecond),
        p.errors,
        p.incomplete,
        ...stats(p.durationMicros),
        ...stats(p.branchMicros),
        ...stats(p.cpuMicros),
        ...stats(p.memoryBytes),
        p.exemplars.join(' '),
      ]),
    );
  }
  if (report.shapes !== undefined) {
    return renderCsv(
      [
        'shape',
        'count',
        'errors',
        ...statCols('duration_us'),
        'paths',
        'exemplars',
      ],
      report.shapes.map((s) => [
        s.key,
        s.count,
        s.errors,
        ...stats(s.durationMicros),
        s.paths.join(' | '),
        s.exemplars.join(' '),
      ]),
    );
  }
  return renderCsv(
    [
      'hop',
      'count',
      'errors',
      ...statCols('duration_us'),
      ...statCols('self_us'),
      ...statCols('cpu_us'),
      ...statCols('memory_bytes'),
      'exemplars',
    ],
    (report.hops ?? []).map((h) => [
      h.label,
      h.count,
      h.errors,
      ...stats(h.durationMicros),
      ...stats(h.selfMicros),
      ...stats(h.cpuMicros),
      ...stats(h.memoryBytes),
      h.exemplars.join(' '),
    ]),
  );
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
