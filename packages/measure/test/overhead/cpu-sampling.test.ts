import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  collectProcessTree,
  createProcCpuSampler,
  parseProcStat,
  parseSchedstatNanos,
} from '@pathprof/measure';

const statLine = (
  pid: number,
  name: string,
  ppid: number,
  u: number,
  s: number,
) =>
  `${pid} (${name}) S ${ppid} ${pid} ${pid} 0 -1 4194560 100 0 0 0 ${u} ${s} 0 0 20 0 11 0 24 43479040 3216\n`;

const fakeRoots: string[] = [];
afterAll(() => {
  for (const root of fakeRoots) {
    rmSync(root, { recursive: true, force: true });
  }
});

function fakeProc(): string {
  const root = mkdtempSync(join(tmpdir(), 'pathprof-proc-'));
  fakeRoots.push(root);
  const proc = (
    pid: number,
    ppid: number,
    ticks: [number, number],
    tasks: Record<number, string> | null,
  ) => {
    mkdirSync(join(root, String(pid)));
    writeFileSync(
      join(root, String(pid), 'stat'),
      statLine(pid, 'node (svc) x', ppid, ...ticks),
    );
    if (tasks !== null) {
      for (const [tid, text] of Object.entries(tasks)) {
        mkdirSync(join(root, String(pid), 'task', tid), { recursive: true });
        writeFileSync(join(root, String(pid), 'task', tid, 'schedstat'), text);
      }
    }
  };
  proc(100, 1, [10, 5], { 100: '1000000 5 3\n', 101: '250000 0 1\n' });
  proc(200, 100, [1, 1], { 200: '4000 0 1\n' }); // child of 100
  proc(300, 1, [7, 0], { 300: '999 0 1\n' }); // unrelated
  proc(400, 1, [3, 2], null); // no task directory
  return root;
}

describe('parseProcStat', () => {
  it('reads ppid, utime and stime after a command name holding spaces and parentheses', () => {
    expect(parseProcStat(statLine(42, 'node (x) y', 7, 123, 45))).toEqual({
      ppid: 7,
      utimeTicks: 123,
      stimeTicks: 45,
    });
  });

  it('returns null for a truncated line', () => {
    expect(parseProcStat('42 (node) S 7')).toBeNull();
    expect(parseProcStat('garbage')).toBeNull();
  });
});

describe('parseSchedstatNanos', () => {
  it('reads the on-CPU nanoseconds', () => {
    expect(parseSchedstatNanos('140754 72418 2\n')).toBe(140754);
    expect(parseSchedstatNanos('')).toBeNull();
  });
});

describe('collectProcessTree', () => {
  it('adds every descendant of the roots, and nothing else', () => {
    const parents = new Map([
      [10, 1],
      [11, 10],
      [12, 11],
      [20, 1],
      [21, 20],
    ]);
    expect(collectProcessTree([10], parents)).toEqual([10, 11, 12]);
    expect(collectProcessTree([10, 21], parents)).toEqual([10, 11, 12, 21]);
  });
});

describe('createProcCpuSampler', () => {
  it('sums the schedstat nanoseconds of every thread of the processes and their children', () => {
    const sampler = createProcCpuSampler([100], fakeProc());
    expect(sampler?.method).toBe('schedstat');
    expect(sampler?.pids).toEqual([100, 200]);
    expect(sampler?.read()).toEqual({
      nanos: 1_000_000 + 250_000 + 4000,
      // the main threads: task 100 of process 100, task 200 of process 200
      mainNanos: 1_000_000 + 4000,
    });
  });

  it('falls back to utime + stime ticks when a process has no schedstat', () => {
    const sampler = createProcCpuSampler([400], fakeProc());
    expect(sampler?.method).toBe('stat');
    expect(sampler?.read()).toEqual({
      nanos: 5 * 10_000_000,
      mainNanos: 5 * 10_000_000,
    });
  });

  it('is null when a process cannot be read', () => {
    expect(createProcCpuSampler([999], fakeProc())).toBeNull();
  });

  it.runIf(existsSync('/proc/self/stat'))(
    'sees this process burn CPU on a real /proc',
    () => {
      const sampler = createProcCpuSampler([process.pid])!;
      const before = sampler.read();
      const until = performance.now() + 30;
      let x = 0;
      while (performance.now() < until) {
        x += Math.sqrt(x + 1);
      }
      expect(x).toBeGreaterThan(0);
      const after = sampler.read();
      expect(after.nanos - before.nanos).toBeGreaterThan(0);
      expect(after.mainNanos - before.mainNanos).toBeGreaterThan(0);
      expect(after.mainNanos).toBeLessThanOrEqual(after.nanos);
    },
  );
});
