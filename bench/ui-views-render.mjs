#!/usr/bin/env node
// Every view of the web UI over a stored window of traces, in Chromium (run
// `npm run build` first: it starts the built collector over a DuckDB bench
// store — the one bench/ui-paths-render.mjs and bench/store-profile.mjs use —
// and drives /usr/bin/chromium through playwright-core). For each view it
// opens a deep link and measures, from navigation to the moment the view is
// usable (its main content is in the DOM; ECharts and the graph drawn where
// the view has one), `--runs` times, and the slowest API answer while the view
// loads (Resource Timing: request sent → last byte). As the anchor, the same
// for the UI's own "No such page" view, which asks the API nothing. The collector's
// clock is set just after the store's last trace, so "the last hour" is the
// store's. By default the collector's path indexer first indexes the whole
// store, as a running collector keeps it indexed; `--streamed` skips that.
// The collector keeps the last merges, comparisons and breakdown samples it
// made (see docs/BENCHMARKS.md), so a view's later runs find what its first
// run, or an earlier view over the same window, read: the table shows the
// first run beside the median.
// Prints a Markdown table (medians) with the date and machine on stdout,
// progress on stderr. No timing is asserted.
//
// node bench/ui-views-render.mjs [--traces 100000 | --data DIR] [--runs 3] [--streamed]
//                                [--views TEXT] (only the views whose name contains TEXT)

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
import { median } from './ui-paths-report.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const CHROMIUM = '/usr/bin/chromium';
const { values: opts } = parseArgs({
  options: {
    data: { type: 'string' },
    traces: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    streamed: { type: 'boolean', default: false },
    views: { type: 'string' },
  },
  strict: true,
});
const log = (msg) => process.stderr.write(`${msg}\n`);
const traceCount = Number(opts.traces);
const dataDir =
  opts.data ?? join(ROOT, 'bench', 'out', `store-profile-${traceCount}`);
const runs = Math.max(1, Number(opts.runs));

function ensureStore() {
  const metaFile = join(dataDir, 'bench-store.json');
  if (!existsSync(metaFile)) {
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
  }
  return JSON.parse(readFileSync(metaFile, 'utf8'));
}

const meta = ensureStore();
log(
  `store ${relative(ROOT, dataDir)}: ${meta.traces} traces, ${meta.spans} spans`,
);
const nowMicros = meta.endMicros + 60_000_000;
const windowMinutes = Math.ceil((nowMicros - meta.startMicros) / 60e6);
const lookback =
  windowMinutes <= 60 ? '1h' : windowMinutes <= 120 ? '2h' : '6h';
const store = await openDuckDbStore({ path: dataDir });
let indexSeconds = null;
if (!opts.streamed) {
  const t = performance.now();
  const done = await new PathIndexer(store, {
    delayMicros: 0,
    backfillMicros: nowMicros - meta.startMicros + 3_600_000_000,
    intervalMillis: 60_000,
    tickBudgetMillis: 86_400_000,
    nowMicros: () => nowMicros + 3_600_000_000,
    log: (r) => log(`indexer: ${JSON.stringify(r)}`),
  }).runOnce();
  indexSeconds = (performance.now() - t) / 1000;
  log(
    `path index: ${done.length} windows (re)indexed in ${indexSeconds.toFixed(1)} s`,
  );
}
const collector = await startCollector({
  store,
  otlpPort: null,
  zipkinPort: null,
  queryPort: 0,
  log: null,
  nowMicros: () => nowMicros,
  pathIndex: { enabled: false },
});
const origin = collector.urls.query;

/** The first answers of the run, before anything was kept: ms. */
const cold = { paths: Number.NaN, breakdown: Number.NaN };

/**
 * The busiest path, two of its exemplars, its first service, and the
 * attribute of its hops with the most values (to break it down by), from
 * the path and breakdown APIs.
 */
async function pickSubjects() {
  let t = performance.now();
  const res = await fetch(`${origin}/api/paths?lookback=${lookback}&top=1`);
  const report = await res.json();
  cold.paths = performance.now() - t;
  const path = report.paths[0];
  t = performance.now();
  const offers = await (
    await fetch(
      `${origin}/api/paths/${encodeURIComponent(path.key)}/breakdown?lookback=${lookback}`,
    )
  ).json();
  cold.breakdown = performance.now() - t;
  const by = [...offers.attributes].sort(
    (a, b) => b.distinctValues - a.distinctValues,
  )[0]?.key;
  return {
    key: path.key,
    exemplars: path.exemplars,
    service: path.hops[0].label.split(':')[0],
    by,
  };
}

