import { describe, expect, it } from 'vitest';
import { buildInterleavedSchedule } from '@pathprof/measure';

describe('buildInterleavedSchedule', () => {
  it('takes every arm exactly once per round', () => {
    const schedule = buildInterleavedSchedule(4, 200, 1);
    expect(schedule).toHaveLength(200);
    for (const round of schedule) {
      expect([...round].sort()).toEqual([0, 1, 2, 3]);
    }
  });

  it('puts each arm first in about an equal share of the rounds', () => {
    const schedule = buildInterleavedSchedule(2, 2000, 3);
    const aFirst = schedule.filter((r) => r[0] === 0).length;
    expect(aFirst).toBeGreaterThan(900);
    expect(aFirst).toBeLessThan(1100);
  });

  it('repeats for the same seed', () => {
    expect(buildInterleavedSchedule(3, 50, 8)).toEqual(
      buildInterleavedSchedule(3, 50, 8),
    );
    expect(buildInterleavedSchedule(3, 50, 8)).not.toEqual(
      buildInterleavedSchedule(3, 50, 9),
    );
  });

  it('has no rounds for zero rounds and a single order for one arm', () => {
    expect(buildInterleavedSchedule(2, 0, 1)).toEqual([]);
    expect(buildInterleavedSchedule(1, 2, 1)).toEqual([[0], [0]]);
  });
});
