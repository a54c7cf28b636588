/** `pathprof overhead` output: terminal tables, JSON, or the Markdown section of docs/BENCHMARKS.md. */
import { formatMicros } from '../render/format-units.js';
import { renderMarkdownTable, renderTextTable } from '../render/text-table.js';
import type { Column } from '../render/text-table.js';
import { ARMS, CPU_WARMUP_ROUNDS } from '@pathprof/measure';
import type { OverheadReport, TargetResult } from '@pathprof/measure';
import type { BootstrapInterval } from '@pathprof/engine';
import { finiteOrNull } from '../load/render-load-report.js';

export type OverheadFormat = 'table' | 'json' | 'markdown';

export const OVERHEAD_SECTION_TITLE =
  'Instrumentation overhead (pathprof overhead)';

export function renderOverheadReport(
  report: OverheadReport,
  format: OverheadFormat,
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, finiteOrNull, 2)}\n`;
    case 'markdown':
      return `${renderOverheadMarkdown(report)}\n`;
    case 'table':
      return renderOverheadText(report);
  }
}

interface Tables {
  readonly latency: { columns: Column[]; rows: string[][] };
  readonly ratios: { columns: Column[]; rows: string[][] };
  readonly cpu: { columns: Column[]; rows: string[][] };
}

function buildTables(report: OverheadReport): Tables {
  const right = (title: string): Column => ({ title, align: 'right' });
  const latencyRows: string[][] = [];
  const ratioRows: string[][] = [];
  const cpuRows: string[][] = [];
  for (const r of report.routes) {
    for (const a of r.arms) {
      latencyRows.push([
        r.route,
        a.arm,
        formatTimeInterval(a.latencyMicros.p50),
        formatTimeInterval(a.latencyMicros.p90),
        formatTimeInterval(a.latencyMicros.p99),
        formatTimeInterval(a.latencyMicros.mean),
        a.cpuMicrosPerRequest === null
          ? '-'
          : formatTimeInterval(a.cpuMicrosPerRequest),
      ]);
    }
    for (const c of r.comparisons) {
      ratioRows.push([
        r.route,
        c.id,
        report.comparisons.find((k) => k.id === c.id)?.measures ?? '',
        formatRatio(c.p50Ratio),
        formatOverhead(c.p50Ratio),
        formatOverhead(c.meanRatio),
      ]);
    }
    cpuRows.push([
      r.route,
      String(r.decoratedHops),
      String(r.rounds),
      String(r.cpuRounds),
      r.cpuMicrosPerDecoratedCall === null
        ? '-'
        : formatTimeInterval(r.cpuMicrosPerDecoratedCall),
      r.mainThreadCpuMicrosPerDecoratedCall === null
        ? '-'
        : formatTimeInterval(r.mainThreadCpuMicrosPerDecoratedCall),
    ]);
  }
  return {
    latency: {
      columns: [
        { title: 'Route' },
        { title: 'Arm' },
        right('p50'),
        right('p90'),
        right('p99'),
        right('mean'),
        right('CPU / request'),
      ],
      rows: latencyRows,
    },
    ratios: {
      columns: [
        { title: 'Route' },
        { title: 'Ratio' },
        { title: 'Isolates' },
        right('p50 ratio'),
        right('p50 overhead'),
        right('mean overhead'),
      ],
      rows: ratioRows,
    },
    cpu: {
      columns: [
        { title: 'Route' },
        right('Decorated hops'),
        right('Latency rounds'),
        right('CPU rounds'),
        right('CPU per decorated call'),
        right('main threads only'),
      ],
      rows: cpuRows,
    },
  };
}

function renderOverheadText(report: OverheadReport): string {
  const t = buildTables(report);
  const lines = [
    `pathprof overhead: ${report.settings.sys}, ${describeSettings(report)}`,
    '',
    'Latency per arm (µs, estimate [95% interval]):',
    renderTextTable(t.latency.columns, t.latency.rows, '  '),
    '',
    'Ratios (overhead = ratio − 1):',
    renderTextTable(t.ratios.columns, t.ratios.rows, '  '),
    '',
    'Service CPU per decorated call:',
    renderTextTable(t.cpu.columns, t.cpu.rows, '  '),
    '',
    'Targets:',
    ...report.targets.map((target) => `  ${describeTarget(target)}`),
    ...report.warnings.map((w) => `warning: ${w}`),
  ];
  return `${lines.join('\n')}\n`;
}

function renderOverheadMarkdown(report: OverheadReport): string {
  const t = buildTables(report);
  const m = report.machine;
  const arms = report.settings.arms
    .map(
      (id) =>
        `\`${id}\` = ${ARMS[id].label} (\`${report.sdkSwitch.env}=${report.sdkSwitch.values[id]}\`)`,
    )
    .join('; ');
  return [
    `## ${OVERHEAD_SECTION_TITLE}`,
    '',
    `- Date: ${report.date}`,
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${m.os}; Node ${m.node}; 1-minute load average ${report.loadAverage.start.toFixed(1)} at the start, ${report.loadAverage.end.toFixed(1)} at the end`,
    `- Command: \`${report.command}\``,
    `- Setup: ${describeSettings(report)}. Arms: ${arms}.`,
    '',
    '### Targets',
    '',
    ...report.targets.map((target) => `- ${describeTarget(target)}`),
    ...report.warnings.map((w) => `- Warning: ${w}`),
    '',
    '### Latency per arm',
    '',
    'Estimate [95% paired bootstrap interval]; CPU / request is the CPU time of all the arm’s service processes per request.',
    '',
    renderMarkdownTable(t.latency.columns, t.latency.rows),
    '',
    '### Ratios between arms',
    '',
    renderMarkdownTable(t.ratios.columns, t.ratios.rows),
    '',
    '### CPU per decorated call',
    '',
    renderMarkdownTable(t.cpu.columns, t.cpu.rows),
    '',
    '### How it is measured',
    '',
    ...METHOD_NOTES.map((n) => `- ${n}`),
  ].join('\n');
}