const subjects = await pickSubjects();
log(
  `path ${subjects.key}; exemplars ${subjects.exemplars.slice(0, 2).join(', ')}; breakdown by ${subjects.by}`,
);
const w = `lookback=${lookback}`;
const half = Math.floor((meta.startMicros + nowMicros) / 2);
const VIEWS = [
  {
    view: 'No such page (the anchor: no API call)',
    url: '/no/such/view',
    usable: 'h1:text("No such page")',
  },
  {
    view: 'Paths',
    url: `/paths?${w}`,
    usable: 'table.paths-table tbody tr',
    drawn: '[data-testid=path-sparkline]',
  },
  {
    view: 'Path detail',
    url: `/path/${encodeURIComponent(subjects.key)}?${w}`,
    usable: '.summary-grid',
    drawn: '[data-testid=over-time-chart] svg',
  },
  {
    view: 'Path detail: its requests slower than 1 ms',
    url: `/path/${encodeURIComponent(subjects.key)}?${w}&minDuration=1ms`,
    usable: 'table.requests-table tbody tr',
    drawn: '[data-testid=requests-scatter] svg',
  },
  {
    view: `Path detail: breakdown by ${subjects.by}`,
    url: `/path/${encodeURIComponent(subjects.key)}?${w}&by=${encodeURIComponent(subjects.by ?? 'service.version')}`,
    usable: 'table.breakdown-table tbody tr',
  },
  {
    view: 'Search (limit 20)',
    url: `/search?service=${encodeURIComponent(subjects.service)}&lookback=${lookback}&limit=20`,
    usable: 'table.search-table tbody tr',
    drawn: '[data-testid=search-scatter] svg',
  },
  {
    view: 'Trace',
    url: `/trace/${subjects.exemplars[0]}`,
    usable: '[role=treeitem]',
  },
  {
    view: 'Trace against trace',
    url: `/trace-diff?a=${subjects.exemplars[1] ?? subjects.exemplars[0]}&b=${subjects.exemplars[0]}`,
    usable: 'table.diff-table tbody tr',
  },
  {
    view: 'Service graph',
    url: `/graph?${w}`,
    usable: 'table.edges-table tbody tr',
    drawn: '[data-testid=service-graph] canvas',
  },
  {
    view: 'Compare (two halves)',
    url: `/compare?mode=windows&baselineStart=${meta.startMicros}&baselineEnd=${half}&candidateStart=${half}&candidateEnd=${nowMicros}`,
    usable: 'table.compare-table tbody tr',
    drawn: '[data-testid=overlaid-distribution]',
  },
];

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

/** Navigation start → selector in the DOM, ms (page clock); NaN after 5 minutes without it. */
async function measure(page, selector) {
  try {
    await page
      .locator(selector)
      .first()
      .waitFor({ state: 'attached', timeout: 300_000 });
  } catch {
    log(`${selector} did not appear within 5 minutes`);
    return Number.NaN;
  }
  return page.evaluate(() => performance.now());
}

const results = [];
try {
  for (const v of VIEWS.filter(
    (view) => opts.views === undefined || view.view.includes(opts.views),
  )) {
    const usable = [];
    const drawn = [];
    const apis = [];
    for (let run = 1; run <= runs; run++) {
      const page = await browser.newPage({
        viewport: { width: 1280, height: 800 },
      });
      await page.goto(`${origin}${v.url}`);
      usable.push(await measure(page, v.usable));
      if (v.drawn !== undefined) {
        drawn.push(await measure(page, v.drawn));
      }
      const slowest = await page.evaluate(
        () =>
          performance
            .getEntriesByType('resource')
            .filter((e) => new URL(e.name).pathname.startsWith('/api/'))
            .map((e) => ({
              path: new URL(e.name).pathname
                .replace(/\/api\/paths\/[^/]+\//, '/api/paths/{key}/')
                .replace(/\/api\/traces\/\w+/, '/api/traces/{id}'),
              millis: e.responseEnd - e.requestStart,
            }))
            .sort((a, b) => b.millis - a.millis)[0],
      );
      apis.push(slowest);
      log(
        `${v.view} run ${run}/${runs}: usable ${usable.at(-1).toFixed(0)} ms` +
          (v.drawn === undefined
            ? ''
            : `, drawn ${drawn.at(-1).toFixed(0)} ms`) +
          (slowest === undefined
            ? ''
            : `, slowest API ${slowest.path} ${slowest.millis.toFixed(0)} ms`),
      );
      await page.close();
    }
    const slowestPath = apis.find((a) => a !== undefined)?.path ?? '–';
    results.push({
      view: v.view,
      usable: median(usable),
      firstUsable: usable[0],
      drawn: drawn.length === 0 ? null : median(drawn),
      apiPath: slowestPath,
      apiMillis: median(
        apis.filter((a) => a !== undefined).map((a) => a.millis),
      ),
    });
  }
} finally {
  await browser.close();
  await collector.close();
  await store.close();
}

const fmt = (ms) =>
  ms === null || !Number.isFinite(ms)
    ? '–'
    : ms >= 10_000
      ? `${(ms / 1000).toFixed(1)} s`
      : `${Math.round(ms)} ms`;
const machine = describeMachine(ROOT);
const lines = [
  `${new Date().toISOString().slice(0, 10)}, ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.node}, commit ${machine.commit}; store: ${meta.traces.toLocaleString('en-US')} traces / ${meta.spans.toLocaleString('en-US')} spans (DuckDB), ${opts.streamed ? 'no path index (every trace streamed)' : `path index built first (${indexSeconds?.toFixed(1)} s)`}; window: the last ${lookback} (the whole store); medians of ${runs} runs.`,
  '',
  '| view | usable (content in the DOM) | usable, first run | charts drawn | slowest API answer while it loads |',
  '| --- | ---: | ---: | ---: | --- |',
  ...results.map(
    (r) =>
      `| ${r.view} | ${fmt(r.usable)} | ${fmt(r.firstUsable)} | ${fmt(r.drawn)} | \`${r.apiPath}\` ${fmt(r.apiMillis)} |`,
  ),
  '',
  `Answers before anything was kept (the benchmark's own first asks, which the views' first runs then find kept): \`/api/paths\` ${fmt(cold.paths)}, the busiest path's \`/api/paths/{key}/breakdown\` ${fmt(cold.breakdown)}.`,
];
process.stdout.write(`${lines.join('\n')}\n`);
