#!/usr/bin/env node
// The store on its own (packages/store/dist; run `npm run build` first):
//   1. ingest: spans/s of appendSpans into a DuckDB data directory, in batches, on
//      seed-shaped traces decoded by the engine (decoding is timed apart);
//   2. search: p50/p99 of typical Jaeger queries through the SpanStore, against the
//      same query written directly in SQL on the same DuckDB file.
// Prints one JSON summary on stdout, progress on stderr.
//
// node bench/store-ingest.mjs [--spans N] [--batch N] [--concurrency N] [--sweep LIST]
//                            [--sweep-spans N] [--runs N] [--dir DIR] [--keep] [--no-load]
//   --spans        spans to load for the search part (default 3M; the target is 10M)
//   --batch        spans per appendSpans call for the load (default 5000)
//   --concurrency  appendSpans calls in flight during the load (default 4)
//   --sweep        SIZExINFLIGHT points measured on fresh stores
//                  (default 512x1,512x32,5000x1,5000x4,20000x1)
//   --sweep-spans  spans per sweep point (default 300k)
//   --runs         runs per query and side (default 20; the 10000-trace query runs a quarter)
//   --dir          data directory to load into (default: a temporary one, removed unless --keep)
//   --no-load      query the store already in --dir instead of loading one

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { decodeJaegerTrace } from '../packages/engine/dist/index.js';
import {
  DUCKDB_FILE_NAME,
  openDuckDbStore,
} from '../packages/store/dist/index.js';
import { describeMachine } from './machine-info.mjs';
import { generateSeedTraces } from './seed-shaped-traces.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const { values: opts } = parseArgs({
  options: {
    spans: { type: 'string', default: '3000000' },
    batch: { type: 'string', default: '5000' },
    sweep: { type: 'string', default: '512x1,512x32,5000x1,5000x4,20000x1' },
    concurrency: { type: 'string', default: '4' },
    'sweep-spans': { type: 'string', default: '300000' },
    runs: { type: 'string', default: '20' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'no-load': { type: 'boolean', default: false },
  },
  strict: true,
});
const targetSpans = Number(opts.spans);
const batchSize = Number(opts.batch);
const runs = Number(opts.runs);
const concurrency = Number(opts.concurrency);
const sweep =
  opts.sweep === ''
    ? []
    : opts.sweep.split(',').map((point) => {
        const [size, inFlight = '1'] = point.split('x');
        return { size: Number(size), inFlight: Number(inFlight) };
      });
const sweepSpans = Number(opts['sweep-spans']);
const tmp = mkdtempSync(join(tmpdir(), 'pathprof-store-bench-'));
const dataDir = opts.dir ?? join(tmp, 'data');
const log = (msg) => process.stderr.write(`${msg}\n`);

/** Spans decoded ahead of each timed append phase (bounds the bench's memory). */
const CHUNK_SPANS = 400_000;

/**
 * Yields chunks of batches of decoded spans (whole traces per batch) until
 * `total` spans, timing generation + decoding apart from appending.
 * @param {number} total
 * @param {number} size
 * @param {{ decodeSeconds: number }} clock
 */
function* chunksOfBatches(total, size, clock) {
  let chunk = [];
  let batch = [];
  let produced = 0;
  let chunkSpans = 0;
  let t = process.hrtime.bigint();
  for (const trace of generateSeedTraces({
    traces: Math.ceil(total / 10),
    seed: 7,
  })) {
    const { spans } = decodeJaegerTrace(trace);
    batch.push(...spans);
    produced += spans.length;
    if (batch.length >= size || produced >= total) {
      chunk.push(batch);
      chunkSpans += batch.length;
      batch = [];
    }
    if (chunkSpans >= CHUNK_SPANS || produced >= total) {
      clock.decodeSeconds += Number(process.hrtime.bigint() - t) / 1e9;
      yield chunk;
      chunk = [];
      chunkSpans = 0;
      t = process.hrtime.bigint();
      if (produced >= total) {
        return;
      }
    }
  }
}

/**
 * Appends `total` spans in batches of `size`, `concurrency` calls in flight
 * (a collector answers several requests at once; the store commits the calls
 * that wait together). Reports spans/s over the append phases, the CPU time
 * per span of the whole process (DuckDB's threads included), and the latency
 * of each call until acknowledged.
 */
