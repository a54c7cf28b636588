/**
 * Seeded uniform numbers for sampling and bootstrap draws: the engine's
 * mulberry32 generator (same seed, same sequence on every platform), plus
 * uniform indices. Not for anything secret.
 */
import { createUniform } from '@pathprof/engine';
import type { Uniform } from '@pathprof/engine';

export type RandomFn = Uniform;

/** Returns a function giving uniform numbers in [0, 1). */
export function createSeededRandom(seed: number): RandomFn {
  return createUniform(seed);
}

/** A uniform integer in [0, n). */
export function randomIndex(random: RandomFn, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n));
}