export const METHOD_NOTES: readonly string[] = [
  'Every instrumentation level runs as its own local multi-svc instance (7 processes on 127.0.0.1, started by the showcase runner), and every instance serves two arms, the decorated route and its undecorated twin, so all instances get the same share of the traffic: in a check on a 2-core machine, an identical instance called twice as often answered about 25% faster (warmer caches), which an unbalanced design would report as overhead.',
  'Latency: after the warm-up, each round sends one request to every arm in a seeded random order, strictly one request at a time, and times it from send to the end of the body (keep-alive connection, undici). Rounds with a failed request are dropped.',
  'Intervals: paired percentile bootstrap over rounds (each resample keeps a round’s arms together), seeded; quantiles by linear interpolation. Overhead = ratio − 1 of p50s and of means.',
  `CPU: separate rounds after a fixed warm-up of ${CPU_WARMUP_ROUNDS} rounds and 100 ms of quiet; each round sends a block of sequential requests (one by default) to every arm in a random order, and reads the CPU time of the arm’s service processes and their descendants after each block, from /proc/<pid>/task/*/schedstat (ns, all threads; utime+stime from /proc/<pid>/stat when schedstat is missing). A block is charged the CPU time of its instance since that instance’s previous reading, so the blocks of an instance tile its time: work done after an answer (span export, garbage collection) is charged to the instance’s next block, of either arm, and adjacent blocks of the two arms share the machine’s load of the moment. CPU per decorated call = (CPU per request of the decorated route − of its undecorated twin) ÷ decorated hops per request, from every thread of the services and from their main threads alone (/proc/<pid>/task/<pid>: Node’s JavaScript thread, where the SDK’s work runs; the helper threads of garbage collection and compilation add CPU that varies by hundreds of µs per request whatever the arm); the intervals bootstrap over rounds. Spans are exported to a local OTLP sink during the run (OTEL_BSP_SCHEDULE_DELAY=50 ms): export cost is included.`,
];

function describeSettings(report: OverheadReport): string {
  const s = report.settings;
  return `routes ${s.routes.join(', ')}; ${s.samples} samples per arm after ${s.warmup} warm-up rounds; CPU over ${s.cpuCalls} calls per arm in blocks of ${s.cpuBlockCalls} after ${CPU_WARMUP_ROUNDS} warm-up rounds; ${Math.round(s.confidence * 100)}% intervals from ${s.resamples} bootstrap resamples (seed ${s.seed})`;
}

export function describeTarget(t: TargetResult): string {
  const isRatio = t.name.includes('ratio');
  const show = (v: number): string =>
    isRatio ? v.toFixed(3) : `${v.toFixed(1)} µs`;
  if (t.worst === null || t.met === null) {
    return `${t.name} ≤ ${show(t.limit)}: not measured`;
  }
  const gap = isRatio
    ? `${Math.abs((t.worst - t.limit) * 100).toFixed(1)} percentage points`
    : `${Math.abs(t.worst - t.limit).toFixed(1)} µs`;
  return `${t.name} ≤ ${show(t.limit)}: ${t.met ? 'met' : 'missed'} — worst route ${t.worstRoute} at ${show(t.worst)}, ${gap} ${t.met ? 'under' : 'over'} the target`;
}

function formatTimeInterval(i: BootstrapInterval): string {
  return `${formatMicros(i.estimate)} [${formatMicros(i.low)}, ${formatMicros(i.high)}]`;
}

function formatRatio(i: BootstrapInterval): string {
  const f = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : '-');
  return `${f(i.estimate)} [${f(i.low)}, ${f(i.high)}]`;
}

function formatOverhead(i: BootstrapInterval): string {
  const f = (v: number): string => {
    if (!Number.isFinite(v)) {
      return '-';
    }
    const pct = (v - 1) * 100;
    return `${pct >= 0 ? '+' : '−'}${Math.abs(pct).toFixed(1)}%`;
  };
  return `${f(i.estimate)} [${f(i.low)}, ${f(i.high)}]`;
}
