#!/usr/bin/env node
// npm run bench [-- [--suite analyze|collector|clickhouse|all] [--quick] [--runs N] [--skip-1m]
//                  [--stream-traces N] [--stream-runs N] [--seed S] [--no-docs] [--analyze-bin SCRIPT]]
//   --suite          analyze (the default, below); collector, clickhouse or all run the
//                    other benchmark scripts (bench/run-suite.mjs), each printing its table
// Benchmarks `pathprof analyze` on seed-shaped Jaeger JSON against the floor of
// a bare JSON.parse, prints a Markdown table and updates docs/BENCHMARKS.md.
//   --quick          1k and 10k traces, no streamed run, docs left alone (a smoke run)
//   --runs           runs per measurement, reported as medians (default 3)
//   --skip-1m        no streamed run
//   --stream-traces  traces for the streamed run (default 1M; with --quick: none)
//   --stream-runs    runs of the streamed run (default: --runs); minutes each at 1M
//   --analyze-bin    a Node script used instead of packages/cli/bin/pathprof.js
//                    (for trying the runner out; docs are then left alone)

import { constants as bufferConstants } from 'node:buffer';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureSeedFile } from './bench-inputs.mjs';
import {
  renderResultsTable,
  renderSection,
  evaluateTargets,
  updateBenchmarksDoc,
} from './benchmark-report.mjs';
import { describeMachine } from './machine-info.mjs';
import { runMeasured } from './measured-run.mjs';
import { runSuite } from './run-suite.mjs';
import { measureGenerator, runStreamed } from './stream-run.mjs';

/** @typedef {import('./benchmark-report.mjs').Measure} Measure */
/** @typedef {import('./measured-run.mjs').ChildReport} ChildReport */

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const OUT_DIR = join(ROOT, 'bench', 'out');
const PATHPROF_BIN = join(ROOT, 'packages', 'cli', 'bin', 'pathprof.js');
const CLI_DIST_MAIN = join(ROOT, 'packages', 'cli', 'dist', 'main.js');
const PARSE_FLOOR = join(ROOT, 'bench', 'parse-floor.mjs');
const DOC = join(ROOT, 'docs', 'BENCHMARKS.md');
const GENERATOR_PROBE_TRACES = 100_000;

const { values: opts } = parseArgs({
  args: process.argv.slice(2),
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    'skip-1m': { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    'no-docs': { type: 'boolean', default: false },
    'analyze-bin': { type: 'string' },
    'stream-traces': { type: 'string' },
    'stream-runs': { type: 'string' },
    suite: { type: 'string', default: 'analyze' },
  },
  strict: true,
});
if (opts.suite !== 'analyze') {
  process.exit(runSuite(opts.suite, opts.quick));
}
const runs = Number(opts.runs);
const streamRuns = Number(opts['stream-runs'] ?? runs);
const seed = Number(opts.seed);
const sizes = opts.quick ? [1_000, 10_000] : [10_000, 100_000];
const streamTraces = opts['skip-1m']
  ? 0
  : Number(opts['stream-traces'] ?? (opts.quick ? 0 : 1_000_000));
const analyzeBin = opts['analyze-bin'] ?? PATHPROF_BIN;
const writeDoc =
  !opts['no-docs'] && !opts.quick && opts['analyze-bin'] === undefined;
if (
  !Number.isSafeInteger(runs) ||
  runs < 1 ||
  !Number.isSafeInteger(streamRuns) ||
  streamRuns < 1 ||
  !Number.isSafeInteger(seed) ||
  !Number.isSafeInteger(streamTraces)
) {
  process.stderr.write(
    'bench: --runs, --stream-runs, --seed and --stream-traces take integers (runs ≥ 1)\n',
  );
  process.exit(2);
}
if (analyzeBin === PATHPROF_BIN) {
  checkCliBuild();
}

const log = (/** @type {string} */ s) => process.stderr.write(`${s}\n`);
const machine = describeMachine(ROOT);
log(
  `bench: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}; ${runs} run(s) each`,
);

const inputs = [];
for (const traces of sizes) {
  const input = await ensureSeedFile(OUT_DIR, traces, seed);
  log(
    `bench: ${relative(ROOT, input.file)} ${input.reused ? '(reused)' : `generated in ${(input.generateMillis / 1000).toFixed(1)} s`}: ${input.spans} spans, ${(input.bytes / 2 ** 20).toFixed(0)} MiB`,
  );
  inputs.push(input);
}
await checkAnalyzeOutput(/** @type {string} */ (inputs[0]?.file));

