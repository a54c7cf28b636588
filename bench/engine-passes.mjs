#!/usr/bin/env node
// The engine alone, pass after pass, on one file's traces decoded once, for
// A/B comparisons of engine builds in one process:
//   node --expose-gc bench/engine-passes.mjs FILE [PASSES] [DIST...]
// Each DIST is an engine build directory (default packages/engine/dist); the
// passes alternate between them. Prints, per build, the CPU milliseconds of
// each pass, and spans/s of the warm passes' median and of the best pass.

import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { JsonSplitter } from '../packages/sources/dist/readers/json-splitter.js';

const [file, passesArg, ...distArgs] = process.argv.slice(2);
if (!file) {
  process.stderr.write(
    'usage: node bench/engine-passes.mjs FILE [PASSES] [DIST...]\n',
  );
  process.exit(2);
}
const passes = Number(passesArg ?? 6);
const dists = distArgs.length > 0 ? distArgs : ['packages/engine/dist'];
const engines = await Promise.all(
  dists.map((d) => import(pathToFileURL(resolve(d, 'index.js')).href)),
);

const { createJaegerBytesDecoder, ANALYSIS_PROJECTION } = engines[0];
const decoder = createJaegerBytesDecoder(ANALYSIS_PROJECTION);
const decoded = [];
const splitter = new JsonSplitter();
for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
  for (const v of splitter.push(chunk)) {
    if (v.path[0] === 'data') {
      decoded.push(decoder.decode(v.bytes, 0, v.bytes.length).spans);
    }
  }
}
splitter.end();
let spans = 0;
for (const s of decoded) {
  spans += s.length;
}

// On a shared machine a pass is often preempted or slowed by a neighbour:
// each pass is also timed in chunks of CHUNK traces, and the sum over chunks
// of each chunk's fastest time is a steadier figure (it leaves out most
// preemption, and with it most collections: read it beside the median).
const CHUNK = 50;
const chunks = Math.ceil(decoded.length / CHUNK);
const times = dists.map(() => []);
const chunkBest = dists.map(() => new Float64Array(chunks).fill(Infinity));
for (let p = 0; p < passes; p++) {
  for (let e = 0; e < engines.length; e++) {
    globalThis.gc?.();
    const best = chunkBest[e];
    const cpu = process.cpuUsage();
    const profiler = new engines[e].PathProfiler();
    for (let c = 0; c < chunks; c++) {
      const t0 = process.hrtime.bigint();
      const last = Math.min(decoded.length, (c + 1) * CHUNK);
      for (let t = c * CHUNK; t < last; t++) {
        const s = decoded[t];
        profiler.addTrace(s[0].traceId, s);
      }
      const ns = Number(process.hrtime.bigint() - t0);
      if (p > 0 && ns < best[c]) {
        best[c] = ns;
      }
    }
    const used = process.cpuUsage(cpu);
    times[e].push(Math.round((used.user + used.system) / 1000));
  }
}
for (let e = 0; e < engines.length; e++) {
  const best = Math.min(...times[e]);
  const warm = times[e].slice(1).sort((a, b) => a - b);
  const median = warm[Math.floor(warm.length / 2)] ?? best;
  let chunkSum = 0;
  for (const ns of chunkBest[e]) {
    chunkSum += ns;
  }
  const chunkMs = chunkSum / 1e6;
  process.stdout.write(
    `${dists[e]}: ${spans} spans; first ${times[e][0]} ms, passes ${times[e].join(' ')} ms; warm median ${median} ms = ${Math.round(spans / (median / 1000))} spans/s, best ${best} ms = ${Math.round(spans / (best / 1000))} spans/s; fastest chunks ${chunkMs.toFixed(0)} ms = ${Math.round(spans / (chunkMs / 1000))} spans/s\n`,
  );
}
