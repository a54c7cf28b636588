#!/usr/bin/env node
// The engine alone: spans/s of PathProfiler.addTrace on spans already decoded in memory,
// i.e. path profiles without JSON parsing or I/O. node bench/engine-throughput.mjs [TRACES] [RUNS]
// Prints one JSON line: { traces, spans, runsSeconds, medianSeconds, spansPerSecond }.

import {
  decodeJaegerTrace,
  PathProfiler,
} from '../packages/engine/dist/index.js';
import { generateSeedTraces } from './seed-shaped-traces.mjs';

const traces = Number(process.argv[2] ?? 20_000);
const runs = Number(process.argv[3] ?? 5);

const decoded = [];
let spans = 0;
for (const trace of generateSeedTraces({ traces, seed: 11 })) {
  const { spans: s } = decodeJaegerTrace(trace);
  decoded.push(s);
  spans += s.length;
}

const runsSeconds = [];
for (let r = 0; r < runs; r++) {
  const profiler = new PathProfiler();
  const start = process.hrtime.bigint();
  for (const s of decoded) {
    profiler.addTrace(s[0].traceId, s);
  }
  profiler.report({ anomalies: true });
  runsSeconds.push(Number(process.hrtime.bigint() - start) / 1e9);
}
const sorted = [...runsSeconds].sort((a, b) => a - b);
const medianSeconds = sorted[Math.floor(sorted.length / 2)];
process.stdout.write(
  `${JSON.stringify({ traces, spans, runsSeconds, medianSeconds, spansPerSecond: Math.round(spans / medianSeconds) })}\n`,
);
