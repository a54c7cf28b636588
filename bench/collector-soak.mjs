#!/usr/bin/env node
// A soak of the collector: OTLP/protobuf at a steady rate (default 20 000
// spans/s for 10 minutes) into the DuckDB store, with the collector's memory
// sampled every second. The collector runs alone in a child process
// (bench/collector-child.mjs, from packages/*/dist: run `npm run build`
// first); this process only sends. Bodies of seed-shaped traces are
// serialised once by OpenTelemetry's ProtobufTraceSerializer; each pass over
// the pool writes its pass number into the upper half of every trace id, so
// every span stored is new.
// Prints a Markdown table per minute (spans acknowledged, refusals, RSS and V8
// heap) and a summary: RSS after warm-up (min, max, slope by least squares).
// Writes every sample to bench/out/collector-soak-<time>.json.
//
// node bench/collector-soak.mjs [--seconds 600] [--rate 20000] [--body-spans 512]
//                               [--concurrency 8] [--pool-spans 200000] [--warmup 120]

import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startCollectorProcess } from './collector-process.mjs';
import { describeRunLine, writeBenchSamples } from './machine-info.mjs';
import {
  buildOtlpSeedBodies,
  stampPass,
  traceIdOffsets,
} from './otlp-seed-bodies.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const { values: opts } = parseArgs({
  options: {
    seconds: { type: 'string', default: '600' },
    rate: { type: 'string', default: '20000' },
    'body-spans': { type: 'string', default: '512' },
    concurrency: { type: 'string', default: '8' },
    'pool-spans': { type: 'string', default: '200000' },
    warmup: { type: 'string', default: '120' },
  },
  strict: true,
});
const seconds = Number(opts.seconds);
const rate = Number(opts.rate);
const concurrency = Number(opts.concurrency);
const warmup = Number(opts.warmup);
const log = (msg) => process.stderr.write(`${msg}\n`);
const MiB = 2 ** 20;

log(`building OTLP bodies of ${opts['body-spans']} spans…`);
const pool = buildOtlpSeedBodies({
  totalSpans: Number(opts['pool-spans']),
  spansPerBody: Number(opts['body-spans']),
  seed: 11,
  // recent, so the path indexer works on them as on live traffic
  startMicros: Date.now() * 1000 - 60_000_000,
});
const bodies = pool.bodies.map((b) => Buffer.from(b));
const offsets = bodies.map(traceIdOffsets);
// every span carries its trace id once: the offsets count the spans of a body
const spansPerBody = pool.spans / bodies.length;
log(
  `${bodies.length} bodies, ${pool.spans} spans (${spansPerBody.toFixed(0)} per body), ${(pool.bytes / MiB).toFixed(0)} MiB`,
);
const idsFound = offsets.reduce((n, o) => n + o.length, 0);
if (idsFound !== pool.spans) {
  throw new Error(
    `found ${idsFound} trace ids in the bodies, for ${pool.spans} spans`,
  );
}

const counts = { acked: 0, refused: 0, failed: 0, sent: 0, lateMillis: 0 };
const collector = await startCollectorProcess({
  onSample: (record) => ({
    ...record,
    acked: counts.acked,
    refused: counts.refused,
  }),
});
const { samples, url } = collector;
log(`collector on ${url}; sending ${rate} spans/s for ${seconds} s`);

const interval = (spansPerBody / rate) * 1000;
const started = performance.now();
const endAt = started + seconds * 1000;
let next = 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function worker() {
  for (;;) {
    const k = next++;
    const due = started + k * interval;
    // the schedule ends, or the time does when the collector keeps up less
    if (due >= endAt || performance.now() >= endAt) {
      return;
    }
    const wait = due - performance.now();
    if (wait > 0) {
      await sleep(wait);
    } else {
      counts.lateMillis = Math.max(counts.lateMillis, -wait);
    }
    const index = k % bodies.length;
    const passNumber = Math.floor(k / bodies.length) + 1;
    const body = bodies[index];
    stampPass(body, offsets[index], passNumber);
    counts.sent++;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body,
      });
      await res.arrayBuffer();
      const spans = offsets[index].length;
      if (res.ok) {
        counts.acked += spans;
      } else if (res.status === 429 || res.status === 503) {
        counts.refused += spans;
      } else {
        counts.failed++;
        log(`POST answered ${res.status}`);
      }
    } catch (err) {
      counts.failed++;
      log(`POST failed: ${err}`);
    }
  }
}

