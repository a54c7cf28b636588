#!/usr/bin/env node
// The collector's OTLP/HTTP protobuf ingest as senders see it (issue 13's
// targets), each measure beside its anchor in the same run. Needs `npm run
// build`. Bodies of seed-shaped traces are serialised by OpenTelemetry's
// ProtobufTraceSerializer before anything is timed; the senders run in a
// worker thread (bench/otlp-load-worker.mjs), so they do not share the
// receiver's event loop (they do share the machine's cores).
//   decode        decodeOtlpProtobufSpans on every body, one thread (one core)
//   null sink     a node:http server that reads each body and answers 200
//   collector     startCollector on a fresh DuckDB data directory, with the
//                 --memory-limit split `pathprof serve` uses (1 GiB): spans
//                 acknowledged per second, 8 keep-alive clients (closed loop)
//   open loop     --rate spans/s offered for --open-seconds s on a fresh store:
//                 acknowledgement latency from each body's planned send time
//   path index    the collector's PathIndexer over what the closed loop stored:
//                 spans indexed per second (the index keeps up when this is above
//                 the ingest rate)
// Prints one JSON summary on stdout, progress on stderr.
//
// node bench/collector-ack.mjs [--spans N] [--body-spans N] [--concurrency N]
//                              [--rate N] [--open-seconds N] [--decode-workers N]
// (--decode-workers: the collector's decode threads; its own default when absent)

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { decodeOtlpProtobufSpans } from '../packages/engine/dist/index.js';
import { openSpanStore } from '../packages/store/dist/index.js';
import {
  PathIndexer,
  splitMemoryLimit,
  startCollector,
  DEFAULT_MEMORY_LIMIT_BYTES,
} from '../packages/collector/dist/index.js';
import { describeMachine } from './machine-info.mjs';
import { buildOtlpSeedBodies } from './otlp-seed-bodies.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const { values: opts } = parseArgs({
  options: {
    spans: { type: 'string', default: '500000' },
    'body-spans': { type: 'string', default: '512' },
    concurrency: { type: 'string', default: '8' },
    rate: { type: 'string', default: '50000' },
    'open-seconds': { type: 'string', default: '60' },
    'decode-workers': { type: 'string' },
  },
  strict: true,
});
const totalSpans = Number(opts.spans);
const bodySpans = Number(opts['body-spans']);
const concurrency = Number(opts.concurrency);
const rate = Number(opts.rate);
const openSeconds = Number(opts['open-seconds']);
const decodeWorkers =
  opts['decode-workers'] === undefined
    ? undefined
    : Number(opts['decode-workers']);
const log = (msg) => process.stderr.write(`${msg}\n`);
const round = (x) => Math.round(x);

// The sender worker's copy of the bodies while a load runs (see collectorRss).
let senderBytes = 0;

function load(url, bodies, extra) {
  senderBytes = bodies.reduce((n, b) => n + b.byteLength, 0);
  return new Promise((resolve, reject) => {
    const worker = new Worker(
      new URL('./otlp-load-worker.mjs', import.meta.url),
      {
        workerData: { url, bodies, concurrency, ...extra },
      },
    );
    worker.once('message', resolve);
    worker.once('error', reject);
  }).finally(() => {
    senderBytes = 0;
  });
}

/**
 * The collector's memory governor reads the process's RSS, which here also
 * holds what the benchmark keeps: the bodies, the decode stage's garbage and
 * the sender worker's copy of the bodies. It is given the RSS beyond what the
 * process held before the collector started and beyond the sender's copy, so
 * it governs about what a `pathprof serve` process would hold.
 */
