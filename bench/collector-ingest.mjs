#!/usr/bin/env node
// OTLP/protobuf ingest into the DuckDB store, against protobuf decoding alone
// (packages/engine and packages/store dist; run `npm run build` first). Bodies of
// seed-shaped traces are serialised by OpenTelemetry's ProtobufTraceSerializer
// before anything is timed.
//   decode only   decodeOtlpProtobuf + decodeOtlpTraces on every body
//   stage A       the same decoding + store.appendSpans in-process, --concurrency
//                 bodies in flight (as concurrent HTTP requests give)
//   stage B       the bodies POSTed to startCollector (@pathprof/collector dist) on
//                 port 0 by --concurrency keep-alive clients; skipped with a message
//                 when the collector is not built or does not accept them
// Prints one JSON summary on stdout (medians of --runs, each run on a fresh store),
// progress on stderr.
//
// node bench/collector-ingest.mjs [--spans N] [--body-spans N] [--concurrency N]
//                                 [--runs N] [--no-http]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  decodeOtlpProtobuf,
  decodeOtlpTraces,
} from '../packages/engine/dist/index.js';
import { openDuckDbStore } from '../packages/store/dist/index.js';
import { describeMachine } from './machine-info.mjs';
import { buildOtlpSeedBodies } from './otlp-seed-bodies.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const { values: opts } = parseArgs({
  options: {
    spans: { type: 'string', default: '500000' },
    'body-spans': { type: 'string', default: '512' },
    concurrency: { type: 'string', default: '8' },
    runs: { type: 'string', default: '3' },
    'no-http': { type: 'boolean', default: false },
  },
  strict: true,
});
const totalSpans = Number(opts.spans);
const bodySpans = Number(opts['body-spans']);
const concurrency = Number(opts.concurrency);
const runs = Number(opts.runs);
const log = (msg) => process.stderr.write(`${msg}\n`);

function decodeBody(body) {
  const decoded = decodeOtlpProtobuf(body);
  if (!decoded.ok) {
    throw new Error(`undecodable body: ${decoded.error.message}`);
  }
  return decodeOtlpTraces(decoded.value).spans;
}

/** Calls `task(body)` on every body, `limit` at a time; resolves with seconds taken. */
async function runConcurrently(bodies, limit, task) {
  const t = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      await task(bodies[next++]);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return Number(process.hrtime.bigint() - t) / 1e9;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[mid]
    : (sorted[mid - 1] + sorted[mid]) / 2;
}

function decodeOnly(bodies) {
  const t = process.hrtime.bigint();
  let spans = 0;
  for (const body of bodies) {
    spans += decodeBody(body).length;
  }
  return { spans, seconds: Number(process.hrtime.bigint() - t) / 1e9 };
}

async function withFreshStore(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'pathprof-collector-bench-'));
  const store = await openDuckDbStore({ path: dir });
  try {
    return await fn(store);
  } finally {
    await store.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function stageA(bodies, spans) {
  return withFreshStore(async (store) => {
    const cpu = process.cpuUsage();
    const seconds = await runConcurrently(bodies, concurrency, (body) =>
      store.appendSpans(decodeBody(body)),
    );
    const used = process.cpuUsage(cpu);
    return {
      spansPerSecond: spans / seconds,
      cpuMicrosPerSpan: (used.user + used.system) / spans,
    };
  });
}

/** Null when the collector cannot be loaded or refuses the bodies. */
async function loadCollector() {
  try {
    const { startCollector } =
      await import('../packages/collector/dist/index.js');
    return typeof startCollector === 'function' ? startCollector : null;
  } catch (err) {
    log(`stage B skipped: @pathprof/collector dist does not load (${err})`);
    return null;
  }
}

async function stageB(startCollector, bodies, spans) {
  return withFreshStore(async (store) => {
    const collector = await startCollector({
      store,
      keepStoreOpen: true,
      otlpPort: 0,
      zipkinPort: null,
      queryPort: 0,
      log: null,
    });
    try {
      const url = `${collector.urls.otlp}/v1/traces`;
      const post = async (body) => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-protobuf' },
          body,
        });
        await res.arrayBuffer();
        if (!res.ok) {
          throw new Error(`POST /v1/traces answered ${res.status}`);
        }
      };
      await post(bodies[0]);
      const cpu = process.cpuUsage();
      const seconds = await runConcurrently(bodies, concurrency, post);
      await collector.flush();
      const used = process.cpuUsage(cpu);
      return {
        spansPerSecond: spans / seconds,
        cpuMicrosPerSpan: (used.user + used.system) / spans,
      };
    } finally {
      await collector.close();
    }
  });
}

const round = (x) => Math.round(x);

log(`building OTLP bodies of ${bodySpans} spans, ${totalSpans} spans in all…`);
const { bodies, spans, bytes } = buildOtlpSeedBodies({
  totalSpans,
  spansPerBody: bodySpans,
});
log(
  `${bodies.length} bodies, ${spans} spans, ${(bytes / 2 ** 20).toFixed(0)} MiB`,
);

const decodeRates = [];
const aRates = [];
const aCpu = [];
const bRates = [];
const bCpu = [];
let stageBNote = opts['no-http'] ? 'skipped (--no-http)' : undefined;
const startCollector = opts['no-http'] ? null : await loadCollector();
if (!opts['no-http'] && startCollector === null) {
  stageBNote ??= 'skipped: @pathprof/collector dist has no startCollector';
}
decodeOnly(bodies.slice(0, 20));
for (let run = 1; run <= runs; run++) {
  const d = decodeOnly(bodies);
  decodeRates.push(d.spans / d.seconds);
  const a = await stageA(bodies, d.spans);
  aRates.push(a.spansPerSecond);
  aCpu.push(a.cpuMicrosPerSpan);
  log(
    `run ${run}/${runs}: decode ${round(decodeRates.at(-1))} spans/s, stage A ${round(a.spansPerSecond)} spans/s (${a.cpuMicrosPerSpan.toFixed(1)} µs CPU/span)`,
  );
  if (startCollector !== null && stageBNote === undefined) {
    try {
      const b = await stageB(startCollector, bodies, d.spans);
      bRates.push(b.spansPerSecond);
      bCpu.push(b.cpuMicrosPerSpan);
      log(`run ${run}/${runs}: stage B ${round(b.spansPerSecond)} spans/s`);
    } catch (err) {
      stageBNote = `skipped: ${err instanceof Error ? err.message : String(err)}`;
      log(`stage B ${stageBNote}`);
    }
  }
}

const decodeMedian = median(decodeRates);
const summarise = (rates, cpu) =>
  rates.length === 0
    ? null
    : {
        spansPerSecondMedian: round(median(rates)),
        spansPerSecondRuns: rates.map(round),
        cpuMicrosPerSpanMedian: Math.round(median(cpu) * 10) / 10,
        ratioToDecodeOnly:
          Math.round((median(rates) / decodeMedian) * 100) / 100,
      };
const summary = {
  benchmark: 'collector-ingest',
  date: new Date().toISOString(),
  machine: describeMachine(ROOT),
  input: {
    bodies: bodies.length,
    spans,
    bodySpans,
    mebibytes: Math.round(bytes / 2 ** 20),
  },
  concurrency,
  runs,
  decodeOnly: {
    spansPerSecondMedian: round(decodeMedian),
    spansPerSecondRuns: decodeRates.map(round),
  },
  stageA: summarise(aRates, aCpu),
  stageB:
    stageBNote === undefined ? summarise(bRates, bCpu) : { note: stageBNote },
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
