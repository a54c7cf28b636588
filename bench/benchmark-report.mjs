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
 * @property {Measure} [analyzeOneThread]    `analyze --threads 0`: the reading thread alone, no workers
 * @property {number} seedReferenceMillis    the prototype's aggregator (Python) on the same file, median wall
 */
/**
 * @typedef {object} StreamResult  the large run: one file read by `analyze FILE` and piped into `analyze -`
 * @property {number} traces
 * @property {number} spans
 * @property {number} bytes
 * @property {Measure} file
 * @property {Measure} stdin
 * @property {number} runs
 */
/**
 * @typedef {{ cpuMillis: number, gcMillis: number }} StageMeasure
 * @typedef {object} StageResult  bench/analyze-stages.mjs --json
 * @property {number} traces
 * @property {number} spans
 * @property {StageMeasure} split
 * @property {StageMeasure} decodePlain
 * @property {StageMeasure} decodeBytes
 * @property {StageMeasure} engine
 * @property {StageMeasure} [engineWarm]  the engine's second pass (absent in results written before it)
 * @property {StageMeasure} merge
 */
/**
 * @typedef {object} ColdStart  median wall times
 * @property {number} runs
 * @property {number} nodeMillis
 * @property {number} helpMillis
 * @property {number} analyzeOneMillis
 */
/**
 * @typedef {object} BenchResults
 * @property {string} date  ISO 8601
 * @property {MachineInfo} machine
 * @property {string} command
 * @property {number} runs
 * @property {FileResult[]} files
 * @property {StreamResult | null} stream
 * @property {StageResult} stages
 * @property {ColdStart} coldStart
 */

export const TARGET_SEED_RATIO = 10;
export const TARGET_PARSE_RATIO = 1;
export const TARGET_COLD_START_MILLIS = 150;
export const TARGET_ENGINE_SPANS_PER_SECOND = 1_500_000;
export const TARGET_STREAM_TRACES = 1_000_000;
export const TARGET_STREAM_SHARE = 0.8;
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
 * @param {BenchResults} r
 * @returns {string}
 */
export function renderResultsTable(r) {
  const rows = [
    '| input | spans | size | prototype (Python) | JSON.parse whole file | JSON.parse per trace | analyze wall | analyze CPU | spans/s | peak RSS | prototype ÷ analyze | analyze ÷ JSON.parse per trace |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const f of r.files) {
    const whole = f.floorWhole ? secs(f.floorWhole.wallMillis) : 'n/a';
    rows.push(
      `| ${count(f.input.traces)} traces, file | ${int(f.input.spans)} | ${mib(f.input.bytes / 1024)} | ${secs(f.seedReferenceMillis)} | ${whole} | ${secs(f.floorPerTrace.wallMillis)} | ${secs(f.analyze.wallMillis)} | ${secs(f.analyze.cpuMillis)} | ${int(rate(f.input.spans, f.analyze.wallMillis))} | ${mib(f.analyze.maxRssKiB)} | ${ratio(f.seedReferenceMillis / f.analyze.wallMillis)} | ${ratio(f.analyze.wallMillis / f.floorPerTrace.wallMillis)} |`,
    );
    const one = f.analyzeOneThread;
    if (one) {
      rows.push(
        `| ${count(f.input.traces)} traces, file, \`--threads 0\` | ${int(f.input.spans)} | ${mib(f.input.bytes / 1024)} | ${secs(f.seedReferenceMillis)} | ${whole} | ${secs(f.floorPerTrace.wallMillis)} | ${secs(one.wallMillis)} | ${secs(one.cpuMillis)} | ${int(rate(f.input.spans, one.wallMillis))} | ${mib(one.maxRssKiB)} | ${ratio(f.seedReferenceMillis / one.wallMillis)} | ${ratio(one.wallMillis / f.floorPerTrace.wallMillis)} |`,
      );
    }
  }
  const s = r.stream;
  if (s) {
    for (const [how, m] of /** @type {const} */ ([
      ['file', s.file],
      ['piped on stdin', s.stdin],
    ])) {
      rows.push(
        `| ${count(s.traces)} traces, ${how} | ${int(s.spans)} | ${mib(s.bytes / 1024)} | – | – | – | ${secs(m.wallMillis)} | ${secs(m.cpuMillis)} | ${int(rate(s.spans, m.wallMillis))} | ${mib(m.maxRssKiB)} | – | – |`,
      );
    }
  }
  return rows.join('\n');
}

