#!/usr/bin/env node
// The same seed-shaped spans through three stores (packages/store/dist; run
// `npm run build` first): a DuckDB data directory, one ClickHouse server, and
// two ClickHouse servers as a two-shard cluster (bench/clickhouse-servers.mjs;
// all on 127.0.0.1, stopped and removed at the end). For each:
//   1. ingest: spans/s of appendSpans (decoding is timed apart);
//   2. search: p50/p99 of Jaeger searches through the SpanStore;
//   3. profile: wall time of the path profile of the whole window
//      (streamTraces → the engine's PathProfiler, as the collector does);
//   4. path index (stores that have one): the indexer's pass over the whole
//      window (spans/s), then the path API's profile of the window from the
//      index (`profileStoredTraces`: the store's aggregate, nothing streamed),
//      p50 of a few runs, checked against the streamed profile.
// CPU seconds are counted for this process and, on Linux, for the ClickHouse
// servers. Prints a Markdown table on stdout, progress and a JSON summary on stderr.
//
// node bench/clickhouse-compare.mjs [--spans N] [--batch N] [--concurrency N] [--runs N]
//                                  [--page-size N] [--backends LIST] [--ingest-only]
//   --spans        spans to ingest (default 1M; issue 7 asks for 10M)
//   --batch        spans per appendSpans call (default 5000)
//   --concurrency  appendSpans calls in flight (default 4)
//   --runs         runs per search (default 30)
//   --page-size    traces per streamTraces query (default 1000, the stores' default)
//   --backends     comma-separated subset of duckdb,clickhouse,cluster (default all three)
//   --ingest-only  measure ingest only (no searches, profile or path index)

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  KEY_BY_SERVICE_AND_OPERATION,
  PathProfiler,
  decodeJaegerTrace,
} from '../packages/engine/dist/index.js';
import {
  PathIndexer,
  profileStoredTraces,
} from '../packages/collector/dist/index.js';
import { openSpanStore } from '../packages/store/dist/index.js';
import { startClickHouse } from './clickhouse-servers.mjs';
import { describeMachine } from './machine-info.mjs';
import { generateSeedTraces } from './seed-shaped-traces.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const { values: opts } = parseArgs({
  options: {
    spans: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '4' },
    runs: { type: 'string', default: '30' },
    'page-size': { type: 'string', default: '1000' },
    'index-runs': { type: 'string', default: '5' },
    backends: { type: 'string', default: 'duckdb,clickhouse,cluster' },
    'ingest-only': { type: 'boolean', default: false },
  },
  strict: true,
});
const targetSpans = Number(opts.spans);
const batchSize = Number(opts.batch);
const concurrency = Number(opts.concurrency);
const runs = Number(opts.runs);
const pageSize = Number(opts['page-size']);
const indexRuns = Number(opts['index-runs']);
const log = (msg) => process.stderr.write(`${msg}\n`);

/** Spans decoded ahead of each timed append phase (bounds the bench's memory). */
const CHUNK_SPANS = 250_000;
const SEED = 7;
const HOUR_MICROS = 3_600_000_000;

const BACKENDS = {
  duckdb: {
    label: 'DuckDB (data directory)',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'pathprof-bench-duckdb-'));
      return {
        store: await openSpanStore({ path: dir }),
        serverCpuSeconds: () => null,
        dispose: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  clickhouse: {
    label: 'ClickHouse, 1 server',
    open: () => openClickHouse(1),
  },
  cluster: {
    label: 'ClickHouse, 2 shards',
    open: () => openClickHouse(2),
  },
};

async function openClickHouse(shards) {
  const servers = await startClickHouse({ shards });
  try {
    const store = await openSpanStore({
      kind: 'clickhouse',
      url: servers.url,
      database: 'pathprof_bench',
      ...(servers.cluster === undefined
        ? {}
        : { cluster: servers.cluster, shardUrls: servers.shardUrls }),
    });
    return {
      store,
      serverCpuSeconds: servers.cpuSeconds,
      dispose: servers.dispose,
    };
  } catch (err) {
    await servers.dispose();
    throw err;
  }
}

/**
 * Chunks of batches of decoded spans (whole traces per batch) until `total`
 * spans; the same seed gives every backend the same spans. Generation and
 * decoding are timed into `clock`, apart from appending.
 */
