/** Renders an analysis report as a terminal table, Markdown, CSV or JSON. */
import type {
  AnalysisReport,
  PathProfile,
  SummaryStats,
} from '@pathprof/model';
import {
  formatBytes,
  formatCount,
  formatMicros,
  formatPercent,
  formatShare,
} from './format-units.js';
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
  const parts = [
    `${formatCount(t.traces)} traces`,
    `${formatCount(t.spans)} spans`,
    `${formatCount(t.paths)} paths`,
    `${formatCount(t.warnings)} warnings`,
  ];
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

const pct = (
  s: SummaryStats | null | undefined,
  q: 'p50' | 'p95' | 'p99' | 'max',
): number | undefined => (s === null || s === undefined ? undefined : s[q]);

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
    '',
  ];
  const r = (title: string): Column => ({ title, align: 'right' });
  if (report.paths !== undefined) {
    if (report.paths.length === 0) {
      out.push('no paths found');
      return `${out.join('\n')}\n`;
    }
    out.push(
      table(
        [
          ...leadColumns('PATH'),
          r('MAX'),
          r('CPU P50'),
          r('MEM P50'),
          r('INCOMPLETE'),
        ],
        report.paths.map((p) => [
          ...leadCells(p.key, p),
          formatMicros(p.durationMicros.max),
          formatMicros(pct(p.cpuMicros, 'p50')),
          formatBytes(pct(p.memoryBytes, 'p50')),
          p.incomplete === 0 ? '' : formatCount(p.incomplete),
        ]),
      ),
    );
    for (const p of report.paths) {
      out.push(
        '',
        md
          ? `### ${p.key}`
          : `${p.key}  (${formatCount(p.count)} records; exemplars ${p.exemplars.join(' ')})`,
      );
      if (md) {
        out.push(
          '',
          `${formatCount(p.count)} records; exemplars ${p.exemplars.map((e) => `\`${e}\``).join(' ')}`,
          '',
        );
      }
      out.push(renderHopTable(p, options.criticalPath ?? false, table));
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
          String(s.paths.length),
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
        ],
        report.hops.map((h) => [
          ...leadCells(h.label, h),
          formatMicros(h.selfMicros.p50),
          formatMicros(pct(h.cpuMicros, 'p50')),
          formatMicros(pct(h.waitingMicros, 'p50')),
          formatBytes(pct(h.memoryBytes, 'p50')),
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

function renderAnomalies(p: PathProfile, md: boolean): string {
  const a = p.anomalies!;
  if (a.items.length === 0) {
    return md ? '\nno anomalies' : '  anomalies: none';
  }
  const lines = [
    md ? '' : '',
    `${md ? '' : '  '}anomalies: ${a.detected}${a.unlisted > 0 ? ` (${a.unlisted} not listed)` : ''}`,
  ];
  const rows = a.items.map((x) => [
    x.traceId,
    x.metric,
    x.rule,
    x.metric === 'memory' ? formatBytes(x.value) : formatMicros(x.value),
    x.metric === 'memory'
      ? formatBytes(x.threshold)
      : formatMicros(x.threshold),
    x.hop ?? '-',
    x.hopExcess === null
      ? '-'
      : x.metric === 'memory'
        ? `+${formatBytes(x.hopExcess)}`
        : `+${formatMicros(x.hopExcess)}`,
  ]);
  const cols: Column[] = [
    { title: 'TRACE' },
    { title: 'METRIC' },
    { title: 'RULE' },
    { title: 'VALUE', align: 'right' },
    { title: 'THRESHOLD', align: 'right' },
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
        'errors',
        'incomplete',
        ...statCols('duration_us'),
        ...statCols('cpu_us'),
        ...statCols('memory_bytes'),
        'exemplars',
      ],
      report.paths.map((p) => [
        p.key,
        p.count,
        p.errors,
        p.incomplete,
        ...stats(p.durationMicros),
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
