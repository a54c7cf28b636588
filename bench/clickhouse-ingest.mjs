#!/usr/bin/env node
// ClickHouse ingest by N collectors at once (packages/store/dist; run
// `npm run build` first): each collector is a child process with its own
// ClickHouse store (its own client and write queue), appending seed-shaped
// spans with appendSpans (encoding included) into one server or a cluster
// started by bench/clickhouse-servers.mjs on 127.0.0.1. An append counts once
// its promise resolved: ClickHouse answered its INSERT (acknowledged =
// durable, docs/clickhouse.md); at the end the spans ClickHouse holds are
// counted against those acknowledged. On a cluster, collector i enters at shard
// i mod shards, as behind a load balancer; with --shard-inserts each collector
// instead writes each trace's rows straight into the shard that owns it
// (the store's shardInserts).
//
// The children work in lock-step rounds so that only appending is timed:
// each decodes its next chunk of spans (untimed), then all append it at once;
// a round ends when the last child's appends are acknowledged. Reported:
// spans/s acknowledged over the rounds' wall time, and CPU per span of the
// collectors (their own process CPU in the rounds) and of the servers (/proc).
// Prints a Markdown line on stdout, progress and a JSON summary on stderr.
//
// node bench/clickhouse-ingest.mjs [--collectors N] [--shards N] [--spans N]
//                                 [--batch N] [--concurrency N] [--inserts N]
//                                 [--shard-inserts] [--cpu-prof-dir DIR]
//   --collectors   collector processes (default 1)
//   --shards       ClickHouse servers; more than 1 makes a cluster (default 1)
//   --spans        spans per collector (default 1M)
//   --batch        spans per appendSpans call (default 5000)
//   --concurrency  appendSpans calls in flight per collector (default 4)
//   --inserts      the store's maxInsertsInFlight (default: the store's)
//   --shard-inserts  on a cluster, INSERT into the owning shards' local tables
//   --cpu-prof-dir   write a V8 CPU profile of each collector there (its
//                    untimed decoding included: look at the store's frames)

import { fork } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeJaegerTrace } from '../packages/engine/dist/index.js';
import { openSpanStore } from '../packages/store/dist/index.js';
import { startClickHouse } from './clickhouse-servers.mjs';
import { describeMachine } from './machine-info.mjs';
import { generateSeedTraces } from './seed-shaped-traces.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const DATABASE = 'pathprof_bench';
/** Spans each child decodes ahead of a round (bounds its memory). */
const CHUNK_SPANS = 100_000;
const log = (msg) => process.stderr.write(`${msg}\n`);

if (process.argv[2] === '--child') {
  runChild();
} else {
  await runParent();
}

async function runParent() {
  const { values: opts } = parseArgs({
    options: {
      collectors: { type: 'string', default: '1' },
      shards: { type: 'string', default: '1' },
      spans: { type: 'string', default: '1000000' },
      batch: { type: 'string', default: '5000' },
      concurrency: { type: 'string', default: '4' },
      inserts: { type: 'string' },
      'shard-inserts': { type: 'boolean', default: false },
      'cpu-prof-dir': { type: 'string' },
    },
    strict: true,
  });
  const collectors = Number(opts.collectors);
  const shards = Number(opts.shards);
  const settings = {
    spans: Number(opts.spans),
    batch: Number(opts.batch),
    concurrency: Number(opts.concurrency),
    inserts: opts.inserts === undefined ? undefined : Number(opts.inserts),
    shardInserts: opts['shard-inserts'],
  };
  if (settings.shardInserts && shards < 2) {
    throw new Error('--shard-inserts needs a cluster: --shards 2 or more');
  }
  const servers = await startClickHouse({ shards });
  const children = [];
  try {
    const target = (i) => ({
      url: servers.shardUrls[i % servers.shardUrls.length],
      ...(servers.cluster === undefined
        ? {}
        : { cluster: servers.cluster, shardUrls: servers.shardUrls }),
    });
    // The schema once, before the children open their stores.
    await (await openSpanStore(storeOptions(target(0), settings))).close();
    for (let i = 0; i < collectors; i++) {
      children.push(
        startChild(
          i,
          { ...target(i), ...settings, seed: 7 + i },
          opts['cpu-prof-dir'],
        ),
      );
    }
    await Promise.all(children.map((c) => c.next('opened')));
    let wallSeconds = 0;
    let serverSeconds = 0;
    let nodeSeconds = 0;
    let spans = 0;
    for (let round = 1; ; round++) {
      const prepared = await Promise.all(children.map((c) => c.next('ready')));
      if (prepared.every((p) => p.spans === 0)) {
        break;
      }
      const server = servers.cpuSeconds();
      const t = process.hrtime.bigint();
      children.forEach((c) => c.send({ type: 'go' }));
      const done = await Promise.all(children.map((c) => c.next('appended')));
      const seconds = Number(process.hrtime.bigint() - t) / 1e9;
      const roundSpans = done.reduce((n, d) => n + d.spans, 0);
      wallSeconds += seconds;
      spans += roundSpans;
      nodeSeconds += done.reduce((n, d) => n + d.cpuSeconds, 0);
      const serverNow = servers.cpuSeconds();
      serverSeconds +=
        server === null || serverNow === null ? NaN : serverNow - server;
      log(
        `round ${round}: ${roundSpans} spans in ${seconds.toFixed(1)} s, ${Math.round(spans / wallSeconds)} spans/s so far`,
      );
    }
    children.forEach((c) => c.send({ type: 'stop' }));
    await Promise.all(children.map((c) => c.exited));
    // Every acknowledged span is there (the seeds' traces do not overlap).
    const counted = await fetch(servers.url, {
      method: 'POST',
      body: `SELECT count() FROM ${DATABASE}.spans`,
    });
    const storedSpans = Number(await counted.text());
    const summary = {
      benchmark: 'clickhouse-ingest',
      date: new Date().toISOString(),
      machine: describeMachine(ROOT),
      collectors,
      shards,
      ...settings,
      spans,
      storedSpans,
      wallSeconds: round(wallSeconds, 2),
      spansPerSecond: Math.round(spans / wallSeconds),
      nodeCpuMicrosPerSpan: round((nodeSeconds * 1e6) / spans, 1),
      serverCpuMicrosPerSpan: round((serverSeconds * 1e6) / spans, 1),
    };
    log(JSON.stringify(summary));
    const m = summary.machine;
    process.stdout.write(
      `${summary.date.slice(0, 10)}, ${m.cpuModel}, ${m.cores} cores, Node ${m.node}, commit ${m.commit}: ` +
        `${collectors} collector(s) → ${shards === 1 ? '1 server' : `${shards}-shard cluster`}` +
        `${settings.shardInserts ? ' (shard inserts)' : ''}, ` +
        `${spans} spans acknowledged (${storedSpans} counted in ClickHouse) at ${summary.spansPerSecond} spans/s; ` +
        `CPU µs/span: collectors ${summary.nodeCpuMicrosPerSpan} + servers ${summary.serverCpuMicrosPerSpan}\n`,
    );
  } finally {
    children.forEach((c) => c.kill());
    await servers.dispose();
  }
}

