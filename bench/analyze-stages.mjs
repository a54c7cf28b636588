#!/usr/bin/env node
// Where the time of `analyze FILE` goes, stage by stage, measured in one
// process on the built packages: node --expose-gc bench/analyze-stages.mjs FILE [--json]
//   split    the byte splitter alone: the file read and cut into the data array's traces
//   decode   JSON.parse + the object decoder ("plain", before issue 12), or the
//            byte decoder with the analysis projection ("bytes")
//   engine   assembly, hops, paths, statistics of the decoded traces (PathProfiler.addTrace),
//            first pass (code compiled as it runs) and again warm (a fresh profiler)
//   merge    a worker's profiler state exported, cloned and merged on the main thread
//   gc       garbage collection pauses during each stage (PerformanceObserver 'gc'
//            entries; with --expose-gc the heap is emptied before each stage)
// CPU time of this thread (process.cpuUsage, user + system) per stage; the
// engine stage re-profiles traces decoded beforehand, so it is the engine alone.

import { createReadStream } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import {
  ANALYSIS_PROJECTION,
  createJaegerBytesDecoder,
  decodeJaegerTrace,
  exportEngineState,
  importEngineState,
  PathProfiler,
} from '../packages/engine/dist/index.js';
import { JsonSplitter } from '../packages/sources/dist/readers/json-splitter.js';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node bench/analyze-stages.mjs FILE [--json]\n');
  process.exit(2);
}

let gcMillis = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcMillis += e.duration;
  }
}).observe({ entryTypes: ['gc'] });

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

/**
 * Runs `fn`; its CPU and GC milliseconds. With --expose-gc the heap is
 * collected first, so the stage's collections are of its own garbage.
 */
async function stage(fn) {
  globalThis.gc?.();
  await settle(); // gc entries arrive asynchronously
  const gcBefore = gcMillis;
  const cpu = process.cpuUsage();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  await settle();
  return {
    value,
    cpuMillis: (used.user + used.system) / 1000,
    gcMillis: gcMillis - gcBefore,
  };
}

/** Splits the file; calls `onTrace(bytes, offset)` for each element of its data array. */
async function split(onTrace) {
  const splitter = new JsonSplitter();
  for await (const chunk of createReadStream(file, {
    highWaterMark: 1 << 20,
  })) {
    for (const v of splitter.push(chunk)) {
      if (v.path[0] === 'data') {
        onTrace(v.bytes);
      }
    }
  }
  splitter.end();
}

let traces = 0;
const splitOnly = await stage(() => split(() => traces++));

// decoded traces are dropped at once, as analyze drops them once profiled
let kept = 0;
const textDecoder = new TextDecoder();
const plain = await stage(() =>
  split((bytes) => {
    kept += decodeJaegerTrace(JSON.parse(textDecoder.decode(bytes))).spans
      .length;
  }),
);

const decoder = createJaegerBytesDecoder(ANALYSIS_PROJECTION);
const bytes = await stage(() =>
  split((b) => {
    kept += decoder.decode(b, 0, b.length).spans.length;
  }),
);

const byteDecoded = [];
await split((b) => byteDecoded.push(decoder.decode(b, 0, b.length)));
if (kept !== 2 * byteCount()) {
  throw new Error('the plain and the byte decoder gave different span counts');
}

let spans = 0;
const engine = await stage(() => {
  const profiler = new PathProfiler();
  for (const d of byteDecoded) {
    spans += d.spans.length;
    profiler.addTrace(d.spans[0].traceId, d.spans);
  }
  return profiler;
});

// the same again with the code optimised by the first pass: the engine's
// steady state on a large input, where compiling is a small, fixed part
const engineWarm = await stage(() => {
  const profiler = new PathProfiler();
  for (const d of byteDecoded) {
    profiler.addTrace(d.spans[0].traceId, d.spans);
  }
  return profiler;
});

const half = Math.floor(byteDecoded.length / 2);
const worker = new PathProfiler();
for (const d of byteDecoded.slice(half)) {
  worker.addTrace(d.spans[0].traceId, d.spans);
}
const merge = await stage(() => {
  const into = new PathProfiler();
  into.merge(
    importEngineState(
      structuredClone(exportEngineState(worker)),
      new PathProfiler(),
    ),
  );
  return into;
});

/** Spans of the byte-decoded traces. */
function byteCount() {
  let n = 0;
  for (const d of byteDecoded) {
    n += d.spans.length;
  }
  return n;
}

const rows = {
  traces,
  spans,
  split: splitOnly,
  decodePlain: {
    cpuMillis: plain.cpuMillis - splitOnly.cpuMillis,
    gcMillis: plain.gcMillis - splitOnly.gcMillis,
  },
  decodeBytes: {
    cpuMillis: bytes.cpuMillis - splitOnly.cpuMillis,
    gcMillis: bytes.gcMillis - splitOnly.gcMillis,
  },
  engine,
  engineWarm,
  merge,
};
const out = Object.fromEntries(
  Object.entries(rows).map(([k, v]) =>
    typeof v === 'number'
      ? [k, v]
      : [
          k,
          {
            cpuMillis: Math.round(v.cpuMillis),
            gcMillis: Math.round(v.gcMillis),
          },
        ],
  ),
);
if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(out)}\n`);
} else {
  process.stdout.write(`${renderStages(out)}\n`);
}

/** @param {any} s */
export function renderStages(s) {
  const row = (name, what, v) =>
    `| ${name} | ${what} | ${v.cpuMillis} ms | ${v.gcMillis} ms |`;
  return [
    `${s.traces} traces, ${s.spans} spans; CPU time of one thread per stage, and the GC pauses in it:`,
    '',
    '| stage | what | CPU | GC pauses |',
    '|---|---|--:|--:|',
    row('split', 'read + byte splitter', s.split),
    row('decode, before', 'JSON.parse + object decoder', s.decodePlain),
    row('decode, after', 'byte decoder, analysis projection', s.decodeBytes),
    row('engine', 'PathProfiler.addTrace of decoded traces', s.engine),
    row('engine, warm', 'the same again, code optimised', s.engineWarm),
    row(
      'merge',
      "a worker's profiler of half the traces: export, clone, import, merge",
      s.merge,
    ),
  ].join('\n');
}