const progress = setInterval(() => {
  const s = samples.at(-1);
  if (s !== undefined) {
    log(
      `${Math.round((performance.now() - started) / 1000)} s: ${counts.acked} spans acknowledged, ${counts.refused} refused, RSS ${(s.rss / MiB).toFixed(0)} MiB, heap ${(s.heapUsed / MiB).toFixed(0)} MiB, queue ${s.queued}`,
    );
  }
}, 10_000);
await Promise.all(Array.from({ length: concurrency }, worker));
const sendSeconds = (performance.now() - started) / 1000;
clearInterval(progress);
// a few more samples once the load stopped
await sleep(10_000);
await collector.stop();

const t0 = samples[0]?.t ?? 0;
const rows = samples.map((s) => ({ ...s, second: (s.t - t0) / 1000 }));
const steady = rows.filter((r) => r.second >= warmup && r.second <= seconds);
const slope = (() => {
  const n = steady.length;
  if (n < 2) {
    return Number.NaN;
  }
  const mx = steady.reduce((a, r) => a + r.second, 0) / n;
  const my = steady.reduce((a, r) => a + r.rss, 0) / n;
  let num = 0;
  let den = 0;
  for (const r of steady) {
    num += (r.second - mx) * (r.rss - my);
    den += (r.second - mx) ** 2;
  }
  return ((num / den) * 60) / MiB; // MiB per minute
})();
const mib = (x) => (x / MiB).toFixed(0);
const minuteRows = [];
for (let m = 0; m * 60 < seconds; m++) {
  const inMinute = rows.filter(
    (r) => r.second >= m * 60 && r.second < (m + 1) * 60 && r.second <= seconds,
  );
  if (inMinute.length === 0) {
    continue;
  }
  const first = inMinute[0];
  const last = inMinute.at(-1);
  const span = Math.max(1, last.second - first.second);
  const rss = inMinute.map((r) => r.rss);
  minuteRows.push(
    `| ${m + 1} | ${Math.round((last.acked - first.acked) / span).toLocaleString('en-US')} | ${(last.refused - first.refused).toLocaleString('en-US')} | ${mib(Math.min(...rss))}–${mib(Math.max(...rss))} | ${mib(Math.max(...inMinute.map((r) => r.heapUsed)))} |`,
  );
}
const after = rows.filter((r) => r.second > seconds);
const steadyRss = steady.map((r) => r.rss);
const lines = [
  `node bench/collector-soak.mjs --seconds ${seconds} --rate ${rate} --body-spans ${opts['body-spans']} --concurrency ${concurrency} --warmup ${warmup}`,
  describeRunLine(ROOT),
  '',
  '| minute | spans acknowledged/s | spans refused (429/503) | RSS MiB | V8 heap used, max MiB |',
  '| ---: | ---: | ---: | ---: | ---: |',
  ...minuteRows,
  '',
  `Sent for ${sendSeconds.toFixed(0)} s: ${counts.acked.toLocaleString('en-US')} spans acknowledged (${Math.round(counts.acked / sendSeconds).toLocaleString('en-US')}/s of ${rate} asked), ${counts.refused.toLocaleString('en-US')} refused, ${counts.failed} failed requests; the sender fell behind its schedule by at most ${(counts.lateMillis / 1000).toFixed(1)} s.`,
  `RSS after the ${warmup} s warm-up: ${mib(Math.min(...steadyRss))}–${mib(Math.max(...steadyRss))} MiB, slope ${slope.toFixed(1)} MiB/min; 10 s after the load: ${after.length === 0 ? '–' : mib(after.at(-1).rss)} MiB.`,
];
process.stdout.write(`${lines.join('\n')}\n`);
const file = writeBenchSamples(ROOT, 'collector-soak', {
  options: opts,
  counts,
  samples: rows,
});
log(`samples in ${file}`);
process.exit(counts.failed > 0 ? 1 : 0);
