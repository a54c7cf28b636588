#!/usr/bin/env node
// The collector under overload (issue 14, defect 2), measured beside its own
// unloaded rate in the same run. Each phase starts a fresh collector in a
// process of its own (bench/collector-child.mjs: DuckDB store, the default
// --memory-limit split as `pathprof serve` uses it; run `npm run build`
// first) and sends OTLP/protobuf bodies serialised once by OpenTelemetry's
// ProtobufTraceSerializer, every pass over a body pool with new trace ids:
//   unloaded   --clients keep-alive clients of --body-spans spans (8 × 512),
//              closed loop: the rate the collector acknowledges
//   overload   --overload-clients clients of --overload-body-spans spans
//              (32 × 4 096), closed loop, a refused client sending its next
//              body at once (ignoring Retry-After: the worst case); then
//              --idle seconds without load, RSS sampled, to see memory come back
// then the unloaded phase again. Reported: spans acknowledged per second in
// each phase after --warmup s, the overload rate ÷ the mean unloaded rate
// (target ≥ 0.8), p99 acknowledgement latency, refusals by status with and
// without Retry-After, pathprof_requests_rejected_total from /metrics, RSS.
// Prints Markdown on stdout, progress on stderr, samples to bench/out/.
//
// node bench/collector-overload.mjs [--seconds 60] [--warmup 15] [--idle 90]
//   [--clients 8] [--body-spans 512] [--overload-clients 32]
//   [--overload-body-spans 4096]

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
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '15' },
    idle: { type: 'string', default: '90' },
    clients: { type: 'string', default: '8' },
    'body-spans': { type: 'string', default: '512' },
    'overload-clients': { type: 'string', default: '32' },
    'overload-body-spans': { type: 'string', default: '4096' },
  },
  strict: true,
});
const seconds = Number(opts.seconds);
const warmupSeconds = Number(opts.warmup);
const idleSeconds = Number(opts.idle);
const log = (msg) => process.stderr.write(`${msg}\n`);
const MiB = 2 ** 20;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function bodyPool(spansPerBody, seed) {
  log(`building OTLP bodies of ${spansPerBody} spans…`);
  const pool = buildOtlpSeedBodies({
    totalSpans: Math.max(100_000, spansPerBody * 64),
    spansPerBody,
    seed,
    startMicros: Date.now() * 1000 - 60_000_000,
  });
  const bodies = pool.bodies.map((b) => Buffer.from(b));
  return { bodies, offsets: bodies.map(traceIdOffsets) };
}

function percentile(sorted, p) {
  if (sorted.length === 0) {
    return null;
  }
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** `pathprof_requests_rejected_total` by reason, from the query port's /metrics. */
async function rejectedByReason(queryUrl) {
  const text = await (await fetch(`${queryUrl}/metrics`)).text();
  const out = {};
  for (const line of text.split('\n')) {
    const m =
      /^pathprof_requests_rejected_total\{[^}]*reason="([^"]+)"[^}]*\} (\S+)/.exec(
        line,
      );
    if (m !== null) {
      out[m[1]] = (out[m[1]] ?? 0) + Number(m[2]);
    }
  }
  return out;
}