const files = [];
for (const input of inputs) {
  const canParseWhole = input.bytes < bufferConstants.MAX_STRING_LENGTH;
  /** @type {{ whole: ChildReport[], perTrace: ChildReport[], analyze: ChildReport[] }} */
  const reports = { whole: [], perTrace: [], analyze: [] };
  for (let run = 1; run <= runs; run++) {
    if (canParseWhole) {
      reports.whole.push(
        await measure('JSON.parse whole', input.traces, run, PARSE_FLOOR, [
          input.file,
          'whole',
        ]),
      );
    }
    reports.perTrace.push(
      await measure('JSON.parse per trace', input.traces, run, PARSE_FLOOR, [
        input.file,
        'per-trace',
      ]),
    );
    reports.analyze.push(
      await measure('analyze', input.traces, run, analyzeBin, [
        'analyze',
        input.file,
        '--format',
        'json',
      ]),
    );
  }
  files.push({
    input,
    floorWhole: canParseWhole ? summarize(reports.whole) : null,
    floorPerTrace: summarize(reports.perTrace),
    analyze: summarize(reports.analyze),
  });
}

let stream = null;
if (streamTraces > 0) {
  const probe = await measureGenerator(
    Math.min(streamTraces, GENERATOR_PROBE_TRACES),
    seed,
  );
  log(
    `bench: the generator alone writes ${Math.round((probe.spans * 1000) / probe.millis)} spans/s`,
  );
  /** @type {ChildReport[]} */
  const reports = [];
  let generated = null;
  for (let run = 1; run <= streamRuns; run++) {
    log(
      `bench: streaming ${streamTraces} traces into analyze, run ${run}/${streamRuns}…`,
    );
    const result = await runStreamed({
      analyzeBin,
      traces: streamTraces,
      seed,
    });
    log(
      `bench: ${streamTraces} traces streamed, run ${run}/${streamRuns}: ${formatReport(result.report)}`,
    );
    reports.push(result.report);
    generated = result.generated;
  }
  if (generated) {
    stream = {
      traces: generated.traces,
      spans: generated.spans,
      bytes: generated.bytes,
      analyze: summarize(reports),
      runs: streamRuns,
      generatorSpansPerSecond: (probe.spans * 1000) / probe.millis,
    };
  }
}

const results = {
  date: new Date().toISOString(),
  machine,
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  runs,
  files,
  stream,
};
const { lines, notes } = evaluateTargets(results);
process.stdout.write(
  `${renderResultsTable(results)}\n\n${lines.join('\n')}\n${notes.map((n) => `\n- ${n}`).join('')}\n`,
);
if (writeDoc) {
  await updateBenchmarksDoc(DOC, renderSection(results));
  log(`bench: updated ${relative(ROOT, DOC)}`);
} else {
  log(
    `bench: ${relative(ROOT, DOC)} left unchanged (--quick, --no-docs or --analyze-bin)`,
  );
}

/**
 * @param {string} what
 * @param {number} traces
 * @param {number} run
 * @param {string} script
 * @param {string[]} args
 */
async function measure(what, traces, run, script, args) {
  const { report } = await runMeasured({ script, args });
  log(
    `bench: ${traces} traces, ${what}, run ${run}/${runs}: ${formatReport(report)}`,
  );
  return report;
}

/** @param {ChildReport} r */
function formatReport(r) {
  return `${(r.wallMillis / 1000).toFixed(2)} s, peak RSS ${Math.round(r.maxRssKiB / 1024)} MiB`;
}

/**
 * @param {ChildReport[]} reports
 * @returns {Measure}
 */
function summarize(reports) {
  return {
    wallMillis: median(reports.map((r) => r.wallMillis)),
    cpuMillis: median(
      reports.map((r) => (r.userMicros + r.systemMicros) / 1000),
    ),
    maxRssKiB: median(reports.map((r) => r.maxRssKiB)),
  };
}

/** @param {number[]} xs */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2
    ? /** @type {number} */ (s[mid])
    : /** @type {number} */ (s[mid - 1] + /** @type {number} */ (s[mid])) / 2;
}

/** Refuses to run without the built CLI; warns when its sources are newer than the build. */
function checkCliBuild() {
  if (!existsSync(CLI_DIST_MAIN)) {
    process.stderr.write(
      'bench: packages/cli/dist is missing; run `npm run build` first\n',
    );
    process.exit(1);
  }
  const built = statSync(CLI_DIST_MAIN).mtimeMs;
  for (const pkg of ['model', 'engine', 'cli']) {
    const src = join(ROOT, 'packages', pkg, 'src');
    const files = existsSync(src)
      ? readdirSync(src, { recursive: true, encoding: 'utf8' })
      : [];
    if (files.some((f) => statSync(join(src, f)).mtimeMs > built)) {
      process.stderr.write(
        `bench: warning: packages/${pkg}/src changed after the last build; run \`npm run build\`\n`,
      );
    }
  }
}

/**
 * One unmeasured run on the smallest file, so that a broken command fails loudly
 * instead of being timed.
 * @param {string} file
 */
async function checkAnalyzeOutput(file) {
  const { stdout } = await runMeasured({
    script: analyzeBin,
    args: ['analyze', file, '--format', 'json'],
    captureStdout: true,
  });
  try {
    JSON.parse(stdout);
  } catch {
    throw new Error(
      `\`analyze ${relative(ROOT, file)} --format json\` did not print JSON:\n${stdout.slice(0, 500)}`,
    );
  }
}
