/**
 * CPU time and heap growth of one call under concurrency: the sum over the
 * call's own synchronous slices, found through async context tracking.
 *
 * Invariant: `owner` is the meter of the code running right now. A resource
 * created while a meter owns the thread (a promise, a timer, a socket request)
 * is tagged with it in `init`; when its callback runs (`before` … `after`), the
 * tag becomes the owner. Each change of owner closes the running slice and
 * charges its duration and heap delta to the previous owner and its open
 * ancestors (inclusive, like wall time). Time in which no tagged code runs
 * (waiting for I/O, other requests' slices) is charged to nobody:
 *
 *   thread:  [A1]·[B1]·······[A2 ██████████████]·····[B2]
 *   A (burns 50 ms)  cpu = |A1| + |A2|      ≈ 50 ms
 *   B (awaits 60 ms) cpu = |B1| + |B2|      ≈ 0 ms
 *
 * A slice's duration is read with `process.hrtime.bigint()`: it equals the CPU
 * time of the JavaScript thread unless the OS preempts the thread or the code
 * blocks in a synchronous system call during the slice. The heap delta is
 * V8's `used_heap_size` after − before, minus the measurement's own allocation;
 * a slice in which a garbage collection shrank the heap counts as 0.
 *
 * Long-lived handles (sockets, servers) are not tagged (see UNTAGGED_TYPES).
 * The async hook (with promise hooks) is enabled only while a meter is open.
 */
import { createHook, executionAsyncResource } from 'node:async_hooks';
import type { AsyncHook } from 'node:async_hooks';
import { getHeapStatistics } from 'node:v8';

export interface HopMeter {
  readonly parent: HopMeter | undefined;
  cpuNanos: number;
  heapBytes: number;
  open: boolean;
}

const METER = Symbol('pathprof.hop-meter');

/**
 * Long-lived handles are not tagged: a socket or server outlives the call that
 * opened it and later serves other calls (keep-alive pools), so charging its
 * callbacks to its creator would be wrong. Their callbacks are charged to
 * nobody; per-request resources nested in them (e.g. Node's HTTP client
 * parser, `HTTPINCOMINGMESSAGE`) are still charged to their own call.
 */
const UNTAGGED_TYPES: ReadonlySet<string> = new Set([
  'TCPWRAP',
  'TLSWRAP',
  'PIPEWRAP',
  'UDPWRAP',
  'TCPSERVERWRAP',
  'PIPESERVERWRAP',
  'TTYWRAP',
  'JSSTREAM',
  'HTTP2SESSION',
  'Http2Session',
  'SIGNALWRAP',
  'FSEVENTWRAP',
  'STATWATCHER',
  'PROCESSWRAP',
  'MESSAGEPORT',
  'WORKER',
]);
type Tagged = { [METER]?: HopMeter };

let owner: HopMeter | undefined;
let sliceStartNanos = 0n;
let sliceStartHeap = 0;
/** Async IDs entered by `before`, and the owner each one interrupted. */
const enteredIds: number[] = [];
const interruptedOwners: (HopMeter | undefined)[] = [];
let openMeters = 0;
let hook: AsyncHook | undefined;
/** Bytes one heap reading allocates itself (its statistics object, the hrtime bigint). */
let readingBytes = 0;

function readHeap(): number {
  return getHeapStatistics().used_heap_size;
}

function charge(meter: HopMeter, nanos: number, heapDelta: number): void {
  const grown = heapDelta > 0 ? heapDelta : 0;
  for (let m: HopMeter | undefined = meter; m !== undefined; m = m.parent) {
    if (m.open) {
      m.cpuNanos += nanos;
      m.heapBytes += grown;
    }
  }
}

/** Closes the running slice (charging its owner) and opens one owned by `next`. */
function switchOwner(next: HopMeter | undefined): void {
  const now = process.hrtime.bigint();
  const heap = readHeap();
  if (owner !== undefined) {
    charge(
      owner,
      Number(now - sliceStartNanos),
      heap - sliceStartHeap - readingBytes,
    );
  }
  owner = next;
  sliceStartNanos = now;
  sliceStartHeap = heap;
}

function onInit(
  _asyncId: number,
  type: string,
  _triggerAsyncId: number,
  resource: object,
): void {
  if (owner !== undefined && !UNTAGGED_TYPES.has(type)) {
    try {
      (resource as Tagged)[METER] = owner;
    } catch {
      // A frozen resource stays untagged: its callbacks are charged to nobody.
    }
  }
}

function onBefore(asyncId: number): void {
  const next = (executionAsyncResource() as Tagged)[METER];
  enteredIds.push(asyncId);
  interruptedOwners.push(owner);
  if (next !== owner) {
    switchOwner(next);
  }
}

function onAfter(asyncId: number): void {
  let i = enteredIds.length - 1;
  if (i < 0) {
    return;
  }
  if (enteredIds[i] !== asyncId) {
    // An `after` without its `before` (the hook was enabled inside the callback).
    i = enteredIds.lastIndexOf(asyncId);
    if (i < 0) {
      return;
    }
  }
  const previous = interruptedOwners[i];
  enteredIds.length = i;
  interruptedOwners.length = i;
  if (previous !== owner) {
    switchOwner(previous);
  }
}

/** Forgets every slice in progress, e.g. after an uncaught exception skipped `after` hooks. */
function resetSlices(): void {
  owner = undefined;
  enteredIds.length = 0;
  interruptedOwners.length = 0;
}

function calibrateReadingBytes(): number {
  let min = Infinity;
  for (let i = 0; i < 16; i++) {
    process.hrtime.bigint();
    const before = readHeap();
    process.hrtime.bigint();
    const after = readHeap();
    min = Math.min(min, after - before);
  }
  return Number.isFinite(min) && min > 0 ? min : 0;
}

function enableHook(): void {
  if (hook === undefined) {
    readingBytes = calibrateReadingBytes();
    hook = createHook({ init: onInit, before: onBefore, after: onAfter });
    process.on('uncaughtExceptionMonitor', resetSlices);
  }
  hook.enable();
}

function disableHook(): void {
  hook?.disable();
  resetSlices();
}

/** Opens a meter for a call starting now; its parent is the meter of the running code. */
export function openMeter(): HopMeter {
  if (openMeters++ === 0) {
    enableHook();
  }
  return { parent: owner, cpuNanos: 0, heapBytes: 0, open: true };
}

/** Makes `meter` own the running code; returns the owner to give back to {@link leaveMeter}. */
export function enterMeter(meter: HopMeter): HopMeter | undefined {
  const previous = owner;
  if (meter !== owner) {
    switchOwner(meter);
  }
  return previous;
}

export function leaveMeter(previous: HopMeter | undefined): void {
  if (previous !== owner) {
    switchOwner(previous);
  }
}

/** Runs `fn` with no owner, so that resources it creates are charged to nobody. */
export function runUnmetered<T>(fn: () => T): T {
  const saved = owner;
  owner = undefined;
  try {
    return fn();
  } finally {
    owner = saved;
  }
}

/** Stops charging `meter`; its totals are final. Idempotent. */
export function closeMeter(meter: HopMeter): void {
  if (!meter.open) {
    return;
  }
  if (owner !== undefined) {
    switchOwner(owner);
  }
  meter.open = false;
  if (--openMeters === 0) {
    disableHook();
  }
}

/** Number of meters open, for tests. */
export function countOpenMeters(): number {
  return openMeters;
}