async function runPhase(name, { clients, pool, idle }) {
  const child = await startCollectorProcess();
  log(`${name}: ${clients} clients for ${seconds} s on ${child.url}`);
  const counts = {
    requests: 0,
    acked: 0,
    ackedAfterWarmup: 0,
    ackedRequests: 0,
    refused: {},
    refusedWithoutRetryAfter: 0,
    failed: 0,
    errors: {},
  };
  const latencies = [];
  const started = performance.now();
  const endAt = started + seconds * 1000;
  let next = 0;
  const client = async () => {
    while (performance.now() < endAt) {
      const k = next++;
      const index = k % pool.bodies.length;
      // a copy: the pool's buffer may be stamped again while this one is sent
      const body = Buffer.from(pool.bodies[index]);
      stampPass(
        body,
        pool.offsets[index],
        Math.floor(k / pool.bodies.length) + 1,
      );
      counts.requests++;
      const sent = performance.now();
      try {
        const res = await fetch(child.url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-protobuf' },
          body,
        });
        await res.arrayBuffer();
        if (res.ok) {
          counts.acked += pool.offsets[index].length;
          if (sent - started >= warmupSeconds * 1000) {
            counts.ackedAfterWarmup += pool.offsets[index].length;
          }
          counts.ackedRequests++;
          latencies.push(performance.now() - sent);
        } else {
          counts.refused[res.status] = (counts.refused[res.status] ?? 0) + 1;
          if (
            (res.status === 429 || res.status === 503) &&
            res.headers.get('retry-after') === null
          ) {
            counts.refusedWithoutRetryAfter++;
          }
        }
      } catch (err) {
        counts.failed++;
        const code = err?.cause?.code ?? err?.code ?? String(err);
        counts.errors[code] = (counts.errors[code] ?? 0) + 1;
      }
    }
  };
  const progress = setInterval(() => {
    const s = child.samples.at(-1);
    log(
      `  ${Math.round((performance.now() - started) / 1000)} s: ${counts.acked} spans acknowledged, ${JSON.stringify(counts.refused)} refused, RSS ${s === undefined ? '-' : (s.rss / MiB).toFixed(0)} MiB`,
    );
  }, 10_000);
  await Promise.all(Array.from({ length: clients }, client));
  const sendSeconds = (performance.now() - started) / 1000;
  clearInterval(progress);
  const loadSamples = child.samples.length;
  const rejected = await rejectedByReason(child.queryUrl);
  if (idle > 0) {
    log(`  ${idle} s without load…`);
    await sleep(idle * 1000);
  }
  await child.stop();
  latencies.sort((a, b) => a - b);
  const rss = child.samples.map((s) => s.rss);
  const during = rss.slice(0, loadSamples);
  return {
    name,
    clients,
    bodySpans: Math.round(
      pool.offsets.reduce((n, o) => n + o.length, 0) / pool.bodies.length,
    ),
    sendSeconds: Math.round(sendSeconds * 10) / 10,
    // after the warm-up: the first seconds fill the store's backlog faster
    // than the database loads it, a burst no sender sees for long
    spansPerSecond: Math.round(
      counts.ackedAfterWarmup / (sendSeconds - warmupSeconds),
    ),
    counts,
    rejectedMetric: rejected,
    p50Millis: Math.round(percentile(latencies, 0.5) ?? NaN),
    p99Millis: Math.round(percentile(latencies, 0.99) ?? NaN),
    rssMiB: {
      start: Math.round((rss[0] ?? NaN) / MiB),
      maxUnderLoad: Math.round(Math.max(...during) / MiB),
      endOfLoad: Math.round((during.at(-1) ?? NaN) / MiB),
      afterIdle: Math.round((rss.at(-1) ?? NaN) / MiB),
    },
    samples: child.samples,
  };
}

const small = bodyPool(Number(opts['body-spans']), 11);
const large = bodyPool(Number(opts['overload-body-spans']), 12);
// unloaded, overload, unloaded: the machine is shared, so the overload phase
// is compared with the mean of the phases around it
const unloadedPhase = (name) =>
  runPhase(name, { clients: Number(opts.clients), pool: small, idle: 0 });
const before = await unloadedPhase('unloaded (before)');
const overload = await runPhase('overload', {
  clients: Number(opts['overload-clients']),
  pool: large,
  idle: idleSeconds,
});
const after = await unloadedPhase('unloaded (after)');
const unloadedRate = (before.spansPerSecond + after.spansPerSecond) / 2;
const ratio = overload.spansPerSecond / unloadedRate;
const fmt = (x) => Math.round(x).toLocaleString('en-US');
const refusedText = (p) =>
  Object.entries(p.counts.refused)
    .map(([status, n]) => `${fmt(n)} × ${status}`)
    .join(', ') || '0';
const row = (p) =>
  `| ${p.name} | ${p.clients} × ${fmt(p.bodySpans)} | ${fmt(p.spansPerSecond)} | ${p.p50Millis} / ${p.p99Millis} | ${refusedText(p)} | ${p.counts.failed} | ${JSON.stringify(p.rejectedMetric)} | ${p.rssMiB.start} → ${p.rssMiB.maxUnderLoad} → ${p.rssMiB.afterIdle} |`;
const lines = [
  `node bench/collector-overload.mjs --seconds ${seconds} --warmup ${warmupSeconds} --idle ${idleSeconds} --clients ${opts.clients} --body-spans ${opts['body-spans']} --overload-clients ${opts['overload-clients']} --overload-body-spans ${opts['overload-body-spans']}`,
  describeRunLine(ROOT),
  '',
  '| phase | clients × spans per body | spans acknowledged/s | ack p50 / p99 ms | refused requests | failed requests | `pathprof_requests_rejected_total` | RSS MiB: start → max → end |',
  '| --- | --- | ---: | ---: | --- | ---: | --- | --- |',
  row(before),
  row(overload),
  row(after),
  '',
  `Overload throughput ÷ unloaded: **${ratio.toFixed(2)}** (target ≥ 0.80). Rates count what was acknowledged after the first ${warmupSeconds} s of a phase. Refusals without Retry-After: ${before.counts.refusedWithoutRetryAfter + overload.counts.refusedWithoutRetryAfter + after.counts.refusedWithoutRetryAfter}. RSS ${idleSeconds} s after the overload stopped: ${overload.rssMiB.afterIdle} MiB (at its end ${overload.rssMiB.endOfLoad} MiB).`,
];
process.stdout.write(`${lines.join('\n')}\n`);
const file = writeBenchSamples(ROOT, 'collector-overload', {
  options: opts,
  ratio,
  before,
  overload,
  after,
});
log(`samples in ${file}`);