function collectorRss(heldBytes) {
  return {
    readRssBytes: () =>
      Math.max(0, process.memoryUsage.rss() - heldBytes - senderBytes),
    nowMillis: () => performance.now(),
  };
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function withNullSink(fn) {
  const server = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-protobuf' });
      res.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    return await fn(`http://127.0.0.1:${server.address().port}/v1/traces`);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

async function withCollector(fn) {
  globalThis.gc?.();
  const heldBytes = process.memoryUsage.rss();
  const dir = mkdtempSync(join(tmpdir(), 'pathprof-ack-bench-'));
  const memory = splitMemoryLimit(DEFAULT_MEMORY_LIMIT_BYTES);
  const store = await openSpanStore({
    path: dir,
    memoryLimitBytes: memory.storeBytes,
    maxBacklogBytes: memory.backlogBytes,
  });
  const collector = await startCollector({
    store,
    keepStoreOpen: true,
    otlpPort: 0,
    zipkinPort: null,
    queryPort: 0,
    memoryLimitBytes: DEFAULT_MEMORY_LIMIT_BYTES,
    memoryProbe: collectorRss(heldBytes),
    ...(decodeWorkers === undefined ? {} : { decodeWorkers }),
    pathIndex: { enabled: false },
    log: null,
  });
  try {
    return await fn(`${collector.urls.otlp}/v1/traces`, store, collector);
  } finally {
    await collector.close();
    await store.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

log(`building OTLP bodies of ${bodySpans} spans, ${totalSpans} spans in all…`);
const { bodies, spans, bytes } = buildOtlpSeedBodies({
  totalSpans,
  spansPerBody: bodySpans,
});
log(
  `${bodies.length} bodies, ${spans} spans, ${(bytes / 2 ** 20).toFixed(0)} MiB`,
);

// Decoding on one thread.
for (const body of bodies.slice(0, 20)) {
  decodeOtlpProtobufSpans(body);
}
let t = performance.now();
let decoded = 0;
for (const body of bodies) {
  const r = decodeOtlpProtobufSpans(body);
  if (!r.ok) {
    throw new Error(r.error.message);
  }
  decoded += r.value.spans.length;
}
const decodeSpansPerSecond = decoded / ((performance.now() - t) / 1000);
log(`decode: ${round(decodeSpansPerSecond)} spans/s`);

const nullSink = await withNullSink(async (url) => {
  await load(url, bodies.slice(0, 16), { mode: 'closed' });
  return load(url, bodies, { mode: 'closed' });
});
const nullRate = (nullSink.ok * bodySpans) / nullSink.seconds;
log(`null sink: ${round(nullRate)} spans/s`);

let indexRate = null;
const closed = await withCollector(async (url, store, collector) => {
  const r = await load(url, bodies, { mode: 'closed' });
  await collector.flush();
  const backlog = store.writeBacklog();
  log(
    `collector: ${r.ok} bodies acknowledged, ${r.refused} refused in ${r.seconds.toFixed(1)} s; backlog after ${backlog.spans} spans`,
  );
  const indexer = new PathIndexer(store, {
    delayMicros: 0,
    backfillMicros: 20 * 365 * 86_400e6,
    intervalMillis: 1_000_000,
    tickBudgetMillis: 3_600_000,
    nowMicros: () => Date.now() * 1000,
    log: () => undefined,
  });
  const started = performance.now();
  const runs = await indexer.runOnce();
  const seconds = (performance.now() - started) / 1000;
  const traces = runs.reduce((n, run) => n + run.traces, 0);
  indexRate = {
    windows: runs.length,
    traces,
    seconds: Math.round(seconds * 10) / 10,
    spansPerSecond: round((r.ok * bodySpans) / seconds),
  };
  log(
    `path index: ${runs.length} windows, ${traces} traces in ${seconds.toFixed(1)} s`,
  );
  return r;
});
const ackRate = (closed.ok * bodySpans) / closed.seconds;
log(`collector: ${round(ackRate)} spans/s acknowledged`);

const open = await withCollector((url) =>
  load(url, bodies, {
    mode: 'open',
    bodiesPerSecond: rate / bodySpans,
    seconds: openSeconds,
  }),
);
const lat = open.latenciesMillis;
log(
  `open loop: ${open.ok} acknowledged, ${open.refused} refused; p99 ${lat.length === 0 ? '-' : percentile(lat, 99).toFixed(0)} ms`,
);

process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'collector-ack',
      date: new Date().toISOString(),
      machine: describeMachine(ROOT),
      input: {
        bodies: bodies.length,
        spans,
        bodySpans,
        mebibytes: Math.round(bytes / 2 ** 20),
      },
      decodeOneThread: { spansPerSecond: round(decodeSpansPerSecond) },
      nullSink: { spansPerSecond: round(nullRate), refused: nullSink.refused },
      collectorClosedLoop: {
        concurrency,
        decodeWorkers: decodeWorkers ?? 'collector default',
        spansPerSecond: round(ackRate),
        refusedBodies: closed.refused,
        ratioToNullSink: Math.round((ackRate / nullRate) * 1000) / 1000,
      },
      openLoop: {
        offeredSpansPerSecond: rate,
        seconds: openSeconds,
        acknowledgedBodies: open.ok,
        refusedBodies: open.refused,
        p50Millis: lat.length === 0 ? null : round(percentile(lat, 50)),
        p99Millis: lat.length === 0 ? null : round(percentile(lat, 99)),
        maxMillis: lat.length === 0 ? null : round(Math.max(...lat)),
      },
      pathIndex: indexRate,
    },
    null,
    2,
  )}\n`,
);