function* chunksOfBatches(total, size, clock) {
  let chunk = [];
  let batch = [];
  let chunkSpans = 0;
  let t = process.hrtime.bigint();
  for (const trace of generateSeedTraces({
    traces: Math.ceil(total / 10),
    seed: SEED,
  })) {
    const { spans } = decodeJaegerTrace(trace);
    batch.push(...spans);
    clock.spans += spans.length;
    clock.traces++;
    for (const span of spans) {
      clock.minStart = Math.min(clock.minStart, span.startMicros);
      clock.maxStart = Math.max(clock.maxStart, span.startMicros);
    }
    const done = clock.spans >= total;
    if (batch.length >= size || done) {
      chunk.push(batch);
      chunkSpans += batch.length;
      batch = [];
    }
    if (chunkSpans >= CHUNK_SPANS || done) {
      clock.decodeSeconds += secondsSince(t);
      yield chunk;
      chunk = [];
      chunkSpans = 0;
      t = process.hrtime.bigint();
      if (done) {
        return;
      }
    }
  }
}

async function ingest(opened, label) {
  const clock = {
    decodeSeconds: 0,
    spans: 0,
    traces: 0,
    minStart: Infinity,
    maxStart: -Infinity,
  };
  const usage = startUsage(opened);
  let appendSeconds = 0;
  for (const chunk of chunksOfBatches(targetSpans, batchSize, clock)) {
    const t = process.hrtime.bigint();
    const inflight = new Set();
    for (const batch of chunk) {
      const call = opened.store
        .appendSpans(batch)
        .then(() => inflight.delete(call));
      inflight.add(call);
      if (inflight.size >= concurrency) {
        await Promise.race(inflight);
      }
    }
    await Promise.all(inflight);
    appendSeconds += secondsSince(t);
    log(
      `${label}: ${clock.spans} spans, ${Math.round(clock.spans / appendSeconds)} spans/s`,
    );
  }
  const cpu = usage.stop();
  return {
    spans: clock.spans,
    traces: clock.traces,
    minStart: clock.minStart,
    maxStart: clock.maxStart,
    appendSeconds: round(appendSeconds, 2),
    spansPerSecond: Math.round(clock.spans / appendSeconds),
    // Process CPU includes decoding; subtract its wall time (single-threaded).
    nodeCpuMicrosPerSpan: round(
      ((cpu.nodeSeconds - clock.decodeSeconds) * 1e6) / clock.spans,
      1,
    ),
    serverCpuMicrosPerSpan:
      cpu.serverSeconds === null
        ? null
        : round((cpu.serverSeconds * 1e6) / clock.spans, 1),
  };
}

async function search(store, loaded) {
  const end = loaded.maxStart;
  const hourAgo = end - HOUR_MICROS;
  const lastHour = { startMin: hourAgo, startMax: end, limit: 20 };
  const anyId = (await store.searchTraces(lastHour)).traces[0].traceId;
  const queries = [
    {
      name: 'service, last hour, limit 20',
      run: () => store.searchTraces({ service: 'svc-a', ...lastHour }),
    },
    {
      name: 'service + tag http.status_code=500, last hour, limit 20',
      run: () =>
        store.searchTraces({
          service: 'svc-a',
          tags: { 'http.status_code': '500' },
          ...lastHour,
        }),
    },
    { name: 'one trace by id', run: () => store.getTraces([anyId]) },
  ];
  const results = [];
  for (const q of queries) {
    const answer = await q.run(); // warm-up, and what it returns
    const ms = [];
    for (let i = 0; i < runs; i++) {
      const t = process.hrtime.bigint();
      await q.run();
      ms.push(secondsSince(t) * 1000);
    }
    const traces = Array.isArray(answer) ? answer : answer.traces;
    results.push({
      name: q.name,
      runs,
      p50Ms: round(quantile(ms, 0.5), 1),
      p99Ms: round(quantile(ms, 0.99), 1),
      traces: traces.length,
      spans: traces.reduce((n, t) => n + t.spans.length, 0),
    });
  }
  return results;
}

