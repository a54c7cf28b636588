// One hop in isolation: an async function with two awaits, called plain,
// inside a plain OpenTelemetry span (`span only`), and through profiled()
// (span start, meter, path baggage, two awaits, end), in ns of CPU per call
// and in heap allocation per call.
//
//   npm run build
//   node packages/sdk/bench/hop-micro.mjs [--rounds 40] [--batch 2000] [--memory] [--json]
//
// --memory adds the candidates for the memory figure (docs/sdk.md, "How
// memory is measured"): the heap read at every slice boundary of every call
// (rate 1), of 1 call in 10 (the default) or never (rate 0); the heap read
// at the call's start and end only (rate 0 plus two readings); and V8's
// sampling heap profiler running at its default interval (rate 0; its
// samples carry stacks, not calls, so its cost is all this measures).
//
// Timing: rounds of `batch` sequential calls of each case in a seeded random
// order, each timed by the process's CPU time (user + system, all threads;
// on a shared machine wall time counts other jobs' turns); the median round
// per case and the median of the per-round differences to the plain function
// (the anchor, measured beside it), with their 10th and 90th percentiles
// (other jobs only ever add time, so the low percentile is the steadier). The
// spans go to a batch span processor whose exporter drops them, flushed
// between batches (outside the timing), so a hop pays for recording its span
// but not for exporting it.
// Allocation: bytes per call from the heap's growth over a batch with the
// young generation made large enough that no garbage collection runs
// (`--min-semi-space-size`), and allocations per call from V8's sampling heap
// profiler at a 1-byte interval (an allocation of TurboFan-folded objects
// counts once). The script re-runs itself with the flags it needs.
import { spawnSync } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';

const FLAGS = [
  '--expose-gc',
  '--min-semi-space-size=64',
  '--max-semi-space-size=64',
];
if (typeof globalThis.gc !== 'function') {
  const child = spawnSync(
    process.execPath,
    [...FLAGS, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit', env: process.env },
  );
  process.exit(child.status ?? 1);
}

const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '40' },
    batch: { type: 'string', default: '2000' },
    memory: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(opts.rounds);
const BATCH = Number(opts.batch);

const { profiled, startTracing } = await import('../dist/index.js');
const { context, trace } = await import('@opentelemetry/api');
/** The spans named `waiter` (the honesty check below), the others are dropped. */
const exported = [];
const tracing = startTracing({
  serviceName: 'bench',
  instrumentHttp: false,
  env: {},
  exporter: {
    export: (spans, done) => {
      exported.push(...spans.filter((s) => s.name === 'waiter'));
      done({ code: 0 });
    },
    shutdown: () => Promise.resolve(),
  },
});

const twoAwaits = async () => {
  await null;
  await null;
};
const usedHeap = () => getHeapStatistics().used_heap_size;
let heapGrowth = 0;
// the same two awaits, between two heap readings
const readAtStartAndEnd = profiled(
  'hop-start-end',
  async () => {
    const before = usedHeap();
    await null;
    await null;
    heapGrowth = usedHeap() - before;
  },
  { memorySampleRate: 0 },
);

const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');

/** name → the function called, and what runs around its timed batches */
const cases = {
  plain: { fn: twoAwaits },
  // what plain OpenTelemetry instrumentation of the call costs: a span, the call in its context
  'span only': {
    fn: async () => {
      const span = tracing.tracer.startSpan('span');
      try {
        await context.with(trace.setSpan(context.active(), span), twoAwaits);
      } finally {
        span.end();
      }
    },
  },
  hop: { fn: profiled('hop', twoAwaits) },
};
if (opts.memory) {
  Object.assign(cases, {
    'hop, memory on every call': {
      fn: profiled('hop-1', twoAwaits, { memorySampleRate: 1 }),
    },
    'hop, memory never': {
      fn: profiled('hop-0', twoAwaits, { memorySampleRate: 0 }),
    },
    'hop, heap at start and end': { fn: readAtStartAndEnd },
    'hop, memory never, V8 sampling heap profiler on': {
      fn: profiled('hop-sampler', twoAwaits, { memorySampleRate: 0 }),
      setUp: () => session.post('HeapProfiler.startSampling'),
      tearDown: () => session.post('HeapProfiler.stopSampling'),
      noAllocationCount: true,
    },
  });
}

async function runBatch(fn, n) {
  for (let i = 0; i < n; i++) {
    await fn();
  }
}

/** CPU time of the process (all threads, user + system) per call, ns: other jobs' load does not count. */
async function timeBatch({ fn, setUp, tearDown }) {
  await setUp?.();
  const start = process.cpuUsage();
  await runBatch(fn, BATCH);
  const used = process.cpuUsage(start);
  await tearDown?.();
  await tracing.forceFlush();
  return ((used.user + used.system) * 1000) / BATCH;
}

