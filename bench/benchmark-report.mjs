// Turns measured benchmark results into Markdown: the results table, the
// issue's targets marked met/missed with the gap, and the docs/BENCHMARKS.md
// section (between markers, so text around it survives).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as prettier from 'prettier';

/** @typedef {import('./machine-info.mjs').MachineInfo} MachineInfo */
/** @typedef {import('./bench-inputs.mjs').InputFile} InputFile */
/** @typedef {{ wallMillis: number, cpuMillis: number, maxRssKiB: number }} Measure  medians over the runs */
/**
 * @typedef {object} FileResult
 * @property {InputFile} input
 * @property {Measure | null} floorWhole     bare JSON.parse of the whole file (null: file too long for one string)
 * @property {Measure} floorPerTrace         JSON.parse of each trace's line
 * @property {Measure} analyze
 */
/**
 * @typedef {object} StreamResult
 * @property {number} traces
 * @property {number} spans
 * @property {number} bytes
 * @property {Measure} analyze
 * @property {number} runs
 * @property {number} generatorSpansPerSecond  the generator alone, into /dev/null
 */
/**
 * @typedef {object} BenchResults
 * @property {string} date  ISO 8601
 * @property {MachineInfo} machine
 * @property {string} command
 * @property {number} runs
 * @property {FileResult[]} files
 * @property {StreamResult | null} stream
 */

export const TARGET_SPANS_PER_SECOND = 1_000_000;
export const TARGET_PARSE_RATIO = 2;
export const TARGET_STREAM_TRACES = 1_000_000;
export const TARGET_STREAM_RSS_KIB = 512 * 1024;
const START_MARKER =
  '<!-- bench:results:start (written by `npm run bench`; do not edit by hand) -->';
const END_MARKER = '<!-- bench:results:end -->';
const DOC_INTRO =
  '# Benchmarks\n\nThe section below is written by `npm run bench` (`bench/run-benchmarks.mjs`). Explanations of missed targets go after it.\n\n';