async function profile(opened, loaded) {
  const usage = startUsage(opened);
  const t = process.hrtime.bigint();
  const profiler = new PathProfiler({
    pathKey: KEY_BY_SERVICE_AND_OPERATION,
    keepProxies: false,
  });
  let traces = 0;
  let spans = 0;
  let readSeconds = 0;
  const traceStream = opened.store.streamTraces(
    { startMicros: loaded.minStart, endMicros: loaded.maxStart + 1 },
    { pageSize },
  );
  const stream = traceStream[Symbol.asyncIterator]();
  for (
    let r = process.hrtime.bigint(), next = await stream.next();
    !next.done;
  ) {
    readSeconds += secondsSince(r);
    profiler.addTrace(next.value.traceId, next.value.spans);
    traces++;
    spans += next.value.spans.length;
    r = process.hrtime.bigint();
    next = await stream.next();
  }
  const report = profiler.report({ groupBy: 'path', anomalies: true });
  const wallSeconds = secondsSince(t);
  const cpu = usage.stop();
  return {
    report,
    traces,
    spans,
    paths: report.totals.paths,
    wallSeconds: round(wallSeconds, 1),
    // Time spent waiting for the next trace: the store's reads as the engine sees them.
    waitingForStoreSeconds: round(readSeconds, 1),
    spansPerSecond: Math.round(spans / wallSeconds),
    nodeCpuSeconds: round(cpu.nodeSeconds, 1),
    serverCpuSeconds:
      cpu.serverSeconds === null ? null : round(cpu.serverSeconds, 1),
  };
}

/**
 * The indexer over every window of the load (one tick without a budget),
 * then the window's profile from the index, `indexRuns` times.
 */
async function pathIndex(opened, loaded, streamed) {
  if (opened.store.pathIndex === undefined) {
    return null;
  }
  const window = {
    startMicros: loaded.minStart,
    endMicros: loaded.maxStart + 1,
  };
  const usage = startUsage(opened);
  const t = process.hrtime.bigint();
  const runs = await new PathIndexer(opened.store, {
    delayMicros: 0,
    backfillMicros: loaded.maxStart - loaded.minStart + 2 * HOUR_MICROS,
    intervalMillis: 60_000,
    tickBudgetMillis: 24 * 3_600_000,
    nowMicros: () => loaded.maxStart + HOUR_MICROS,
    log: (r) => log(`indexer: ${JSON.stringify(r)}`),
  }).runOnce();
  const buildSeconds = secondsSince(t);
  const buildCpu = usage.stop();
  const seconds = [];
  let report;
  let queryCpu;
  for (let i = 0; i < indexRuns; i++) {
    const u = startUsage(opened);
    const q = process.hrtime.bigint();
    report = await profileStoredTraces(opened.store, window);
    seconds.push(secondsSince(q));
    queryCpu = u.stop();
  }
  return {
    runs: runs.length,
    indexedTraces: report.source.indexedTraces,
    streamedTraces: report.source.streamedTraces,
    buildSeconds: round(buildSeconds, 1),
    buildSpansPerSecond: Math.round(loaded.spans / buildSeconds),
    buildNodeCpuSeconds: round(buildCpu.nodeSeconds, 1),
    buildServerCpuSeconds:
      buildCpu.serverSeconds === null ? null : round(buildCpu.serverSeconds, 1),
    profileP50Seconds: round(quantile(seconds, 0.5), 2),
    profileMaxSeconds: round(Math.max(...seconds), 2),
    profileNodeCpuSeconds: round(queryCpu.nodeSeconds, 2),
    profileServerCpuSeconds:
      queryCpu.serverSeconds === null ? null : round(queryCpu.serverSeconds, 2),
    sameAsStreamed: sameProfile(report, streamed),
  };
}

/** Same paths, counts and errors, and p50/p99 within the sketch's 2% of one another. */
function sameProfile(a, b) {
  const byKey = new Map(b.paths.map((p) => [p.key, p]));
  return (
    a.paths.length === b.paths.length &&
    a.totals.traces === b.totals.traces &&
    a.paths.every((p) => {
      const q = byKey.get(p.key);
      const close = (x, y) => Math.abs(x - y) <= 0.02 * Math.abs(y) + 1e-9;
      return (
        q !== undefined &&
        p.count === q.count &&
        p.errors === q.errors &&
        close(p.durationMicros.p50, q.durationMicros.p50) &&
        close(p.durationMicros.p99, q.durationMicros.p99)
      );
    })
  );
}

/** CPU of this process and of the backend's servers between start and stop. */
function startUsage(opened) {
  const node = process.cpuUsage();
  const server = opened.serverCpuSeconds();
  return {
    stop() {
      const used = process.cpuUsage(node);
      const serverNow = opened.serverCpuSeconds();
      return {
        nodeSeconds: (used.user + used.system) / 1e6,
        serverSeconds:
          server === null || serverNow === null ? null : serverNow - server,
      };
    },
  };
}

function secondsSince(t) {
  return Number(process.hrtime.bigint() - t) / 1e9;
}

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  );
}

