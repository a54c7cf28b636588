// CPU cost of a profiled call: the same function called N times plain and
// N times wrapped by profiled(), interleaved over 7 rounds; the median
// difference of process CPU time (user + system) per call is reported.
//
//   npm run build
//   node packages/sdk/bench/hop-cost.mjs [noop|unsampled|otlp] [sequential|concurrent]
//
// noop: spans go to an exporter that drops them (batch processor).
// unsampled: OTEL_TRACES_SAMPLER=always_off (no recording, no metering).
// otlp: OTLP/HTTP protobuf export to $OTLP_SINK (run a sink in another process).
import { setImmediate as tick } from 'node:timers/promises';
import { profiled, startTracing } from '../dist/index.js';

const exporterMode = process.argv[2] ?? 'noop';
const schedule = process.argv[3] ?? 'sequential';
const N = Number(process.env.N ?? 20_000);
const CONCURRENCY = 8;
const ROUNDS = 7;

const options = { serviceName: 'bench', instrumentHttp: false, env: {} };
if (exporterMode === 'otlp') {
  options.endpoint = process.env.OTLP_SINK;
} else {
  options.exporter = {
    export: (_spans, done) => done({ code: 0 }),
    shutdown: () => Promise.resolve(),
  };
}
if (exporterMode === 'unsampled') {
  options.env.OTEL_TRACES_SAMPLER = 'always_off';
}
const tracing = startTracing(options);

const syncWork = (n) => {
  let sum = 0;
  for (let i = 0; i < 20; i++) {
    sum += i * n;
  }
  return sum;
};
const asyncWork = async (n) => {
  await null;
  await tick();
  await Promise.resolve(n);
  return syncWork(n);
};
const inner = profiled('inner', syncWork);
const cases = {
  'sync (1 hop)': [syncWork, profiled('sync', syncWork)],
  'async, 3 awaits (1 hop)': [asyncWork, profiled('async', asyncWork)],
  'async + nested sync (2 hops)': [
    async (n) => {
      await tick();
      return syncWork(n);
    },
    profiled('outer', async (n) => {
      await tick();
      return inner(n);
    }),
  ],
};

async function cpuMicrosPerCall(fn) {
  const start = process.cpuUsage();
  if (schedule === 'concurrent') {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = 0; i < N / CONCURRENCY; i++) {
          await fn(i);
        }
      }),
    );
  } else {
    for (let i = 0; i < N; i++) {
      await fn(i);
    }
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / N;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const [name, [plain, wrapped]] of Object.entries(cases)) {
  await cpuMicrosPerCall(plain);
  await cpuMicrosPerCall(wrapped);
  const plainCosts = [];
  const overheads = [];
  for (let round = 0; round < ROUNDS; round++) {
    const p = await cpuMicrosPerCall(plain);
    const w = await cpuMicrosPerCall(wrapped);
    plainCosts.push(p);
    overheads.push(w - p);
    await tracing.forceFlush();
  }
  console.log(
    `${exporterMode}/${schedule} ${name}: plain ${median(plainCosts).toFixed(2)} µs, ` +
      `profiled +${median(overheads).toFixed(2)} µs CPU per call`,
  );
}
await tracing.shutdown();