async function ingest(store, total, size, concurrency, label) {
  const clock = { decodeSeconds: 0 };
  let appendSeconds = 0;
  let cpuMicros = 0;
  let spans = 0;
  let nextLog = 1_000_000;
  const ackMillis = [];
  for (const chunk of chunksOfBatches(total, size, clock)) {
    const cpu = process.cpuUsage();
    const t = process.hrtime.bigint();
    const inflight = new Set();
    for (const batch of chunk) {
      const sent = process.hrtime.bigint();
      const call = store.appendSpans(batch).then(() => {
        ackMillis.push(Number(process.hrtime.bigint() - sent) / 1e6);
        inflight.delete(call);
      });
      inflight.add(call);
      spans += batch.length;
      if (inflight.size >= concurrency) {
        await Promise.race(inflight);
      }
    }
    await Promise.all(inflight);
    appendSeconds += Number(process.hrtime.bigint() - t) / 1e9;
    const used = process.cpuUsage(cpu);
    cpuMicros += used.user + used.system;
    if (spans >= nextLog) {
      log(
        `${label}: ${spans} spans, ${Math.round(spans / appendSeconds)} spans/s in appendSpans`,
      );
      nextLog += 1_000_000;
    }
  }
  return {
    batchSize: size,
    concurrency,
    spans,
    appendSeconds: round(appendSeconds, 2),
    appendSpansPerSecond: Math.round(spans / appendSeconds),
    cpuMicrosPerSpan: round(cpuMicros / spans, 2),
    decodeSpansPerSecond: Math.round(spans / clock.decodeSeconds),
    ackMillisP50: round(quantile(ackMillis, 0.5), 1),
    ackMillisP99: round(quantile(ackMillis, 0.99), 1),
  };
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

async function time(fn) {
  const t = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, value };
}

// --- the same searches in SQL --------------------------------------------------------------

const SPAN_COLUMNS = `s.trace_id, s.span_id, s.parent_span_id, s.service, s.operation, s.kind,
  s.status, s.status_message, s.start_us, s.duration_us, s.missing_timing, s.shared,
  s.resource_id, s.attributes, s.events, s.refs`;

/** One statement: matching trace ids, the page by trace start, then the page's spans. */
function rawSearchSql({ where, limit, lo, hi }) {
  return `WITH matched AS (SELECT DISTINCT trace_id FROM spans WHERE ${where}),
    page AS (
      SELECT t.trace_id, t.start_us, t.end_us FROM traces t SEMI JOIN matched m ON t.trace_id = m.trace_id
      WHERE t.start_us <= ${hi} AND t.end_us >= ${lo}
      ORDER BY t.start_us DESC, t.trace_id LIMIT ${limit})
    SELECT ${SPAN_COLUMNS} FROM spans s
    WHERE s.start_us BETWEEN (SELECT min(start_us) FROM page) AND (SELECT max(end_us) FROM page)
      AND s.trace_id IN (SELECT trace_id FROM page)
    ORDER BY s.trace_id, s.start_us`;
}

// --- main ------------------------------------------------------------------------------------

const summary = {
  benchmark: 'store-ingest',
  date: new Date().toISOString(),
  machine: describeMachine(ROOT),
  ingestSweep: [],
  load: null,
  queries: [],
};

