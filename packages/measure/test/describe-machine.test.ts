import { describe, expect, it } from 'vitest';
import { describeMachine } from '@pathprof/measure';

describe('describeMachine', () => {
  it('names the CPU, the usable cores, the memory, Node and the OS', () => {
    const machine = describeMachine();
    expect(Object.keys(machine)).toEqual([
      'cpuModel',
      'cores',
      'memoryGiB',
      'node',
      'os',
    ]);
    expect(machine.cpuModel).not.toBe('');
    expect(machine.cores).toBeGreaterThanOrEqual(1);
    expect(machine.node).toBe(process.version);
  });
});