let seed = 1;
function random() {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
}
function shuffled(xs) {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

// warm-up: JIT and the tracer's lazy setup
for (const { fn } of Object.values(cases)) {
  await runBatch(fn, 5 * BATCH);
  await tracing.forceFlush();
}

const names = Object.keys(cases);
const times = Object.fromEntries(names.map((n) => [n, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const name of shuffled(names)) {
    times[name].push(await timeBatch(cases[name]));
  }
}

async function bytesPerCall({ fn }) {
  await tracing.forceFlush();
  globalThis.gc();
  const before = getHeapStatistics().used_heap_size;
  await runBatch(fn, BATCH);
  const after = getHeapStatistics().used_heap_size;
  return (after - before) / BATCH;
}

async function allocationsPerCall({ fn }) {
  await tracing.forceFlush();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 1,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  await runBatch(fn, BATCH);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  return profile.samples.length / BATCH;
}

const results = {};
for (const name of names) {
  const diffs = times[name].map((t, i) => t - times.plain[i]);
  results[name] = {
    nsPerCall: median(times[name]),
    nsPerCallP10: quantile(times[name], 0.1),
    nsPerCallP90: quantile(times[name], 0.9),
    nsOverPlain: median(diffs),
    nsOverPlainP10: quantile(diffs, 0.1),
    nsOverPlainP90: quantile(diffs, 0.9),
    bytesPerCall: cases[name].noAllocationCount
      ? null
      : median([
          await bytesPerCall(cases[name]),
          await bytesPerCall(cases[name]),
          await bytesPerCall(cases[name]),
        ]),
    allocationsPerCall: cases[name].noAllocationCount
      ? null
      : await allocationsPerCall(cases[name]),
  };
}
/**
 * Honesty under concurrency: a call that only waits, measured while another
 * (not measured) allocates 16 MB and keeps it. Per-slice readings charge the
 * waiter nothing of it; readings at its start and end charge it all.
 */
async function measureWaiter() {
  const kept = [];
  const allocator = profiled(
    'allocator',
    async () => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      for (let i = 0; i < 8; i++) {
        kept.push(new Array(250_000).fill(1.5));
      }
    },
    { memorySampleRate: 0 },
  );
  const wait = () => new Promise((resolve) => setTimeout(resolve, 30));
  let startEnd = 0;
  const waiterStartEnd = async () => {
    const before = usedHeap();
    await wait();
    startEnd = usedHeap() - before;
  };
  globalThis.gc();
  await Promise.all([waiterStartEnd(), allocator()]);
  kept.length = 0;
  globalThis.gc();
  await Promise.all([
    profiled('waiter', wait, { memorySampleRate: 1 })(),
    allocator(),
  ]);
  await tracing.forceFlush();
  const perSlice = exported.at(-1)?.attributes['pathprof.memory_bytes'];
  return { perSliceBytes: perSlice, startAndEndBytes: startEnd };
}
const honesty = opts.memory ? await measureWaiter() : undefined;

session.disconnect();
await tracing.shutdown();
if (heapGrowth === undefined) {
  throw new Error('unreachable: keeps the start/end reading alive');
}

if (opts.json) {
  console.log(
    JSON.stringify(
      { rounds: ROUNDS, batch: BATCH, node: process.version, results, honesty },
      null,
      2,
    ),
  );
} else {
  console.log(
    `${ROUNDS} rounds of ${BATCH} calls per case, Node ${process.version}`,
  );
  const width = Math.max(...Object.keys(results).map((n) => n.length));
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `${name.padEnd(width)} ${r.nsPerCall.toFixed(0).padStart(6)} ns/call [p10 ${r.nsPerCallP10.toFixed(0)}, p90 ${r.nsPerCallP90.toFixed(0)}]` +
        `  ${r.nsOverPlain >= 0 ? '+' : ''}${r.nsOverPlain.toFixed(0)} ns over plain [${r.nsOverPlainP10.toFixed(0)}, ${r.nsOverPlainP90.toFixed(0)}]` +
        (r.bytesPerCall === null
          ? ''
          : `  ${r.bytesPerCall.toFixed(0)} B/call  ${r.allocationsPerCall.toFixed(1)} allocations/call`),
    );
  }
  if (honesty !== undefined) {
    console.log(
      `a waiting call while another allocates 16 MB: per-slice readings charge it ${honesty.perSliceBytes} B, start/end readings ${honesty.startAndEndBytes} B`,
    );
  }
}
