/**
 * CPU time and heap growth of one call under concurrency: the sum over the
 * call's own synchronous slices, found through async context tracking.
 *
 * Invariant: `owner` is the meter of the code running right now. A resource
 * created while a meter owns the thread (a promise, a timer, a socket request)
 * is tagged with it in `init`; when its callback runs (`before` … `after`), the
 * tag becomes the owner. Each change of owner closes the running slice and
 * charges its duration to the previous owner and its open ancestors
 * (inclusive, like wall time). Time in which no tagged code runs (waiting for
 * I/O, other requests' slices) is charged to nobody:
 *
 *   thread:  [A1]·[B1]·······[A2 ██████████████]·····[B2]
 *   A (burns 50 ms)  cpu = |A1| + |A2|      ≈ 50 ms
 *   B (awaits 60 ms) cpu = |B1| + |B2|      ≈ 0 ms
 *
 * Cost per slice boundary: one clock reading (`performance.now()`), a few
 * array writes and no allocation of the meter's own; the heap is read only at
 * the boundaries of a meter in the memory sample (`memorySampleRate`), whose slices are
 * also charged V8's `used_heap_size` after − before, minus the reading's own
 * allocation; a slice in which a garbage collection shrank the heap counts 0.
 *
 * A slice's duration equals the CPU time of the JavaScript thread unless the
 * OS preempts the thread or the code blocks in a synchronous system call.
 * Long-lived handles (sockets, servers) are not tagged (see UNTAGGED_TYPES).
 * The async hook is installed once, when the first meter opens, and stays:
 * while no meter is open its callbacks return at once (enabling and disabling
 * it per request cost more than that).
 */
import { createHook, executionAsyncResource } from 'node:async_hooks';
import { getHeapStatistics } from 'node:v8';
import { isInMemorySample } from '../config/memory-sample-rate.js';

export interface HopMeter {
  readonly parent: HopMeter | undefined;
  /** Sum of the call's slices, milliseconds. */
  cpuMillis: number;
  /** Heap growth over those slices, bytes (only when `memory`). */
  heapBytes: number;
  /**
   * The memory sampling rate the call was measured at (1 in N), 0 when its
   * memory is not measured; the heap is read at its slice boundaries only
   * when it is.
   */
  readonly memorySampleRate: number;
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
/** [0]: the running slice's start (ms), [1]: the heap then (bytes); a typed array, so no number is boxed. */
const slice = new Float64Array(2);
/** Callbacks entered by `before` (async ids) and the owner each one interrupted; `depth` entries are live. */
const enteredIds: number[] = [];
const interruptedOwners: (HopMeter | undefined)[] = [];
let depth = 0;
let openMeters = 0;
let installed = false;
/** Bytes one heap reading allocates itself (when V8 does not optimise its statistics object away). */
let readingBytes = 0;

function readHeap(): number {
  return getHeapStatistics().used_heap_size;
}

function charge(meter: HopMeter, millis: number, heapDelta: number): void {
  const grown = heapDelta > 0 ? heapDelta : 0;
  for (let m: HopMeter | undefined = meter; m !== undefined; m = m.parent) {
    if (m.open) {
      m.cpuMillis += millis;
      m.heapBytes += grown;
    }
  }
}

/** Closes the running slice (charging its owner) and opens one owned by `next`. */
function switchOwner(next: HopMeter | undefined): void {
  const now = performance.now();
  const previous = owner;
  const withHeap =
    (previous !== undefined && previous.memorySampleRate > 0) ||
    (next !== undefined && next.memorySampleRate > 0);
  const heap = withHeap ? readHeap() : 0;
  if (previous !== undefined) {
    charge(
      previous,
      now - slice[0]!,
      previous.memorySampleRate > 0 ? heap - slice[1]! - readingBytes : 0,
    );
  }
  owner = next;
  slice[0] = now;
  slice[1] = heap;
}

/*
 * Every resource gets the property, `undefined` when no meter owns the
 * thread: tagging only some of them gave resources of one type two shapes,
 * and the property loads on them (ours, and AsyncLocalStorage's in
 * OpenTelemetry's `context.active()`) went megamorphic: `getStore()` took
 * 45 µs of CPU per request in a service making one downstream call.
 */
function onInit(
  _asyncId: number,
  type: string,
  _triggerAsyncId: number,
  resource: object,
): void {
  try {
    (resource as Tagged)[METER] =
      owner !== undefined && !UNTAGGED_TYPES.has(type) ? owner : undefined;
  } catch {
    // A frozen resource stays untagged: its callbacks are charged to nobody.
  }
}

function onBefore(asyncId: number): void {
  if (openMeters === 0) {
    // Nothing to charge; an `after` without its `before` is ignored.
    return;
  }
  const next = (executionAsyncResource() as Tagged)[METER];
  enteredIds[depth] = asyncId;
  interruptedOwners[depth] = owner;
  depth++;
  if (next !== owner) {
    switchOwner(next);
  }
}

function onAfter(asyncId: number): void {
  if (depth === 0 || enteredIds[depth - 1] !== asyncId) {
    // Its `before` was skipped (no meter open then) or came before the hook.
    return;
  }
  depth--;
  const previous = interruptedOwners[depth];
  interruptedOwners[depth] = undefined;
  if (previous !== owner) {
    switchOwner(previous);
  }
}

/** Forgets every slice in progress, e.g. after an uncaught exception skipped `after` hooks. */
function resetSlices(): void {
  owner = undefined;
  for (let i = 0; i < depth; i++) {
    interruptedOwners[i] = undefined;
  }
  depth = 0;
}

function calibrateReadingBytes(): number {
  let min = Infinity;
  for (let i = 0; i < 16; i++) {
    performance.now();
    const before = readHeap();
    performance.now();
    const after = readHeap();
    min = Math.min(min, after - before);
  }
  return Number.isFinite(min) && min > 0 ? min : 0;
}

function installHook(): void {
  readingBytes = calibrateReadingBytes();
  createHook({ init: onInit, before: onBefore, after: onAfter }).enable();
  process.on('uncaughtExceptionMonitor', resetSlices);
  installed = true;
}

/**
 * Opens a meter for a call starting now; its parent is the meter of the
 * running code, whose memory sampling it shares (a nested call is measured as
 * its caller is). Otherwise the call's memory is measured on 1 call in
 * `memorySampleRate` (0: never).
 */
export function openMeter(memorySampleRate: number): HopMeter {
  if (!installed) {
    installHook();
  }
  openMeters++;
  const parent = owner;
  return {
    parent,
    cpuMillis: 0,
    heapBytes: 0,
    memorySampleRate:
      parent !== undefined
        ? parent.memorySampleRate
        : isInMemorySample(memorySampleRate)
          ? memorySampleRate
          : 0,
    open: true,
  };
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
  openMeters--;
}

/** Number of meters open, for tests. */
export function countOpenMeters(): number {
  return openMeters;
}
