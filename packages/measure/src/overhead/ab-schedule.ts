/**
 * The order of an interleaved A/B(/C…) experiment: each round takes every arm
 * once, in a fresh seeded random order (Fisher–Yates), so slow drift (a
 * warming JIT, a noisy neighbour) and position effects (the first request of a
 * round after a pause) fall on all arms alike instead of on whichever arm ran
 * in that period.
 *
 *   arms A B, seed 7:   round 0: B A   round 1: A B   round 2: A B   …
 */
import { createUniform, drawIndex } from '@pathprof/engine';

/** `rounds` permutations of the arm indices 0…arms−1. */
export function buildInterleavedSchedule(
  arms: number,
  rounds: number,
  seed: number,
): number[][] {
  const random = createUniform(seed);
  const schedule: number[][] = [];
  for (let r = 0; r < rounds; r++) {
    const order = Array.from({ length: arms }, (_, i) => i);
    for (let i = arms - 1; i > 0; i--) {
      const j = drawIndex(random, i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    schedule.push(order);
  }
  return schedule;
}
