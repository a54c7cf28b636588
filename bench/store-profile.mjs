#!/usr/bin/env node
// The path profile of a window of traces read back from the DuckDB store
// (packages/engine and packages/store dist; run `npm run build` first): wall
// time and peak RSS of a child process that streams the window's traces out of
// the store into the engine's PathProfiler (bench/store-profile-run.mjs).
// The store is filled once with seed-shaped traces and reused: `--data DIR`
// keeps it between runs (default bench/out/store-profile-<N>, gitignored).
// Prints one JSON summary on stdout (medians of --runs), progress on stderr.
//
// node bench/store-profile.mjs [--traces N] [--data DIR] [--runs N] [--page-size N]
//   --traces     traces in the store and the window (default 1000000)
//   --data       data directory to fill or reuse
//   --runs       measured runs (default 3)
//   --page-size  traces per store query (default 1000, the store's default)

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeJaegerTrace } from '../packages/engine/dist/index.js';
import { openDuckDbStore } from '../packages/store/dist/index.js';
import { describeMachine } from './machine-info.mjs';
import { runMeasured } from './measured-run.mjs';
import { generateSeedTraces } from './seed-shaped-traces.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const RUN_SCRIPT = join(ROOT, 'bench', 'store-profile-run.mjs');
const { values: opts } = parseArgs({
  options: {
    traces: { type: 'string', default: '1000000' },
    data: { type: 'string' },
    runs: { type: 'string', default: '3' },
    'page-size': { type: 'string', default: '1000' },
  },
  strict: true,
});
const traceCount = Number(opts.traces);
const runs = Number(opts.runs);
const dataDir =
  opts.data ?? join(ROOT, 'bench', 'out', `store-profile-${traceCount}`);
const metaFile = join(dataDir, 'bench-store.json');
const log = (msg) => process.stderr.write(`${msg}\n`);

const BATCH_SPANS = 5000;
const IN_FLIGHT = 4;

/** Fills `dataDir` with `traceCount` seed-shaped traces; returns what it holds. */
async function fillStore() {
  const store = await openDuckDbStore({ path: dataDir });
  const t = process.hrtime.bigint();
  const inflight = new Set();
  let batch = [];
  let spans = 0;
  let traces = 0;
  let startMicros = Infinity;
  let endMicros = -Infinity;
  // a store still loading acknowledged spans refuses more for a while: wait and send again
  const append = async (spans) => {
    for (;;) {
      try {
        return await store.appendSpans(spans);
      } catch (err) {
        if (err?.code !== 'PATHPROF_ERR_STORE_BUSY') {
          throw err;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };
  const send = async () => {
    const call = append(batch).then(() => inflight.delete(call));
    inflight.add(call);
    batch = [];
    if (inflight.size >= IN_FLIGHT) {
      await Promise.race(inflight);
    }
  };
  for (const trace of generateSeedTraces({ traces: traceCount, seed: 11 })) {
    const decoded = decodeJaegerTrace(trace).spans;
    for (const span of decoded) {
      startMicros = Math.min(startMicros, span.startMicros);
      endMicros = Math.max(endMicros, span.startMicros);
    }
    batch.push(...decoded);
    spans += decoded.length;
    if (++traces % 100_000 === 0) {
      log(`fill: ${traces} traces, ${spans} spans`);
    }
    if (batch.length >= BATCH_SPANS) {
      await send();
    }
  }
  if (batch.length > 0) {
    await send();
  }
  await Promise.all(inflight);
  await store.close();
  const fillSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  const meta = { traces, spans, startMicros, endMicros, fillSeconds };
  writeFileSync(metaFile, `${JSON.stringify(meta)}\n`);
  return meta;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[mid]
    : (sorted[mid - 1] + sorted[mid]) / 2;
}

let meta = existsSync(metaFile)
  ? JSON.parse(readFileSync(metaFile, 'utf8'))
  : undefined;
if (meta === undefined || meta.traces !== traceCount) {
  log(
    `filling ${relative(ROOT, dataDir) || dataDir} with ${traceCount} traces…`,
  );
  meta = await fillStore();
  log(`filled in ${meta.fillSeconds.toFixed(0)} s: ${meta.spans} spans`);
} else {
  log(`reusing ${relative(ROOT, dataDir) || dataDir}: ${meta.spans} spans`);
}

const results = [];
for (let run = 1; run <= runs; run++) {
  const { report, stdout } = await runMeasured({
    script: RUN_SCRIPT,
    args: [
      '--data',
      dataDir,
      '--start',
      String(meta.startMicros),
      '--end',
      String(meta.endMicros + 1),
      '--page-size',
      opts['page-size'],
    ],
    captureStdout: true,
  });
  const out = JSON.parse(stdout);
  results.push({
    ...out,
    wallMillis: report.wallMillis,
    maxRssKiB: report.maxRssKiB,
  });
  log(
    `run ${run}/${runs}: ${out.traces} traces, ${out.spans} spans, ${(report.wallMillis / 1000).toFixed(1)} s, ${(report.maxRssKiB / 1024).toFixed(0)} MiB peak RSS`,
  );
}

if (results.length === 0) {
  process.exit(0);
}
const wall = median(results.map((r) => r.wallMillis));
process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'store-profile',
      date: new Date().toISOString(),
      machine: describeMachine(ROOT),
      store: {
        traces: meta.traces,
        spans: meta.spans,
        fillSeconds: Math.round(meta.fillSeconds),
      },
      runs,
      pageSize: Number(opts['page-size']),
      tracesProfiled: results[0].traces,
      spansProfiled: results[0].spans,
      paths: results[0].paths,
      wallSecondsMedian: Math.round(wall / 100) / 10,
      profileSecondsMedian:
        Math.round(median(results.map((r) => r.profileMillis)) / 100) / 10,
      spansPerSecond: Math.round((results[0].spans * 1000) / wall),
      peakRssMiBMedian: Math.round(
        median(results.map((r) => r.maxRssKiB)) / 1024,
      ),
      perRun: results.map((r) => ({
        wallSeconds: Math.round(r.wallMillis / 100) / 10,
        peakRssMiB: Math.round(r.maxRssKiB / 1024),
      })),
    },
    null,
    2,
  )}\n`,
);