/**
 * @param {BenchResults} r
 * @returns {string}
 */
export function renderStagesTable(r) {
  const st = r.stages;
  /** @param {string} name @param {string} what @param {StageMeasure} m */
  const row = (name, what, m) =>
    `| ${name} | ${what} | ${int(m.cpuMillis)} ms | ${int(m.gcMillis)} ms | ${int(rate(st.spans, m.cpuMillis))} |`;
  return [
    '| stage | what | CPU | GC pauses | spans/s |',
    '|---|---|--:|--:|--:|',
    row('split', 'read + byte splitter (the reading thread)', st.split),
    row('decode, before', 'JSON.parse + object decoder', st.decodePlain),
    row('decode, after', 'byte decoder, analysis projection', st.decodeBytes),
    row('engine', 'PathProfiler.addTrace of decoded traces', st.engine),
    ...(st.engineWarm === undefined
      ? []
      : [
          row(
            'engine, warm',
            'the same again with a fresh profiler, code optimised',
            st.engineWarm,
          ),
        ]),
    row(
      'merge',
      "a worker's profiler of half the traces: export, clone, import, merge",
      st.merge,
    ),
  ].join('\n');
}

/**
 * @param {BenchResults} r
 * @returns {{ lines: string[], notes: string[] }}
 */