try {
  for (const { size, inFlight } of sweep) {
    const dir = join(tmp, `sweep-${size}x${inFlight}`);
    const store = await openDuckDbStore({ path: dir });
    const result = await ingest(
      store,
      sweepSpans,
      size,
      inFlight,
      `sweep ${size}x${inFlight}`,
    );
    const t = process.hrtime.bigint();
    await store.close();
    result.closeSeconds = round(Number(process.hrtime.bigint() - t) / 1e9, 2);
    summary.ingestSweep.push(result);
    rmSync(dir, { recursive: true, force: true });
    log(`sweep ${size}x${inFlight}: ${JSON.stringify(result)}`);
  }

  let store;
  summary.load = {};
  if (!opts['no-load']) {
    store = await openDuckDbStore({ path: dataDir });
    summary.load = await ingest(
      store,
      targetSpans,
      batchSize,
      concurrency,
      'load',
    );
    const t = process.hrtime.bigint();
    await store.close();
    summary.load.closeSeconds = round(
      Number(process.hrtime.bigint() - t) / 1e9,
      2,
    );
  }
  const file = join(dataDir, DUCKDB_FILE_NAME);
  summary.load.fileMiB = round(statSync(file).size / 2 ** 20, 1);
  log(`load: ${JSON.stringify(summary.load)}`);

  // Query bounds from the data: the last hour (Jaeger UI's default lookback) and all of it.
  const probe = await DuckDBInstance.create(file);
  const pc = await probe.connect();
  const [[minStart, maxStart, traces, spanCount]] = (
    await pc.runAndReadAll(
      'SELECT min(start_us), max(start_us), count(*), (SELECT count(*) FROM spans) FROM traces',
    )
  ).getRowsJS();
  pc.closeSync();
  probe.closeSync();
  const end = Number(maxStart);
  const hourAgo = end - 3_600_000_000;
  const first = Number(minStart);
  summary.load.traces = Number(traces);
  summary.load.storedSpans = Number(spanCount);
  summary.load.spanMicrosRange = end - first;

  /** Jaeger searches as the UI and the seed's aggregator send them. */
  const queries = [
    {
      name: 'service, last hour, limit 20 (Jaeger UI default)',
      store: { service: 'svc-a', startMin: hourAgo, startMax: end, limit: 20 },
      raw: {
        where: `service = 'svc-a' AND start_us BETWEEN ${hourAgo} AND ${end}`,
        limit: 20,
        lo: hourAgo,
        hi: end,
      },
    },
    {
      name: 'service + operation, last hour, limit 20',
      store: {
        service: 'svc-e',
        operation: 'e1_summary',
        startMin: hourAgo,
        startMax: end,
        limit: 20,
      },
      raw: {
        where: `service = 'svc-e' AND operation = 'e1_summary' AND start_us BETWEEN ${hourAgo} AND ${end}`,
        limit: 20,
        lo: hourAgo,
        hi: end,
      },
    },
    {
      name: 'service + tag http.status_code=500, last hour, limit 20',
      store: {
        service: 'svc-a',
        tags: { 'http.status_code': '500' },
        startMin: hourAgo,
        startMax: end,
        limit: 20,
      },
      raw: {
        where: `service = 'svc-a' AND start_us BETWEEN ${hourAgo} AND ${end} AND json_extract_string(attributes, '$."http.status_code"') = '500'`,
        limit: 20,
        lo: hourAgo,
        hi: end,
      },
    },
    {
      name: 'service + minDuration 100ms, last hour, limit 20',
      store: {
        service: 'svc-a',
        durationMin: 100_000,
        startMin: hourAgo,
        startMax: end,
        limit: 20,
      },
      raw: {
        where: `service = 'svc-a' AND duration_us >= 100000 AND start_us BETWEEN ${hourAgo} AND ${end}`,
        limit: 20,
        lo: hourAgo,
        hi: end,
      },
    },
    {
      name: 'service, whole store, limit 10000 (the seed aggregator)',
      store: {
        service: 'svc-a',
        startMin: first,
        startMax: end,
        limit: 10_000,
      },
      raw: {
        where: `service = 'svc-a' AND start_us BETWEEN ${first} AND ${end}`,
        limit: 10_000,
        lo: first,
        hi: end,
      },
      runs: Math.max(3, Math.ceil(runs / 4)),
    },
  ];

  // Both sides run on the same file at the same time, alternating run by run, so
  // that drifts in machine load hit both alike. The raw side opens the file
  // read-only next to the store (nothing writes during this phase).
  store = await openDuckDbStore({ path: dataDir });
  const raw = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const conn = await raw.connect();
  const rawRows = async (sql) => (await conn.runAndReadAll(sql)).getRows();
  const anyId = (
    await store.searchTraces({ limit: 1, startMin: hourAgo, startMax: end })
  ).traces[0].traceId;
  const sides = [
    ...queries.map((q) => ({
      name: q.name,
      runs: q.runs ?? runs,
      store: () => store.searchTraces(q.store),
      raw: () => rawRows(rawSearchSql(q.raw)),
      describe: (s, r) => ({
        traces: s.traces.length,
        spans: s.traces.reduce((n, t) => n + t.spans.length, 0),
        totalMatched: s.total,
        rawRows: r.length,
      }),
    })),
    {
      name: 'one trace by id',
      runs,
      store: () => store.getTraces([anyId]),
      raw: () =>
        rawRows(`WITH t AS (SELECT start_us, end_us FROM traces WHERE trace_id = '${anyId}')
          SELECT ${SPAN_COLUMNS} FROM spans s WHERE s.trace_id = '${anyId}'
            AND s.start_us BETWEEN (SELECT start_us FROM t) AND (SELECT end_us FROM t)`),
      describe: (s, r) => ({
        traces: s.length,
        spans: s[0]?.spans.length ?? 0,
        rawRows: r.length,
      }),
    },
  ];
  for (const side of sides) {
    const storeMs = [];
    const rawMs = [];
    let lastStore;
    let lastRaw;
    await side.store();
    await side.raw();
    for (let i = 0; i < side.runs; i++) {
      const order = i % 2 === 0 ? ['store', 'raw'] : ['raw', 'store'];
      for (const which of order) {
        const r = await time(side[which]);
        if (which === 'store') {
          storeMs.push(r.ms);
          lastStore = r.value;
        } else {
          rawMs.push(r.ms);
          lastRaw = r.value;
        }
      }
    }
    const s = {
      p50Ms: round(quantile(storeMs, 0.5), 1),
      p99Ms: round(quantile(storeMs, 0.99), 1),
    };
    const r = {
      p50Ms: round(quantile(rawMs, 0.5), 1),
      p99Ms: round(quantile(rawMs, 0.99), 1),
    };
    summary.queries.push({
      name: side.name,
      runs: side.runs,
      store: s,
      rawSql: r,
      ratioP50: round(s.p50Ms / r.p50Ms, 2),
      ratioP99: round(s.p99Ms / r.p99Ms, 2),
      ...side.describe(lastStore, lastRaw),
    });
    log(`query ${JSON.stringify(summary.queries.at(-1))}`);
  }
  conn.closeSync();
  raw.closeSync();
  await store.close();
} finally {
  if (!opts.keep) {
    rmSync(tmp, { recursive: true, force: true });
  }
}

process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