function storeOptions(target, settings) {
  return {
    kind: 'clickhouse',
    database: DATABASE,
    ...target,
    ...(settings.inserts === undefined
      ? {}
      : { maxInsertsInFlight: settings.inserts }),
    ...(settings.shardInserts ? { shardInserts: true } : {}),
  };
}

/** A child and its messages, taken in order by type. */
function startChild(index, config, cpuProfileDir) {
  const child = fork(fileURLToPath(import.meta.url), ['--child'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv:
      cpuProfileDir === undefined
        ? []
        : ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`],
  });
  const inbox = [];
  const waiting = [];
  let failure;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.on('message', (msg) => {
    if (msg.type === 'error') {
      failure = new Error(`collector ${index}: ${msg.message}`);
      waiting.splice(0).forEach((w) => w.reject(failure));
      return;
    }
    const w = waiting.findIndex((x) => x.type === msg.type);
    if (w >= 0) {
      waiting.splice(w, 1)[0].resolve(msg);
    } else {
      inbox.push(msg);
    }
  });
  child.once('exit', (code) => {
    failure ??= new Error(`collector ${index} exited (${code})`);
    waiting.splice(0).forEach((w) => w.reject(failure));
  });
  child.send({ type: 'start', config });
  return {
    exited,
    send: (msg) => child.send(msg),
    kill: () => child.exitCode === null && child.kill(),
    next(type) {
      const i = inbox.findIndex((m) => m.type === type);
      if (i >= 0) {
        return Promise.resolve(inbox.splice(i, 1)[0]);
      }
      if (failure !== undefined) {
        return Promise.reject(failure);
      }
      return new Promise((resolve, reject) =>
        waiting.push({ type, resolve, reject }),
      );
    },
  };
}

function runChild() {
  let store;
  let concurrency = 1;
  let chunks;
  let chunk = [];
  const fail = (err) => {
    process.send({ type: 'error', message: String(err?.stack ?? err) });
    process.exitCode = 1;
    process.disconnect();
  };
  const prepare = () => {
    const next = chunks.next();
    chunk = next.done ? [] : next.value;
    process.send({
      type: 'ready',
      spans: chunk.reduce((n, b) => n + b.length, 0),
    });
  };
  process.on('message', (msg) => {
    if (msg.type === 'start') {
      const { config } = msg;
      chunks = chunksOfBatches(config);
      concurrency = config.concurrency;
      openSpanStore(storeOptions(config, config))
        .then((opened) => {
          store = opened;
          process.send({ type: 'opened' });
          prepare();
        })
        .catch(fail);
    } else if (msg.type === 'go') {
      appendChunk(store, chunk, concurrency)
        .then((result) => {
          process.send({ type: 'appended', ...result });
          prepare();
        })
        .catch(fail);
    } else if (msg.type === 'stop') {
      store.close().then(() => process.disconnect(), fail);
    }
  });
}

async function appendChunk(store, batches, concurrency) {
  const cpu = process.cpuUsage();
  const inflight = new Set();
  let spans = 0;
  for (const batch of batches) {
    const call = store.appendSpans(batch).then((r) => {
      spans += r.stored;
      inflight.delete(call);
    });
    inflight.add(call);
    if (inflight.size >= concurrency) {
      await Promise.race(inflight);
    }
  }
  await Promise.all(inflight);
  const used = process.cpuUsage(cpu);
  return { spans, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** Chunks (about CHUNK_SPANS) of batches of decoded spans, whole traces per batch. */
function* chunksOfBatches({ spans: total, batch: size, seed }) {
  let chunk = [];
  let chunkSpans = 0;
  let batch = [];
  let count = 0;
  for (const trace of generateSeedTraces({
    traces: Math.ceil(total / 10),
    seed,
  })) {
    const decoded = decodeJaegerTrace(trace).spans;
    batch.push(...decoded);
    count += decoded.length;
    const done = count >= total;
    if (batch.length >= size || done) {
      chunk.push(batch);
      chunkSpans += batch.length;
      batch = [];
    }
    if (chunkSpans >= CHUNK_SPANS || done) {
      yield chunk;
      chunk = [];
      chunkSpans = 0;
      if (done) {
        return;
      }
    }
  }
  if (batch.length > 0) {
    chunk.push(batch);
  }
  if (chunk.length > 0) {
    yield chunk;
  }
}

function round(x, digits) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
