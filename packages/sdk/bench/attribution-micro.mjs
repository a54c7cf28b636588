// Two ways to find the slices of a call, side by side, without spans:
//
// - hook: the SDK's (src/hops/slice-meter.ts): an async hook tags every
//   resource created while a meter owns the thread (init) and switches the
//   owner around each callback (before/after);
// - als: an AsyncLocalStorage carries the meter instead (Node's ALS init hook,
//   which OpenTelemetry's context manager has enabled in every traced
//   service, copies it to each new resource) and a hook with before/after
//   only reads it.
//
// Both charge the same slices with one clock reading per boundary. The call
// is an async function with two awaits; `plain` is the same function with
// neither hook enabled (an ALS is enabled in every case, as in a service).
// Each hook is enabled only around its own batches.
//
// `idle hook` is the plain function with a hook whose callbacks do nothing:
// the price every callback in the process pays while the SDK's hook is
// installed and no call is measured.
//
//   node packages/sdk/bench/attribution-micro.mjs [--rounds 40] [--batch 5000] [--json]
//
// Timing: process CPU time (user + system) per call, median over rounds in a
// seeded random order, and the median per-round difference to `plain`.
import {
  AsyncLocalStorage,
  createHook,
  executionAsyncResource,
} from 'node:async_hooks';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '40' },
    batch: { type: 'string', default: '5000' },
    json: { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(opts.rounds);
const BATCH = Number(opts.batch);

// The context store every OpenTelemetry-traced service has enabled.
const contextStorage = new AsyncLocalStorage();
contextStorage.enterWith({ context: 'root' });

/** The slice bookkeeping both variants share. */
function createSlices() {
  const slice = new Float64Array(1);
  const ids = [];
  const interrupted = [];
  let depth = 0;
  let owner;
  const switchOwner = (next) => {
    const now = performance.now();
    if (owner !== undefined && owner.open) {
      owner.cpuMillis += now - slice[0];
    }
    owner = next;
    slice[0] = now;
  };
  return {
    get owner() {
      return owner;
    },
    set owner(meter) {
      owner = meter;
    },
    before(asyncId, next) {
      ids[depth] = asyncId;
      interrupted[depth] = owner;
      depth++;
      if (next !== owner) {
        switchOwner(next);
      }
    },
    after(asyncId) {
      if (depth === 0 || ids[depth - 1] !== asyncId) {
        return;
      }
      depth--;
      const previous = interrupted[depth];
      interrupted[depth] = undefined;
      if (previous !== owner) {
        switchOwner(previous);
      }
    },
    switchOwner,
  };
}

const twoAwaits = async () => {
  await null;
  await null;
};

// hook: tag at init, read the tag at before
const METER = Symbol('meter');
const hookSlices = createSlices();
const tagHook = createHook({
  init(_id, _type, _trigger, resource) {
    // on every resource, so that resources of one type keep one shape
    resource[METER] = hookSlices.owner;
  },
  before(asyncId) {
    hookSlices.before(asyncId, executionAsyncResource()[METER]);
  },
  after(asyncId) {
    hookSlices.after(asyncId);
  },
});
async function hookCall() {
  const meter = { cpuMillis: 0, open: true };
  const previous = hookSlices.owner;
  hookSlices.switchOwner(meter);
  let pending;
  try {
    pending = twoAwaits();
  } finally {
    hookSlices.switchOwner(previous);
  }
  await pending;
  meter.open = false;
  return meter.cpuMillis;
}

// als: the meter rides in an AsyncLocalStorage, read at before
const meterStorage = new AsyncLocalStorage();
const alsSlices = createSlices();
const readHook = createHook({
  before(asyncId) {
    alsSlices.before(asyncId, meterStorage.getStore());
  },
  after(asyncId) {
    alsSlices.after(asyncId);
  },
});
async function alsCall() {
  const meter = { cpuMillis: 0, open: true };
  const previous = alsSlices.owner;
  alsSlices.switchOwner(meter);
  let pending;
  try {
    pending = meterStorage.run(meter, twoAwaits);
  } finally {
    alsSlices.switchOwner(previous);
  }
  await pending;
  meter.open = false;
  return meter.cpuMillis;
}

// what every callback pays while a hook with these callbacks is enabled, even
// when they return at once (the SDK's hook between hops)
const idleHook = createHook({ init() {}, before() {}, after() {} });

const cases = {
  plain: { fn: twoAwaits },
  'idle hook': { fn: twoAwaits, hook: idleHook },
  hook: { fn: hookCall, hook: tagHook },
  als: { fn: alsCall, hook: readHook },
};

async function timeBatch({ fn, hook }) {
  hook?.enable();
  const start = process.cpuUsage();
  for (let i = 0; i < BATCH; i++) {
    await fn();
  }
  const used = process.cpuUsage(start);
  hook?.disable();
  return ((used.user + used.system) * 1000) / BATCH;
}

let seed = 7;
function random() {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const names = Object.keys(cases);
for (const name of names) {
  await timeBatch(cases[name]);
}
const times = Object.fromEntries(names.map((n) => [n, []]));
for (let round = 0; round < ROUNDS; round++) {
  const order = [...names].sort(() => random() - 0.5);
  for (const name of order) {
    times[name].push(await timeBatch(cases[name]));
  }
}
const results = Object.fromEntries(
  names.map((name) => [
    name,
    {
      nsPerCall: median(times[name]),
      nsOverPlain: median(times[name].map((t, i) => t - times.plain[i])),
    },
  ]),
);
if (opts.json) {
  console.log(
    JSON.stringify({ rounds: ROUNDS, batch: BATCH, results }, null, 2),
  );
} else {
  console.log(
    `${ROUNDS} rounds of ${BATCH} calls per case, Node ${process.version}`,
  );
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `${name.padEnd(9)} ${r.nsPerCall.toFixed(0).padStart(6)} ns/call  +${r.nsOverPlain.toFixed(0)} ns over plain`,
    );
  }
}
