/** `pathprof load` output: an aligned table, or the report as JSON. */
import { formatCount, formatMicros } from '../render/format-units.js';
import { renderTextTable } from '../render/text-table.js';
import type { Column } from '../render/text-table.js';
import type { LoadReport, RouteLoadReport } from '@pathprof/measure';

export function renderLoadReport(
  report: LoadReport,
  format: 'table' | 'json',
): string {
  return format === 'json'
    ? `${JSON.stringify(report, finiteOrNull, 2)}\n`
    : renderLoadTable(report);
}

/** JSON has no NaN or Infinity: statistics of nothing become null. */
export function finiteOrNull(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

const COLUMNS: readonly Column[] = [
  { title: 'ROUTE' },
  { title: 'SENT', align: 'right' },
  { title: 'OK', align: 'right' },
  { title: 'HTTP ERR', align: 'right' },
  { title: 'NET ERR', align: 'right' },
  { title: 'DROPPED', align: 'right' },
  { title: 'RATE/S', align: 'right' },
  { title: 'P50', align: 'right' },
  { title: 'P90', align: 'right' },
  { title: 'P99', align: 'right' },
  { title: 'MAX', align: 'right' },
  { title: 'SVC P50', align: 'right' },
  { title: 'SVC P99', align: 'right' },
];

function renderLoadTable(report: LoadReport): string {
  const scheduled = report.total.scheduled;
  const lines = [
    `pathprof load: ${report.target}, ${report.rps} req/s for ${formatMicros(report.durationMicros)} (${formatCount(scheduled)} arrivals, open loop), at most ${report.concurrency} in flight, timeout ${formatMicros(report.timeoutMillis * 1000)}`,
    '',
    renderTextTable(COLUMNS, [
      ...report.routes.map(routeRow),
      ...(report.routes.length > 1 ? [routeRow(report.total)] : []),
    ]),
    '',
    'Latency from each request’s scheduled send time (coordinated-omission free); SVC = service time from the actual send.',
    `Generator send lag: p50 ${formatMicros(report.sendLagMicros.p50)}, p99 ${formatMicros(report.sendLagMicros.p99)}, max ${formatMicros(report.sendLagMicros.max)}.`,
  ];
  const errors = describeErrors(report.routes);
  if (errors !== '') {
    lines.push(`Errors: ${errors}.`);
  }
  if (report.total.dropped > 0) {
    lines.push(
      `Dropped ${formatCount(report.total.dropped)} of ${formatCount(scheduled)} arrivals: ${report.concurrency} requests were already in flight (raise --concurrency, or the target cannot keep up).`,
    );
  }
  if (!report.total.latencyMicros.exact) {
    lines.push(
      'Quantiles are estimated from a uniform reservoir sample (more answers than the recorder keeps); count, mean and max are exact.',
    );
  }
  return `${lines.join('\n')}\n`;
}

function routeRow(r: RouteLoadReport): string[] {
  const l = r.latencyMicros;
  return [
    r.route === '' ? '/' : r.route,
    formatCount(r.sent),
    formatCount(r.ok),
    formatCount(r.httpErrors),
    formatCount(r.networkErrors),
    formatCount(r.dropped),
    r.achievedRps.toFixed(1),
    formatMicros(l.p50),
    formatMicros(l.p90),
    formatMicros(l.p99),
    formatMicros(l.max),
    formatMicros(r.serviceMicros.p50),
    formatMicros(r.serviceMicros.p99),
  ];
}

function describeErrors(routes: readonly RouteLoadReport[]): string {
  const parts: string[] = [];
  for (const r of routes) {
    const items = [
      ...Object.entries(r.statuses)
        .filter(([status]) => !status.startsWith('2'))
        .map(([status, n]) => `HTTP ${status} ×${n}`),
      ...Object.entries(r.errorCodes).map(([code, n]) => `${code} ×${n}`),
    ];
    if (items.length > 0) {
      parts.push(`${r.route === '' ? '/' : r.route}: ${items.join(', ')}`);
    }
  }
  return parts.join('; ');
}
