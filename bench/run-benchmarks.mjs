#!/usr/bin/env node
// npm run bench [-- [--suite analyze|collector|ui|clickhouse|fuzz|soak|all] [--quick] [--runs N] [--skip-1m]
//                  [--stream-traces N] [--stream-runs N] [--seed S] [--no-docs] [--analyze-bin SCRIPT]
//                  [--cold-runs N]]
//   --suite          analyze (the default, below); collector, ui, clickhouse, fuzz, soak or all run the
//                    other benchmark scripts (bench/run-suite.mjs), each printing its table
// Benchmarks `pathprof analyze` on seed-shaped Jaeger JSON against the floor of
// a bare JSON.parse, prints a Markdown table and updates docs/BENCHMARKS.md.
//   --quick          1k and 10k traces, no streamed run, docs left alone (a smoke run)
//   --runs           runs per measurement, reported as medians (default 3)
//   --skip-1m        no streamed run
//   --stream-traces  traces of the large run (default 1M; with --quick: none): a file of
//                    that many traces (generated once in bench/out/, ~16 GiB at 1M) read
//                    by `analyze FILE` and piped into `analyze -` through cat
//   --stream-runs    runs of the large run (default: --runs); minutes each at 1M
//   --cold-runs      runs of each cold-start measure (default 15)
// Beside analyze it times, in the same run: a bare JSON.parse of the same bytes, the
// prototype's aggregator (packages/engine/test/compat/fixtures/seed_reference.py, Python 3),
// node -e 0, and the per-stage CPU profile of bench/analyze-stages.mjs.
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
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { measureColdStart, timeCommand } from './timed-command.mjs';

/** @typedef {import('./benchmark-report.mjs').Measure} Measure */
/** @typedef {import('./measured-run.mjs').ChildReport} ChildReport */

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const OUT_DIR = join(ROOT, 'bench', 'out');
const PATHPROF_BIN = join(ROOT, 'packages', 'cli', 'bin', 'pathprof.js');
const CLI_BUNDLE_MAIN = join(ROOT, 'packages', 'cli', 'bundle', 'main.js');
const PARSE_FLOOR = join(ROOT, 'bench', 'parse-floor.mjs');
const STAGES = join(ROOT, 'bench', 'analyze-stages.mjs');
const SEED_REFERENCE = join(
  ROOT,
  'packages/engine/test/compat/fixtures/seed_reference.py',
);
const DOC = join(ROOT, 'docs', 'BENCHMARKS.md');

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
    'cold-runs': { type: 'string', default: '15' },
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
const coldRuns = Number(opts['cold-runs']);
const sizes = opts.quick ? [1_000, 10_000] : [10_000];
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
  /** @type {{ whole: ChildReport[], perTrace: ChildReport[], analyze: ChildReport[], oneThread: ChildReport[], seed: number[] }} */
  const reports = {
    whole: [],
    perTrace: [],
    analyze: [],
    oneThread: [],
    seed: [],
  };
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
    reports.oneThread.push(
      await measure('analyze --threads 0', input.traces, run, analyzeBin, [
        'analyze',
        input.file,
        '--format',
        'json',
        '--threads',
        '0',
      ]),
    );
    const seedMillis = await timeCommand('python3', [
      SEED_REFERENCE,
      input.file,
    ]);
    log(
      `bench: ${input.traces} traces, the prototype's aggregator (Python), run ${run}/${runs}: ${(seedMillis / 1000).toFixed(2)} s`,
    );
    reports.seed.push(seedMillis);
  }
  files.push({
    input,
    floorWhole: canParseWhole ? summarize(reports.whole) : null,
    floorPerTrace: summarize(reports.perTrace),
    analyze: summarize(reports.analyze),
    analyzeOneThread: summarize(reports.oneThread),
    seedReferenceMillis: median(reports.seed),
  });
}

const largest = /** @type {import('./bench-inputs.mjs').InputFile} */ (
  inputs.at(-1)
);
log(`bench: per-stage profile of ${relative(ROOT, largest.file)}…`);
const stages = JSON.parse(
  execFileSync(
    process.execPath,
    ['--expose-gc', STAGES, largest.file, '--json'],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  ),
);

const oneTrace = join(OUT_DIR, 'one-trace.jaeger.json');
writeFileSync(
  oneTrace,
  JSON.stringify({
    data: [
      {
        traceID: 'ab',
        spans: [
          {
            traceID: 'ab',
            spanID: '00000000000000a1',
            operationName: 'GET /',
            references: [],
            startTime: 1714521600000000,
            duration: 1500,
            tags: [{ key: 'span.kind', type: 'string', value: 'server' }],
            processID: 'p1',
          },
        ],
        processes: { p1: { serviceName: 'web', tags: [] } },
      },
    ],
  }),
);
log(`bench: cold start, ${coldRuns} runs each…`);
const coldStart = await measureColdStart(analyzeBin, oneTrace, coldRuns);
log(
  `bench: cold start: node -e 0 ${coldStart.nodeMillis.toFixed(0)} ms, --help ${coldStart.helpMillis.toFixed(0)} ms, analyze of one trace ${coldStart.analyzeOneMillis.toFixed(0)} ms`,
);

let stream = null;
if (streamTraces > 0) {
  const big = await ensureSeedFile(OUT_DIR, streamTraces, seed);
  log(
    `bench: ${relative(ROOT, big.file)} ${big.reused ? '(reused)' : `generated in ${(big.generateMillis / 1000).toFixed(1)} s`}: ${big.spans} spans, ${(big.bytes / 2 ** 30).toFixed(1)} GiB`,
  );
  /** @type {{ file: ChildReport[], stdin: ChildReport[] }} */
  const reports = { file: [], stdin: [] };
  for (let run = 1; run <= streamRuns; run++) {
    reports.file.push(
      await measure(
        'analyze FILE',
        streamTraces,
        run,
        analyzeBin,
        ['analyze', big.file, '--format', 'json'],
        streamRuns,
      ),
    );
    const cat = spawn('cat', [big.file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pipe = /** @type {import('node:stream').Readable} */ (cat.stdout);
    const measured = runMeasured({
      script: analyzeBin,
      args: ['analyze', '-', '--format', 'json'],
      stdin: pipe,
    });
    pipe.destroy(); // the child holds its own copy of the read end
    const { report } = await measured;
    log(
      `bench: ${streamTraces} traces, analyze - (piped), run ${run}/${streamRuns}: ${formatReport(report)}`,
    );
    reports.stdin.push(report);
  }
  stream = {
    traces: big.traces,
    spans: big.spans,
    bytes: big.bytes,
    file: summarize(reports.file),
    stdin: summarize(reports.stdin),
    runs: streamRuns,
  };
}

const results = {
  date: new Date().toISOString(),
  machine,
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  runs,
  files,
  stream,
  stages,
  coldStart,
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
 * @param {number} [of]  runs of this measure (default: --runs)
 */
async function measure(what, traces, run, script, args, of = runs) {
  const { report } = await runMeasured({ script, args });
  log(
    `bench: ${traces} traces, ${what}, run ${run}/${of}: ${formatReport(report)}`,
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
  if (!existsSync(CLI_BUNDLE_MAIN)) {
    process.stderr.write(
      'bench: packages/cli/bundle is missing; run `npm run build` first\n',
    );
    process.exit(1);
  }
  const built = statSync(CLI_BUNDLE_MAIN).mtimeMs;
  for (const pkg of ['model', 'engine', 'sources', 'cli']) {
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
