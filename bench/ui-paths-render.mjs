#!/usr/bin/env node
// The Paths view of the web UI over a stored window of traces, in Chromium
// (run `npm run build` first: it starts the built collector over a DuckDB
// store and drives /usr/bin/chromium through playwright-core):
//   (a) the /api/paths answer: request sent → last byte, from the browser's
//       Resource Timing (the server profiles the whole window), `--api-runs`
//       times;
//   (b) the table's first render once the answer is in: the app's User Timing
//       marks (packages/web/src/perf/use-render-marks.ts), `--runs` times;
//       after the first run the page gets the captured answer from memory,
//       so the render runs do not wait for the server again. `--rows N`
//       replays the answer with its paths repeated under distinct keys up to
//       N rows, to see the render of a many-path window (seed-shaped traces
//       take only a few paths).
// Prints a Markdown table (medians) with the date and machine on stdout,
// progress on stderr. No timing is asserted.
//
// node bench/ui-paths-render.mjs [--data DIR | --traces N] [--runs N] [--api-runs N] [--rows N]
//   --data      DuckDB data directory holding a bench store (default: the 1M-trace
//               store of bench/store-profile.mjs, bench/out/store-profile-1000000)
//   --traces    use (and fill once, through bench/store-profile.mjs) a store of N
//               seed-shaped traces in bench/out/store-profile-N
//   --runs      render runs (default 5)
//   --api-runs  real /api/paths calls (default 1; each profiles the whole window)
//   --rows      replayed answers hold this many paths (default: as answered)
//   --path-index  index the whole store first (the collector's indexer, one pass
//               timed), so /api/paths answers from the path index; without it the
//               answer streams every trace unless the store already holds runs

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import {
  PathIndexer,
  startCollector,
} from '../packages/collector/dist/index.js';
import { openDuckDbStore } from '../packages/store/dist/index.js';
import { describeMachine } from './machine-info.mjs';
import { formatUiPathsTable, median } from './ui-paths-report.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const CHROMIUM = '/usr/bin/chromium';
const { values: opts } = parseArgs({
  options: {
    data: { type: 'string' },
    traces: { type: 'string' },
    runs: { type: 'string', default: '5' },
    'api-runs': { type: 'string', default: '1' },
    rows: { type: 'string' },
    'path-index': { type: 'boolean', default: false },
  },
  strict: true,
});
const log = (msg) => process.stderr.write(`${msg}\n`);
const traceCount = opts.traces === undefined ? 1_000_000 : Number(opts.traces);
const dataDir =
  opts.data ?? join(ROOT, 'bench', 'out', `store-profile-${traceCount}`);
const renderRuns = Math.max(1, Number(opts.runs));
const apiRuns = Math.max(1, Number(opts['api-runs']));
const replayRows = opts.rows === undefined ? undefined : Number(opts.rows);

/** The store's window; fills it through bench/store-profile.mjs (`--runs 0`) when needed. */
function ensureStore() {
  const metaFile = join(dataDir, 'bench-store.json');
  const read = () =>
    existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) : null;
  let meta = read();
  if (
    meta === null ||
    (opts.traces !== undefined && meta.traces !== traceCount)
  ) {
    if (opts.data !== undefined && opts.traces === undefined) {
      throw new Error(`${dataDir} holds no bench store (bench-store.json)`);
    }
    log(`filling ${relative(ROOT, dataDir)} with ${traceCount} traces…`);
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'bench', 'store-profile.mjs'),
        '--traces',
        String(traceCount),
        '--data',
        dataDir,
        '--runs',
        '0',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    meta = read();
  }
  return meta;
}

/** Waits for the table, then reads the app's marks and the API's Resource Timing. */
async function measurePage(page, url) {
  await page.goto(url);
  await page.locator('table.paths-table').waitFor({ timeout: 0 });
  await page.waitForFunction(
    () => performance.getEntriesByName('paths-view:painted').length > 0,
    undefined,
    { timeout: 10_000 },
  );
  return page.evaluate(() => {
    const at = (name) => performance.getEntriesByName(name)[0]?.startTime;
    const api = performance
      .getEntriesByType('resource')
      .find((e) => new URL(e.name).pathname.endsWith('/api/paths'));
    return {
      rows: globalThis.document.querySelectorAll('table.paths-table tbody tr')
        .length,
      renderMillis:
        performance.getEntriesByName('paths-view:render')[0].duration,
      renderToPaintMillis:
        at('paths-view:painted') - at('paths-view:render-start'),
      answerToPaintMillis:
        api === undefined
          ? undefined
          : at('paths-view:painted') - api.responseEnd,
      apiMillis:
        api === undefined ? undefined : api.responseEnd - api.requestStart,
      apiFirstByteMillis:
        api === undefined ? undefined : api.responseStart - api.requestStart,
      apiBytes: api?.encodedBodySize,
    };
  });
}