function round(x, digits) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function renderMarkdown(summary) {
  const m = summary.machine;
  const fmt = (n) => n.toLocaleString('en-US').replaceAll(',', ' ');
  const lines = [
    `${summary.date.slice(0, 10)}, ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.os}, commit ${m.commit}; ` +
      `${fmt(summary.spans)} seed-shaped spans (${fmt(summary.traces)} traces), batches of ${batchSize} × ${concurrency} in flight, ` +
      `searches ${runs} runs each, one profile run.`,
    '',
    '| store | ingest spans/s (CPU µs/span: node + server) | service, last hour: p50 / p99 ms | service + tag: p50 / p99 ms | trace by id: p50 / p99 ms | profile wall s (waiting for store) | profile CPU s: node + server |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  if (opts['ingest-only']) {
    lines[0] = lines[0].replace(/, searches .*$/, ', ingest only.');
    lines.splice(
      2,
      2,
      '| store | ingest spans/s (CPU µs/span: node + server) |',
      '| --- | ---: |',
    );
    for (const r of summary.results) {
      const server = r.ingest.serverCpuMicrosPerSpan;
      lines.push(
        `| ${r.label} | ${fmt(r.ingest.spansPerSecond)} (${r.ingest.nodeCpuMicrosPerSpan}${server === null ? '' : ` + ${server}`}) |`,
      );
    }
    return `${lines.join('\n')}\n`;
  }
  for (const r of summary.results) {
    const cpu = (node, server) =>
      server === null ? `${node}` : `${node} + ${server}`;
    const q = r.searches.map((s) => `${s.p50Ms} / ${s.p99Ms}`);
    lines.push(
      `| ${r.label} | ${fmt(r.ingest.spansPerSecond)} (${cpu(r.ingest.nodeCpuMicrosPerSpan, r.ingest.serverCpuMicrosPerSpan)}) | ${q.join(' | ')} | ${r.profile.wallSeconds} (${r.profile.waitingForStoreSeconds}) | ${cpu(r.profile.nodeCpuSeconds, r.profile.serverCpuSeconds)} |`,
    );
  }
  lines.push(
    '',
    '| store | index pass: s (spans/s) | index pass CPU s: node + server | profile from the index: p50 (max) s | its CPU s: node + server | traces from the index / streamed | same as streamed |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const r of summary.results) {
    const x = r.pathIndex;
    if (x === null) {
      lines.push(`| ${r.label} | no path index | | | | | |`);
      continue;
    }
    const cpu = (node, server) =>
      server === null ? `${node}` : `${node} + ${server}`;
    lines.push(
      `| ${r.label} | ${x.buildSeconds} (${fmt(x.buildSpansPerSecond)}) | ${cpu(x.buildNodeCpuSeconds, x.buildServerCpuSeconds)} | ${x.profileP50Seconds} (${x.profileMaxSeconds}) | ${cpu(x.profileNodeCpuSeconds, x.profileServerCpuSeconds)} | ${fmt(x.indexedTraces)} / ${fmt(x.streamedTraces)} | ${x.sameAsStreamed ? 'yes' : 'NO'} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const summary = {
  benchmark: 'clickhouse-compare',
  date: new Date().toISOString(),
  machine: describeMachine(ROOT),
  spans: 0,
  traces: 0,
  results: [],
};
for (const name of opts.backends.split(',')) {
  const backend = BACKENDS[name];
  if (backend === undefined) {
    throw new Error(
      `unknown backend ${name}; use duckdb, clickhouse or cluster`,
    );
  }
  log(`${name}: starting`);
  const opened = await backend.open();
  try {
    const loaded = await ingest(opened, name);
    summary.spans = loaded.spans;
    summary.traces = loaded.traces;
    log(`${name}: ingest ${JSON.stringify(loaded)}`);
    if (opts['ingest-only']) {
      summary.results.push({
        backend: name,
        label: backend.label,
        ingest: loaded,
      });
      continue;
    }
    const searches = await search(opened.store, loaded);
    log(`${name}: searches ${JSON.stringify(searches)}`);
    const { report, ...profiled } = await profile(opened, loaded);
    log(`${name}: profile ${JSON.stringify(profiled)}`);
    const indexed = await pathIndex(opened, loaded, report);
    log(`${name}: path index ${JSON.stringify(indexed)}`);
    summary.results.push({
      backend: name,
      label: backend.label,
      ingest: loaded,
      searches,
      profile: profiled,
      pathIndex: indexed,
    });
  } finally {
    await opened.store.close();
    await opened.dispose();
  }
}
log(JSON.stringify(summary));
process.stdout.write(renderMarkdown(summary));
