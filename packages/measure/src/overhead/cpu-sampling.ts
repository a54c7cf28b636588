/**
 * CPU time consumed by a set of processes (and their descendants), read from
 * Linux's /proc between phases of an experiment, so the difference of two
 * readings is what those processes burnt in between.
 *
 * Preferred source: `/proc/<pid>/task/<tid>/schedstat`, whose first field is
 * the thread's total on-CPU time in nanoseconds (the scheduler's
 * sum_exec_runtime), summed over every thread (Node's main thread, its GC and
 * compiler helpers, libuv's pool). Fallback when schedstat is missing:
 * `/proc/<pid>/stat` utime + stime, in clock ticks (USER_HZ = 100 on Linux,
 * i.e. 10 ms resolution — fine over long phases only). A thread that exits
 * between two readings takes its schedstat time with it; Node's threads live
 * as long as the process, so the phases here do not see that.
 *
 * Each reading also gives the CPU time of the processes' main threads (the
 * task whose id is the process id): Node's JavaScript thread, where an SDK's
 * own work runs. Helper threads (garbage collection, the compiler, libuv's
 * pool) add CPU time that changes by hundreds of microseconds from one
 * request to the next whatever the instrumentation, so the main thread's
 * figure resolves small differences with far fewer requests. With only
 * /proc/<pid>/stat, the main thread's figure is the process's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const NANOS_PER_TICK = 1e9 / 100;

export interface ProcStat {
  readonly ppid: number;
  readonly utimeTicks: number;
  readonly stimeTicks: number;
}

/** Parses `/proc/<pid>/stat` (the command name may hold spaces and parentheses). */
export function parseProcStat(text: string): ProcStat | null {
  const close = text.lastIndexOf(')');
  if (close === -1) {
    return null;
  }
  // Fields after the name: state(3) ppid(4) … utime(14) stime(15).
  const fields = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const ppid = Number(fields[1]);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return [ppid, utime, stime].every((n) => Number.isSafeInteger(n) && n >= 0)
    ? { ppid, utimeTicks: utime, stimeTicks: stime }
    : null;
}

/** The on-CPU nanoseconds of `/proc/<pid>/task/<tid>/schedstat`. */
export function parseSchedstatNanos(text: string): number | null {
  const first = text.trim().split(/\s+/)[0] ?? '';
  return /^\d+$/.test(first) ? Number(first) : null;
}

/** The roots and every process whose parent chain leads to one of them, sorted. */
export function collectProcessTree(
  roots: readonly number[],
  parentOf: ReadonlyMap<number, number>,
): number[] {
  const inTree = new Set(roots);
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parentOf) {
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const stack = [...roots];
  while (stack.length > 0) {
    for (const child of children.get(stack.pop()!) ?? []) {
      if (!inTree.has(child)) {
        inTree.add(child);
        stack.push(child);
      }
    }
  }
  return [...inTree].sort((a, b) => a - b);
}

export type CpuMethod = 'schedstat' | 'stat';

/** CPU time of a set of processes so far, in nanoseconds. */
export interface CpuReading {
  /** Every thread. */
  readonly nanos: number;
  /** The main threads only (every thread with the `stat` method). */
  readonly mainNanos: number;
}

export interface CpuSampler {
  readonly method: CpuMethod;
  /** The processes read: the roots and their descendants when created. */
  readonly pids: readonly number[];
  read(): CpuReading;
}

/** A sampler for `rootPids` and their descendants; `null` without a usable /proc. */
export function createProcCpuSampler(
  rootPids: readonly number[],
  procRoot = '/proc',
): CpuSampler | null {
  const pids = collectProcessTree(rootPids, readParents(procRoot));
  if (pids.some((pid) => readStat(procRoot, pid) === null)) {
    return null;
  }
  const method: CpuMethod = pids.every(
    (pid) => readTaskSchedstats(procRoot, pid) !== null,
  )
    ? 'schedstat'
    : 'stat';
  const readOne =
    method === 'schedstat'
      ? (pid: number) =>
          readTaskSchedstats(procRoot, pid) ?? { nanos: 0, mainNanos: 0 }
      : (pid: number) => {
          const stat = readStat(procRoot, pid);
          const nanos =
            stat === null
              ? 0
              : (stat.utimeTicks + stat.stimeTicks) * NANOS_PER_TICK;
          return { nanos, mainNanos: nanos };
        };
  return {
    method,
    pids,
    read: () => {
      let nanos = 0;
      let mainNanos = 0;
      for (const pid of pids) {
        const one = readOne(pid);
        nanos += one.nanos;
        mainNanos += one.mainNanos;
      }
      return { nanos, mainNanos };
    },
  };
}

function readParents(procRoot: string): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of safeReaddir(procRoot)) {
    if (/^\d+$/.test(entry)) {
      const stat = readStat(procRoot, Number(entry));
      if (stat !== null) {
        parents.set(Number(entry), stat.ppid);
      }
    }
  }
  return parents;
}

function readStat(procRoot: string, pid: number): ProcStat | null {
  const text = safeRead(join(procRoot, String(pid), 'stat'));
  return text === null ? null : parseProcStat(text);
}

function readTaskSchedstats(procRoot: string, pid: number): CpuReading | null {
  const tasks = safeReaddir(join(procRoot, String(pid), 'task'));
  if (tasks.length === 0) {
    return null;
  }
  // A thread may exit between listing and reading: skip it, not the process.
  let total = 0;
  let main = 0;
  let read = 0;
  for (const tid of tasks) {
    const text = safeRead(
      join(procRoot, String(pid), 'task', tid, 'schedstat'),
    );
    const nanos = text === null ? null : parseSchedstatNanos(text);
    if (nanos !== null) {
      total += nanos;
      read++;
      if (tid === String(pid)) {
        main = nanos;
      }
    }
  }
  return read === 0 ? null : { nanos: total, mainNanos: main };
}

function safeRead(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