/** The answer with its paths repeated under distinct keys up to `rows` (unchanged without). */
function widenAnswer(body, rows) {
  if (rows === undefined) {
    return body;
  }
  const report = JSON.parse(body.toString('utf8'));
  const paths = report.paths ?? [];
  report.paths = Array.from({ length: rows }, (_, i) => {
    const path = paths[i % paths.length];
    return { ...path, key: `${path.key} #${i}` };
  });
  return Buffer.from(JSON.stringify(report));
}

const meta = ensureStore();
log(
  `store ${relative(ROOT, dataDir)}: ${meta.traces} traces, ${meta.spans} spans`,
);
const store = await openDuckDbStore({ path: dataDir });
if (opts['path-index']) {
  const t = performance.now();
  const runs = await new PathIndexer(store, {
    delayMicros: 0,
    backfillMicros: meta.endMicros - meta.startMicros + 7_200_000_000,
    intervalMillis: 60_000,
    tickBudgetMillis: 86_400_000,
    nowMicros: () => meta.endMicros + 3_600_000_000,
    log: (r) => log(`indexer: ${JSON.stringify(r)}`),
  }).runOnce();
  log(
    `path index: ${runs.length} windows indexed in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}
// No background indexing while measuring.
const collector = await startCollector({
  store,
  otlpPort: null,
  zipkinPort: null,
  queryPort: 0,
  log: null,
  pathIndex: { enabled: false },
});
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const url = `${collector.urls.query}/paths?start=${meta.startMicros}&end=${meta.endMicros + 1}`;
const apiResults = [];
const renderResults = [];
let answer;
try {
  for (let run = 1; run <= apiRuns; run++) {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 800 },
    });
    if (run === 1) {
      page.on('response', async (response) => {
        if (new URL(response.url()).pathname.endsWith('/api/paths')) {
          const body = await response.body();
          answer = {
            bytes: body.length,
            body: widenAnswer(body, replayRows),
            headers: response.headers(),
          };
        }
      });
    }
    const result = await measurePage(page, url);
    apiResults.push(result);
    if (replayRows === undefined) {
      renderResults.push(result);
    }
    log(
      `api run ${run}/${apiRuns}: ${(result.apiMillis / 1000).toFixed(1)} s, ${result.rows} rows, render ${result.renderMillis.toFixed(0)} ms`,
    );
    await page.close();
  }
  while (renderResults.length < renderRuns) {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 800 },
    });
    await page.route(/\/api\/paths\?/, (route) =>
      route.fulfill({
        status: 200,
        headers: { 'content-type': answer.headers['content-type'] },
        body: answer.body,
      }),
    );
    const result = await measurePage(page, url);
    renderResults.push(result);
    log(
      `render run ${renderResults.length}/${renderRuns}: ${result.renderMillis.toFixed(0)} ms, painted ${result.renderToPaintMillis.toFixed(0)} ms, answer → painted ${result.answerToPaintMillis.toFixed(0)} ms`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  await collector.close();
}

process.stdout.write(
  formatUiPathsTable({
    date: new Date().toISOString().slice(0, 10),
    machine: describeMachine(ROOT),
    store: meta,
    rows: apiResults[0].rows,
    renderRows: renderResults[0].rows,
    answerBytes: answer?.bytes,
    replayBytes: replayRows === undefined ? undefined : answer?.body.length,
    replayPaths: replayRows,
    apiRuns: apiResults.length,
    apiMillis: median(apiResults.map((r) => r.apiMillis)),
    apiFirstByteMillis: median(apiResults.map((r) => r.apiFirstByteMillis)),
    renderRuns: renderResults.length,
    renderMillis: median(renderResults.map((r) => r.renderMillis)),
    renderToPaintMillis: median(
      renderResults.map((r) => r.renderToPaintMillis),
    ),
    answerToPaintMillis: median(
      renderResults.map((r) => r.answerToPaintMillis),
    ),
  }),
);