export function evaluateTargets(r) {
  const lines = ['| target | measured | status |', '|---|---|---|'];
  const notes = [];
  const f = r.files.at(-1);
  if (f) {
    const seedRatio = f.seedReferenceMillis / f.analyze.wallMillis;
    lines.push(
      `| ≥ ${TARGET_SEED_RATIO}× faster than the prototype's aggregator | ${ratio(seedRatio)} (${count(f.input.traces)}-trace file: ${secs(f.seedReferenceMillis)} vs ${secs(f.analyze.wallMillis)}) | ${seedRatio >= TARGET_SEED_RATIO ? 'met' : `missed: ${ratio(TARGET_SEED_RATIO / seedRatio)} short`} |`,
    );
    const parseRatio = f.analyze.wallMillis / f.floorPerTrace.wallMillis;
    lines.push(
      `| ≤ ${TARGET_PARSE_RATIO.toFixed(1)}× a bare per-trace JSON.parse | ${ratio(parseRatio)} (${secs(f.analyze.wallMillis)} vs ${secs(f.floorPerTrace.wallMillis)}) | ${parseRatio <= TARGET_PARSE_RATIO ? 'met' : `missed: ${percentOver(parseRatio, TARGET_PARSE_RATIO)} over`} |`,
    );
  }
  const c = r.coldStart;
  for (const [what, ms] of /** @type {const} */ ([
    ['`pathprof --help`', c.helpMillis],
    ['`pathprof analyze` of a one-trace file', c.analyzeOneMillis],
  ])) {
    lines.push(
      `| cold start ≤ ${TARGET_COLD_START_MILLIS} ms: ${what} | ${int(ms)} ms (node -e 0: ${int(c.nodeMillis)} ms) | ${ms <= TARGET_COLD_START_MILLIS ? 'met' : `missed by ${int(ms - TARGET_COLD_START_MILLIS)} ms`} |`,
    );
  }
  const coldRate = rate(r.stages.spans, r.stages.engine.cpuMillis);
  const warm = r.stages.engineWarm;
  const engineRate =
    warm === undefined ? coldRate : rate(r.stages.spans, warm.cpuMillis);
  const measured =
    warm === undefined
      ? `${int(coldRate)} spans/s`
      : `${int(engineRate)} spans/s warm (first pass: ${int(coldRate)})`;
  lines.push(
    `| engine alone ≥ ${int(TARGET_ENGINE_SPANS_PER_SECOND)} spans/s on one core | ${measured} (CPU time, bench/analyze-stages.mjs) | ${engineRate >= TARGET_ENGINE_SPANS_PER_SECOND ? 'met' : `missed: ${ratio(TARGET_ENGINE_SPANS_PER_SECOND / engineRate)} too slow`} |`,
  );
  const s = r.stream;
  if (!s || !f) {
    lines.push(
      `| ${count(TARGET_STREAM_TRACES)} traces, ≥ ${TARGET_STREAM_SHARE * 100}% of the file's spans/s, peak RSS ≤ ${mib(TARGET_STREAM_RSS_KIB)} | not run | not measured |`,
    );
  } else {
    const base = rate(f.input.spans, f.analyze.wallMillis);
    for (const [how, m] of /** @type {const} */ ([
      ['from a file', s.file],
      ['piped on stdin', s.stdin],
    ])) {
      const share = rate(s.spans, m.wallMillis) / base;
      const full = s.traces >= TARGET_STREAM_TRACES;
      const fast = share >= TARGET_STREAM_SHARE;
      const small = m.maxRssKiB <= TARGET_STREAM_RSS_KIB;
      const status = !full
        ? `not measured (only ${count(s.traces)} traces)`
        : fast && small
          ? 'met'
          : `missed: ${[!fast && `${Math.round(share * 100)}% of the throughput`, !small && `${mib(m.maxRssKiB - TARGET_STREAM_RSS_KIB)} over`].filter(Boolean).join(', ')}`;
      lines.push(
        `| ${count(TARGET_STREAM_TRACES)} traces ${how}: ≥ ${TARGET_STREAM_SHARE * 100}% of the ${count(f.input.traces)} file's spans/s, peak RSS ≤ ${mib(TARGET_STREAM_RSS_KIB)} | ${Math.round(share * 100)}%, ${mib(m.maxRssKiB)} | ${status} |`,
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
    `- Command: \`${r.command}\`. Every figure is the median of ${r.runs} runs${r.stream && r.stream.runs !== r.runs ? ` (the large run: ${r.stream.runs})` : ''}, cold starts of ${r.coldStart.runs}; the machine is shared, so compare ratios more than absolute times.`,
    '',
    renderResultsTable(r),
    '',
    '### Targets (issue #12)',
    '',
    ...lines,
    ...(notes.length ? ['', ...notes.map((n) => `- ${n}`)] : []),
    '',
    `### Where the time goes (${count(r.stages.traces)}-trace file, one thread)`,
    '',
    renderStagesTable(r),
    '',
    '### How it is measured',
    '',
    '- Inputs: `bench/generate-seed-traces.mjs` (seed-shaped Jaeger query-API JSON, one trace per line), files in `bench/out/`.',
    '- Wall time: the child process from start to exit, Node startup included. CPU: user + system time of that process, all threads (workers and GC included). Peak RSS: `process.resourceUsage().maxRSS` (getrusage, the kernel high-water mark) read in an `exit` handler by `bench/measure-child.mjs`, which runs the measured script in its own process.',
    '- Prototype: `python3 packages/engine/test/compat/fixtures/seed_reference.py FILE`, our reference of the prototype aggregator, on the same file in the same run (wall time of the process).',
    '- JSON.parse whole file: `readFileSync` + one `JSON.parse`. JSON.parse per trace: the file streamed and each trace line parsed; the same bytes, the floor for a reader that builds every trace object.',
    '- analyze: `node packages/cli/bin/pathprof.js analyze FILE --format json > /dev/null` (worker threads by default from three cores: one per core beside the reading thread; none on one or two cores; the `--threads 0` row: the reading thread alone); the large run reads the 1M-trace file directly and, piped through `cat`, on stdin.',
    '- Cold start: wall time from spawn to exit of `node -e 0`, `pathprof --help` and `pathprof analyze ONE-TRACE-FILE --format json`, interleaved, median.',
    '- Stages: `node --expose-gc bench/analyze-stages.mjs FILE`: CPU time of one thread per stage (`process.cpuUsage`); GC pauses from `PerformanceObserver` gc entries (wall time, the heap emptied before each stage).',
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