const int = (/** @type {number} */ n) => Math.round(n).toLocaleString('en-US');
const secs = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(2)} s`;
const mib = (/** @type {number} */ kib) => `${int(kib / 1024)} MiB`;
const ratio = (/** @type {number} */ r) => `${r.toFixed(2)}×`;
const rate = (/** @type {number} */ spans, /** @type {number} */ ms) =>
  (spans * 1000) / ms;
const percentOver = (
  /** @type {number} */ value,
  /** @type {number} */ limit,
) => `${Math.round((value / limit - 1) * 100)}%`;
/** @param {number} n */
const count = (n) =>
  n >= 1e6 && n % 1e6 === 0
    ? `${n / 1e6}M`
    : n >= 1e3 && n % 1e3 === 0
      ? `${n / 1e3}k`
      : String(n);

/**
 * The floor a file's analyze time is compared with: the whole-file parse when possible.
 * @param {FileResult} f
 */
function floorOf(f) {
  return f.floorWhole ?? f.floorPerTrace;
}

/**
 * @param {BenchResults} r
 * @returns {string}
 */
export function renderResultsTable(r) {
  const rows = [
    '| input | spans | size | JSON.parse whole file | JSON.parse per trace | analyze wall | analyze CPU | spans/s | peak RSS | ratio to JSON.parse |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const f of r.files) {
    const whole = f.floorWhole
      ? secs(f.floorWhole.wallMillis)
      : 'n/a (file > max string length)';
    const ratios = [
      f.floorWhole &&
        `${ratio(f.analyze.wallMillis / f.floorWhole.wallMillis)} whole`,
      `${ratio(f.analyze.wallMillis / f.floorPerTrace.wallMillis)} per trace`,
    ];
    rows.push(
      `| ${count(f.input.traces)} traces, file | ${int(f.input.spans)} | ${mib(f.input.bytes / 1024)} | ${whole} | ${secs(f.floorPerTrace.wallMillis)} | ${secs(f.analyze.wallMillis)} | ${secs(f.analyze.cpuMillis)} | ${int(rate(f.input.spans, f.analyze.wallMillis))} | ${mib(f.analyze.maxRssKiB)} | ${ratios.filter(Boolean).join(', ')} |`,
    );
  }
  const s = r.stream;
  if (s) {
    rows.push(
      `| ${count(s.traces)} traces, streamed on stdin | ${int(s.spans)} | ${mib(s.bytes / 1024)} | – | – | ${secs(s.analyze.wallMillis)} | ${secs(s.analyze.cpuMillis)} | ${int(rate(s.spans, s.analyze.wallMillis))} | ${mib(s.analyze.maxRssKiB)} | – |`,
    );
  }
  return rows.join('\n');
}

/**
 * @param {BenchResults} r
 * @returns {{ lines: string[], notes: string[] }}
 */
export function evaluateTargets(r) {
  const lines = ['| target | measured | status |', '|---|---|---|'];
  const notes = [];
  const largest = r.files.at(-1);
  if (largest) {
    const spansPerSecond = rate(
      largest.input.spans,
      largest.analyze.wallMillis,
    );
    const met = spansPerSecond >= TARGET_SPANS_PER_SECOND;
    lines.push(
      `| ≥ ${int(TARGET_SPANS_PER_SECOND)} spans/s on one core | ${int(spansPerSecond)} spans/s (${count(largest.input.traces)}-trace file) | ${met ? 'met' : `missed: ${ratio(TARGET_SPANS_PER_SECOND / spansPerSecond)} too slow`} |`,
    );
    const floorRate = rate(
      largest.input.spans,
      largest.floorPerTrace.wallMillis,
    );
    if (floorRate < TARGET_SPANS_PER_SECOND) {
      notes.push(
        `JSON.parse alone, one trace at a time, reads the ${count(largest.input.traces)}-trace file at ${int(floorRate)} spans/s (${int(largest.input.bytes / largest.input.spans)} bytes per span): on this machine the floor for Jaeger JSON input is itself ${ratio(TARGET_SPANS_PER_SECOND / floorRate)} below the spans/s target.`,
      );
    }
    const worst = r.files.reduce((a, b) =>
      b.analyze.wallMillis / floorOf(b).wallMillis >
      a.analyze.wallMillis / floorOf(a).wallMillis
        ? b
        : a,
    );
    const worstRatio = worst.analyze.wallMillis / floorOf(worst).wallMillis;
    const floorKind = worst.floorWhole
      ? 'whole-file JSON.parse'
      : 'per-trace JSON.parse';
    lines.push(
      `| ≤ ${TARGET_PARSE_RATIO}× the bare JSON.parse time | worst ${ratio(worstRatio)} (${count(worst.input.traces)}-trace file, vs ${floorKind}) | ${worstRatio <= TARGET_PARSE_RATIO ? 'met' : `missed: ${percentOver(worstRatio, TARGET_PARSE_RATIO)} over`} |`,
    );
  }
  const s = r.stream;
  if (!s) {
    lines.push(
      `| ${count(TARGET_STREAM_TRACES)} traces streamed, peak RSS ≤ ${mib(TARGET_STREAM_RSS_KIB)} | not run | not measured |`,
    );
  } else {
    const full = s.traces >= TARGET_STREAM_TRACES;
    const met = s.analyze.maxRssKiB <= TARGET_STREAM_RSS_KIB;
    const status = !full
      ? `not measured (only ${count(s.traces)} traces streamed)`
      : met
        ? 'met'
        : `missed by ${mib(s.analyze.maxRssKiB - TARGET_STREAM_RSS_KIB)} (${percentOver(s.analyze.maxRssKiB, TARGET_STREAM_RSS_KIB)} over)`;
    lines.push(
      `| ${count(TARGET_STREAM_TRACES)} traces streamed, peak RSS ≤ ${mib(TARGET_STREAM_RSS_KIB)} | ${mib(s.analyze.maxRssKiB)} (${count(s.traces)} traces) | ${status} |`,
    );
    const analyzeRate = rate(s.spans, s.analyze.wallMillis);
    if (analyzeRate >= 0.85 * s.generatorSpansPerSecond) {
      notes.push(
        `The streamed run was bound by the generator (alone it writes ${int(s.generatorSpansPerSecond)} spans/s to /dev/null): its spans/s is a lower bound for analyze.`,
      );
    }
  }
  return { lines, notes };
}

/**
 * @param {BenchResults} r
 * @returns {string}
 */
export function renderSection(r) {
  const m = r.machine;
  const { lines, notes } = evaluateTargets(r);
  return [
    `## Latest results (${r.date})`,
    '',
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.os}; Node ${m.node}; commit ${m.commit}.`,
    `- Command: \`${r.command}\`. Every figure is the median of ${r.runs} runs${r.stream && r.stream.runs !== r.runs ? ` (the streamed run: ${r.stream.runs})` : ''}; the machine is shared, so compare ratios more than absolute times.`,
    '',
    renderResultsTable(r),
    '',
    '### Targets (issue #2, section 10)',
    '',
    ...lines,
    ...(notes.length ? ['', ...notes.map((n) => `- ${n}`)] : []),
    '',
    '### How it is measured',
    '',
    '- Inputs: `bench/generate-seed-traces.mjs` (seed-shaped Jaeger query-API JSON, one trace per line), files in `bench/out/`.',
    '- Wall time: the child process from start to exit, Node startup included. CPU: user + system time of that process (GC threads included). Peak RSS: `process.resourceUsage().maxRSS` (getrusage, the kernel high-water mark) read in an `exit` handler by `bench/measure-child.mjs`, which runs the measured script in its own process.',
    '- JSON.parse whole file: `readFileSync` + one `JSON.parse`, impossible for files longer than V8’s maximum string length (~512 MiB). JSON.parse per trace: the file streamed and each trace line parsed; the same bytes, the floor a streaming reader can hope for.',
    '- analyze: `node packages/cli/bin/pathprof.js analyze FILE --format json > /dev/null`; the streamed run pipes the generator into `analyze - --format json` and measures only the analyze process.',
  ].join('\n');
}

/**
 * Writes the section into `file` between its markers (creating the file if
 * needed), formatted with the repository's Prettier settings so lint stays green.
 * @param {string} file
 * @param {string} section
 */
export async function updateBenchmarksDoc(file, section) {
  const block = `${START_MARKER}\n\n${section}\n\n${END_MARKER}`;
  let text = existsSync(file)
    ? readFileSync(file, 'utf8')
    : `${DOC_INTRO}${block}\n`;
  const start = text.indexOf(START_MARKER);
  const end = text.indexOf(END_MARKER);
  text =
    start !== -1 && end > start
      ? text.slice(0, start) + block + text.slice(end + END_MARKER.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  const options = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(
    file,
    await prettier.format(text, { ...options, filepath: file }),
  );
}
