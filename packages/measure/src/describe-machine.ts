/**
 * Where a measurement ran: CPU model, cores, memory, Node, OS. The one
 * description of the machine: `pathprof overhead` prints it and the
 * benchmark scripts (`bench/machine-info.mjs`) add the commit to it.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineDescription {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly os: string;
}

export function describeMachine(): MachineDescription {
  return {
    cpuModel: readCpuModel(),
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

function readCpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line !== undefined) {
      return line.slice(line.indexOf(':') + 1).trim();
    }
  } catch {
    // not Linux: what Node reports
  }
  return os.cpus()[0]?.model ?? 'unknown';
}
